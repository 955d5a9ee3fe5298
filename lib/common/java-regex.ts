/**
 * Java regular expressions (`java.util.regex.Pattern`) from connector configs, run on RE2 (the `re2js`
 * port): matching is linear in the input, so no pattern a user writes (`(a+)+`) can backtrack
 * catastrophically on the REST API's validation or in the scheduler (decision 0008). RE2 shares Java's
 * common syntax, leftmost-first alternation, `\Q…\E`, `\A`/`\z`, named groups and inline flags; this
 * translates the rest that matters in topic patterns: possessive quantifiers and atomic groups become
 * their ordinary forms (same matches for the patterns topics use), `\Z` becomes `\z`, a leading `(?u)`
 * is dropped (RE2 folds case by Unicode already). Back-references and lookarounds cannot run in linear
 * time: such patterns are refused with the engine's reason, as an invalid regex.
 */
import { RE2JS } from 're2js';
import { DataError } from '../api/index.js';

/** Longer patterns are refused: compiling is linear in the pattern too, and this bounds it (~20 ms). */
export const MAX_PATTERN_LENGTH = 10_000;

const INLINE_FLAGS = /^\(\?([imsux]+)\)/;

/** Compiles a Java pattern; throws a SyntaxError whose message says why it cannot run. */
export function compileJavaRegex(pattern: string): RE2JS {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new SyntaxError(`pattern of ${pattern.length} characters exceeds the limit of ${MAX_PATTERN_LENGTH}`);
  }
  try {
    return RE2JS.compile(translate(pattern));
  } catch (error) {
    if (error instanceof SyntaxError) throw error;
    // re2js throws its own exception class; a back-reference or lookaround lands here too.
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`${reason} (patterns run on a linear-time engine: no back-references or lookarounds)`);
  }
}

/** The pattern as RE2 syntax; see the file comment for what changes. */
function translate(pattern: string): string {
  let source = pattern;
  const inline = INLINE_FLAGS.exec(source);
  if (inline !== null) {
    const letters = [...new Set((inline[1] ?? '').replace(/u/g, ''))].join('');
    if (letters.includes('x')) throw new SyntaxError('Comments mode (?x) is not supported');
    source = (letters === '' ? '' : `(?${letters})`) + source.slice(inline[0].length);
  }
  return rewriteOutsideQuotes(source);
}

/** Walks the pattern once, leaving `\Q…\E` and escapes alone and tracking character classes. */
function rewriteOutsideQuotes(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const stop = end === -1 ? source.length : end + 2;
        out += source.slice(i, stop);
        i = stop - 1;
      } else {
        out += next === 'Z' && !inClass ? '\\z' : c + next;
        i++;
      }
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else if (c === '+' && /[*+?}]/.test(source[i - 1] ?? '') && source[i - 2] !== '\\') {
      // Possessive quantifier: the ordinary greedy one.
    } else if (c === '(' && source.startsWith('(?>', i)) {
      out += '(?:';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/** Java's `Pattern` for the uses connectors make of it: `matches()`, `find`, `replaceFirst`. */
export class JavaPattern {
  private readonly compiled: RE2JS;

  /** Throws a SyntaxError when the pattern is invalid or cannot run on the linear-time engine. */
  constructor(readonly pattern: string) {
    this.compiled = compileJavaRegex(pattern);
  }

  /** Java's `Pattern.matcher(input).matches()`: the whole input matches. */
  matches(input: string): boolean {
    return this.compiled.matches(input);
  }

  /** Java's `Matcher.replaceFirst(replacement)`, with Java's `$1`, `${name}` and `\` escapes. */
  replaceFirst(input: string, replacement: string): string {
    const matcher = this.compiled.matcher(input);
    if (!matcher.find()) return input;
    const groups: MatchGroups = {
      count: matcher.groupCount(),
      named: this.compiled.namedGroups(),
      group: (g) => matcher.group(g) ?? '',
    };
    return input.slice(0, matcher.start()) + expandReplacement(replacement, groups) + input.slice(matcher.end());
  }

  toString(): string {
    return this.pattern;
  }
}

interface MatchGroups {
  readonly count: number;
  readonly named: Readonly<Record<string, number>>;
  group(g: number | string): string;
}

function expandReplacement(replacement: string, match: MatchGroups): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new DataError('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (end < 0 || !Object.hasOwn(match.named, name)) throw new DataError(`No group with name {${name}}`);
        out += match.group(name);
        i = end;
      } else {
        const [group, last] = groupNumber(replacement, i, match.count);
        out += match.group(group);
        i = last;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** Java keeps taking digits while the number still names an existing group. */
function groupNumber(replacement: string, start: number, groupCount: number): [number, number] {
  const first = replacement.charCodeAt(start) - 48;
  if (!(first >= 0 && first <= 9)) throw new DataError('Illegal group reference');
  let group = first;
  let i = start;
  while (i + 1 < replacement.length) {
    const digit = replacement.charCodeAt(i + 1) - 48;
    if (!(digit >= 0 && digit <= 9) || group * 10 + digit > groupCount) break;
    group = group * 10 + digit;
    i++;
  }
  if (group > groupCount) throw new DataError(`No group ${group}`);
  return [group, i];
}

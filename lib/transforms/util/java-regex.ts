/**
 * Java regular expressions (`java.util.regex.Pattern`) on JavaScript's engine. The common syntax is the
 * same; this translates the differences that matter in topic patterns: leading inline flags `(?i)`,
 * `(?s)`, `(?m)`, `(?u)`, quoting with `\Q…\E`, `\A`/`\Z`/`\z`, possessive quantifiers and atomic groups
 * (both treated as their ordinary forms). Also Java's `matches()` and `replaceFirst` semantics.
 */
import { DataError } from '../../api/index.js';

const INLINE_FLAGS = /^\(\?([imsux]+)\)/;

/** Compiles a Java pattern; throws a SyntaxError-derived Error when it is invalid. */
export function compileJavaRegex(pattern: string): RegExp {
  const { source, flags } = translate(pattern);
  return new RegExp(source, flags);
}

function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const inline = INLINE_FLAGS.exec(source);
  if (inline !== null) {
    const letters = inline[1] ?? '';
    if (letters.includes('x')) throw new SyntaxError('Comments mode (?x) is not supported');
    flags = [...new Set(letters.replace('u', '').split(''))].join('');
    source = source.slice(inline[0].length);
  }
  source = source
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, quoted: string) => quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\\A/g, '^')
    .replace(/\\[Zz]/g, '$')
    .replace(/(?<!\\)(\*|\+|\?|\})\+/g, '$1')
    .replace(/\(\?>/g, '(?:');
  return { source, flags };
}

/** Java's `Pattern.matcher(input).matches()`: the whole input matches. */
export class JavaPattern {
  private readonly whole: RegExp;
  private readonly first: RegExp;

  constructor(readonly pattern: string) {
    const { source, flags } = translate(pattern);
    // Lookarounds on "any character" anchor at the true start and end even in multiline mode.
    this.whole = new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags);
    this.first = new RegExp(source, flags);
  }

  matches(input: string): boolean {
    return this.whole.test(input);
  }

  /** Java's `Matcher.replaceFirst(replacement)`, with Java's `$1`, `${name}` and `\` escapes. */
  replaceFirst(input: string, replacement: string): string {
    const match = this.first.exec(input);
    if (match === null) return input;
    return input.slice(0, match.index) + expandReplacement(replacement, match) + input.slice(match.index + match[0].length);
  }

  toString(): string {
    return this.pattern;
  }
}

function expandReplacement(replacement: string, match: RegExpExecArray): string {
  const groupCount = match.length - 1;
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
        if (end < 0 || match.groups === undefined || !(name in match.groups)) throw new DataError(`No group with name {${name}}`);
        out += match.groups[name] ?? '';
        i = end;
      } else {
        const first = replacement.charCodeAt(i) - 48;
        if (!(first >= 0 && first <= 9)) throw new DataError('Illegal group reference');
        let group = first;
        // Java keeps taking digits while the number still names an existing group.
        while (i + 1 < replacement.length) {
          const digit = replacement.charCodeAt(i + 1) - 48;
          if (!(digit >= 0 && digit <= 9) || group * 10 + digit > groupCount) break;
          group = group * 10 + digit;
          i++;
        }
        if (group > groupCount) throw new DataError(`No group ${group}`);
        out += match[group] ?? '';
      }
    } else {
      out += c;
    }
  }
  return out;
}

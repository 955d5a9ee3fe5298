/**
 * String hints: `regex` (through randexp, drawing from the record's random source), `length` for plain
 * random strings, then `prefix` and `suffix`. randexp builds the regex's token tree once per schema
 * node; only its `randInt` is pointed at the current record's generator.
 */
import { DEFAULT_LENGTH, MAX_LENGTH, hintError, type Hints } from '../avro/hints.js';
import { RandExp } from './cjs-interop.js';
import type { RecordRandom } from './record-random.js';
import { maxRegexLength } from './regex-length.js';

/** Plain random strings use letters and digits (avro-random-generator uses any printable character). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export type StringGen = (random: RecordRandom) => string;

/** A generator of the strings the hints describe; `where` names the field in errors. */
export function stringGenerator(hints: Hints, where: string): StringGen {
  const body = hints.regex === undefined ? plainString(hints) : regexString(hints.regex, hints, where);
  const prefix = hints.prefix ?? '';
  const suffix = hints.suffix ?? '';
  if (prefix === '' && suffix === '') return body;
  return (random) => prefix + body(random) + suffix;
}

function plainString(hints: Hints): StringGen {
  const { min, max } = hints.length ?? DEFAULT_LENGTH;
  return (random) => {
    const length = random.int(min, max - 1);
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[random.int(0, ALPHABET.length - 1)];
    return out;
  };
}

function regexString(regex: string, hints: Hints, where: string): StringGen {
  let randexp: InstanceType<typeof RandExp>;
  let longest: number;
  try {
    randexp = new RandExp(regex);
    // Unbounded repetitions (`*`, `+`, `{n,}`) stop at the length hint's maximum, else randexp's default.
    if (hints.length !== undefined) randexp.max = hints.length.max - 1;
    longest = maxRegexLength(regex, randexp.max);
  } catch (error) {
    throw hintError(
      where,
      `'regex' ${JSON.stringify(regex)} is not a valid regular expression: ${(error as Error).message}`,
    );
  }
  // A bounded repetition like `a{100000000}` would build a huge string for every record.
  if (longest > MAX_LENGTH)
    throw hintError(where, `'regex' ${JSON.stringify(regex)} can make strings longer than ${MAX_LENGTH} characters`);
  memoizeExpansions(randexp);
  let current: RecordRandom | undefined;
  randexp.randInt = (a: number, b: number) => (current as RecordRandom).int(a, b);
  const generate: StringGen = (random) => {
    current = random;
    try {
      return randexp.gen();
    } finally {
      current = undefined;
    }
  };
  return generate;
}

/**
 * randexp expands a character class (`[1-9]`, `\\d`) into a range set every time it generates one, which
 * dominated a profile of the quickstarts; the tokens never change, so each expansion is kept per token.
 */
function memoizeExpansions(randexp: InstanceType<typeof RandExp>): void {
  const expand = randexp._expand.bind(randexp);
  const cache = new WeakMap<object, ReturnType<typeof expand>>();
  randexp._expand = (token) => {
    let range = cache.get(token);
    if (range === undefined) {
      range = expand(token);
      cache.set(token, range);
    }
    return range;
  };
}

/**
 * The generation hints of an Avro-style schema: the `arg.properties` object beside a type, as Confluent's
 * avro-random-generator reads it (options, iteration, range, length, regex, prefix, suffix, keys, odds).
 * Parsed once, when the schema is, so a bad hint is a config error naming the field, never a task failure.
 */
import { ConfigError } from 'lambda-connect/api';

/** `{start, restart?, step?, initial?}`: successive values from `initial` (or `start`) by `step`, wrapping at `restart`. */
export interface IterationHint {
  readonly start: number;
  readonly restart?: number;
  readonly step?: number;
  readonly initial?: number;
}

/** `{min?, max?}`: at least `min`, strictly below `max`. */
export interface RangeHint {
  readonly min?: number;
  readonly max?: number;
}

/** A length for strings, bytes, arrays and maps: at least `min`, strictly below `max`. */
export interface LengthHint {
  readonly min: number;
  readonly max: number;
}

export interface Hints {
  /** Raw JSON choices, coerced to the type's Connect values where the generator is compiled. */
  readonly options?: readonly unknown[];
  readonly iteration?: IterationHint;
  readonly range?: RangeHint;
  readonly length?: LengthHint;
  readonly regex?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  /** How map keys are made: options, length, regex, prefix, suffix. */
  readonly keys?: Hints;
  /** For booleans: the probability of `true`. */
  readonly odds?: number;
}

export const ARG_PROPERTIES = 'arg.properties';
/** avro-random-generator's default string, bytes, array and map length: 8 to 15. */
export const DEFAULT_LENGTH: LengthHint = { min: 8, max: 16 };
/** The longest string or collection a hint may ask for: generated data must fit a Kafka record. */
export const MAX_LENGTH = 1 << 20;

const KNOWN = new Set(['options', 'iteration', 'range', 'length', 'regex', 'prefix', 'suffix', 'keys', 'odds']);

/** Parses an `arg.properties` value found at `where` (a path such as `users.userid`); `{}` when absent. */
export function parseHints(raw: unknown, where: string): Hints {
  if (raw === undefined) return {};
  const props = object(raw, where, ARG_PROPERTIES);
  for (const key of Object.keys(props)) {
    if (!KNOWN.has(key))
      throw hintError(where, `unknown ${ARG_PROPERTIES} key '${key}' (known: ${[...KNOWN].join(', ')})`);
  }
  const hints: { -readonly [K in keyof Hints]: Hints[K] } = {};
  if (props['options'] !== undefined) hints.options = options(props['options'], where);
  if (props['iteration'] !== undefined) hints.iteration = iteration(props['iteration'], where);
  if (props['range'] !== undefined) hints.range = range(props['range'], where);
  if (props['length'] !== undefined) hints.length = length(props['length'], where);
  if (props['regex'] !== undefined) hints.regex = string(props['regex'], where, 'regex');
  if (props['prefix'] !== undefined) hints.prefix = string(props['prefix'], where, 'prefix');
  if (props['suffix'] !== undefined) hints.suffix = string(props['suffix'], where, 'suffix');
  if (props['keys'] !== undefined) hints.keys = parseHints(props['keys'], `${where} (keys)`);
  if (props['odds'] !== undefined) {
    const odds = props['odds'];
    if (typeof odds !== 'number' || odds < 0 || odds > 1)
      throw hintError(where, `'odds' must be a number from 0.0 to 1.0, not ${JSON.stringify(odds)}`);
    hints.odds = odds;
  }
  return hints;
}

/** A schema problem in Connect's config-error shape, naming where in the schema it is. */
export function hintError(where: string, reason: string): ConfigError {
  return new ConfigError(`Invalid schema at ${where === '' ? 'its top level' : where}: ${reason}`);
}

function options(raw: unknown, where: string): unknown[] {
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw hintError(where, "'options' must list at least one value");
    return raw;
  }
  // avro-random-generator can also read options from a file; a Lambda has no such file to read.
  throw hintError(where, "'options' must be a JSON array (options read from a file are not supported)");
}

function iteration(raw: unknown, where: string): IterationHint {
  const props = object(raw, where, 'iteration');
  // A boolean iteration has only a boolean start (it alternates from there); kept as 1 or 0.
  if (typeof props['start'] === 'boolean') return { start: props['start'] ? 1 : 0 };
  const start = optionalNumber(props, 'start', where, 'iteration');
  if (start === undefined) throw hintError(where, "'iteration' needs a numeric 'start'");
  const restart = optionalNumber(props, 'restart', where, 'iteration');
  const step = optionalNumber(props, 'step', where, 'iteration');
  const initial = optionalNumber(props, 'initial', where, 'iteration');
  if (step === 0) throw hintError(where, "'iteration' 'step' cannot be 0");
  if (restart !== undefined && restart === start)
    throw hintError(where, "'iteration' 'restart' must differ from 'start'");
  if (restart !== undefined && step !== undefined && Math.sign(restart - start) !== Math.sign(step)) {
    throw hintError(where, "'iteration' 'step' must go from 'start' towards 'restart'");
  }
  return {
    start,
    ...(restart === undefined ? {} : { restart }),
    ...(step === undefined ? {} : { step }),
    ...(initial === undefined ? {} : { initial }),
  };
}

function range(raw: unknown, where: string): RangeHint {
  const props = object(raw, where, 'range');
  const min = optionalNumber(props, 'min', where, 'range');
  const max = optionalNumber(props, 'max', where, 'range');
  if (min === undefined && max === undefined) throw hintError(where, "'range' needs 'min' or 'max'");
  if (min !== undefined && max !== undefined && min >= max)
    throw hintError(where, "'range' 'min' must be strictly less than 'max'");
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

function length(raw: unknown, where: string): LengthHint {
  if (typeof raw === 'number') {
    checkLength(raw, where);
    return { min: raw, max: raw + 1 };
  }
  const props = object(raw, where, 'length');
  const min = optionalNumber(props, 'min', where, 'length') ?? 0;
  const max = optionalNumber(props, 'max', where, 'length') ?? Math.max(min + 1, DEFAULT_LENGTH.max);
  checkLength(min, where);
  checkLength(max, where);
  if (min >= max) throw hintError(where, "'length' 'min' must be strictly less than 'max'");
  return { min, max };
}

function checkLength(n: number, where: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_LENGTH)
    throw hintError(where, `'length' must be an integer from 0 to ${MAX_LENGTH}, not ${n}`);
}

function object(raw: unknown, where: string, what: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw hintError(where, `'${what}' must be a JSON object`);
  return raw as Record<string, unknown>;
}

function optionalNumber(props: Record<string, unknown>, key: string, where: string, what: string): number | undefined {
  const value = props[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw hintError(where, `'${what}' '${key}' must be a number, not ${JSON.stringify(value)}`);
  return value;
}

function string(raw: unknown, where: string, what: string): string {
  if (typeof raw !== 'string') throw hintError(where, `'${what}' must be a string`);
  return raw;
}

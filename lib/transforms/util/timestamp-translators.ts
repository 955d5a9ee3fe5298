/** The representations TimestampConverter converts between, each able to read a raw instant and write one. */
import { DataError, Schemas, type Schema } from '../../api/index.js';
import { javaClassOf } from '../../common/java-class.js';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../api/logical-types.js';
import type { SimpleDateFormat } from './simple-date-format.js';

export const TimestampType = {
  STRING: 'string',
  UNIX: 'unix',
  DATE: 'Date',
  TIME: 'Time',
  TIMESTAMP: 'Timestamp',
} as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

export interface TimestampSettings {
  readonly targetType: TimestampType;
  readonly format: SimpleDateFormat | null;
  readonly unixPrecision: 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
}

interface TimestampTranslator {
  toRaw(settings: TimestampSettings, value: unknown): Date;
  typeSchema(optional: boolean): Schema;
  toType(settings: TimestampSettings, raw: Date): unknown;
}

const MILLIS_PER_UNIT: Readonly<Record<TimestampSettings['unixPrecision'], [bigint, bigint]>> = {
  // [multiply, divide] to turn a unix value into milliseconds.
  seconds: [1000n, 1n],
  milliseconds: [1n, 1n],
  microseconds: [1n, 1000n],
  nanoseconds: [1n, 1_000_000n],
};

function longResult(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function requireDate(label: string, value: unknown): Date {
  if (!(value instanceof Date))
    throw new DataError(`Expected ${label} to be a java.util.Date, but found ${javaClassOf(value)}`);
  return value;
}

function dateTranslator(
  label: string,
  optional: Schema,
  required: Schema,
  toType: (raw: Date) => Date,
): TimestampTranslator {
  return {
    toRaw: (_settings, value) => requireDate(label, value),
    typeSchema: (isOptional) => (isOptional ? optional : required),
    toType: (_settings, raw) => toType(raw),
  };
}

const MILLIS_PER_DAY = 86_400_000;
const mod = (a: number, b: number): number => ((a % b) + b) % b;

export const timestampTranslators: Readonly<Record<TimestampType, TimestampTranslator>> = {
  string: {
    toRaw(settings, value) {
      if (typeof value !== 'string')
        throw new DataError(`Expected string timestamp to be a String, but found ${javaClassOf(value)}`);
      const format = settings.format;
      if (format === null) throw new DataError('TimestampConverter requires a format to parse string timestamps');
      try {
        return format.parse(value);
      } catch (error) {
        throw new DataError(`Could not parse timestamp: value (${value}) does not match pattern (${format.pattern})`, {
          cause: error,
        });
      }
    },
    typeSchema: (optional) => (optional ? Schemas.OPTIONAL_STRING : Schemas.STRING),
    toType: (settings, raw) => settings.format?.format(raw) ?? raw.toISOString(),
  },
  unix: {
    toRaw(settings, value) {
      const long =
        typeof value === 'bigint'
          ? value
          : typeof value === 'number' && Number.isInteger(value)
            ? BigInt(value)
            : undefined;
      if (long === undefined)
        throw new DataError(`Expected Unix timestamp to be a Long, but found ${javaClassOf(value)}`);
      const [multiply, divide] = MILLIS_PER_UNIT[settings.unixPrecision];
      return new Date(Number((long * multiply) / divide));
    },
    typeSchema: (optional) => (optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64),
    toType(settings, raw) {
      const [multiply, divide] = MILLIS_PER_UNIT[settings.unixPrecision];
      // Going back, the factors swap: milliseconds × divide ÷ multiply.
      return longResult((BigInt(raw.getTime()) * divide) / multiply);
    },
  },
  Date: dateTranslator(
    'Date',
    LogicalDate.builder().optional().build(),
    LogicalDate.SCHEMA,
    (raw) => new Date(raw.getTime() - mod(raw.getTime(), MILLIS_PER_DAY)),
  ),
  Time: dateTranslator(
    'Time',
    LogicalTime.builder().optional().build(),
    LogicalTime.SCHEMA,
    (raw) => new Date(mod(raw.getTime(), MILLIS_PER_DAY)),
  ),
  Timestamp: dateTranslator(
    'Timestamp',
    LogicalTimestamp.builder().optional().build(),
    LogicalTimestamp.SCHEMA,
    (raw) => raw,
  ),
};

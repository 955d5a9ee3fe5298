/** The value conversions of Connect's `Cast` SMT, with Java's narrowing and parsing rules. */
import { ConfigError, DataError, SchemaType, Struct, type Schema } from '../../api/index.js';
import { formatDate } from '../../common/values.js';
import { isPlainObject, javaClassOf } from '../../common/java-class.js';
import { javaDoubleText, javaFloatText } from '../../common/java-number-text.js';
import { BigDecimal, LogicalDate, LogicalTime, LogicalTimestamp } from '../../api/logical-types.js';
import { javaTypeName } from '../../common/schema-type-names.js';

const INPUT_TYPES: readonly SchemaType[] = [
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.FLOAT32,
  SchemaType.FLOAT64,
  SchemaType.BOOLEAN,
  SchemaType.STRING,
  SchemaType.BYTES,
];
const OUTPUT_TYPES = INPUT_TYPES.slice(0, -1);
const names = (types: readonly SchemaType[]): string => `[${types.map(javaTypeName).join(', ')}]`;

/** A spec type name (`int8` … `float64`, `boolean`, `string`, any case) → schema type, validated as a cast target. */
export function parseCastType(text: string): SchemaType {
  const key = text.trim().toUpperCase();
  const type = (SchemaType as Record<string, SchemaType>)[key];
  if (type === undefined) {
    // Connect's message, garbled as Connect builds it (the exception lands where the key name belongs).
    throw new ConfigError(
      `Invalid value java.lang.IllegalArgumentException: No enum constant org.apache.kafka.connect.data.Schema.Type.${key} for configuration Invalid type found in casting spec: ${text.trim()}`,
    );
  }
  if (!OUTPUT_TYPES.includes(type)) {
    throw new ConfigError(
      `Cast transformation does not support casting to ${key}; supported types are ${names(OUTPUT_TYPES)}`,
    );
  }
  return type;
}

/** Connect's `ConnectSchema.schemaType(value.getClass())` for JS values; undefined for Date, BigDecimal, … */
export function inferSchemaType(value: unknown): SchemaType | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return SchemaType.FLOAT64;
    return value >= -2147483648 && value <= 2147483647 ? SchemaType.INT32 : SchemaType.INT64;
  }
  if (typeof value === 'bigint') return SchemaType.INT64;
  if (typeof value === 'boolean') return SchemaType.BOOLEAN;
  if (typeof value === 'string') return SchemaType.STRING;
  if (value instanceof Uint8Array) return SchemaType.BYTES;
  if (Array.isArray(value)) return SchemaType.ARRAY;
  if (value instanceof Struct) return SchemaType.STRUCT;
  if (value instanceof Map || isPlainObject(value)) return SchemaType.MAP;
  return undefined;
}

export function castValue(schema: Schema | null, value: unknown, target: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const inferred = schema === null ? inferSchemaType(value) : schema.type;
  if (inferred === undefined) {
    throw new DataError(
      `Cast transformation was passed a value of type ${javaClassOf(value)} which is not supported by Connect's data API`,
    );
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataError(
      `Cast transformation does not support casting from ${javaTypeName(inferred)}; supported types are ${names(INPUT_TYPES)}`,
    );
  }
  const input = schema?.name !== undefined && target !== SchemaType.STRING ? encodeLogical(schema, value) : value;
  // Java narrows a Float/Double differently from an Integer/Long, even when the double holds an integer.
  const floating = inferred === SchemaType.FLOAT32 || inferred === SchemaType.FLOAT64;
  switch (target) {
    case SchemaType.INT8:
      return Number(castIntegral(input, 8, floating));
    case SchemaType.INT16:
      return Number(castIntegral(input, 16, floating));
    case SchemaType.INT32:
      return Number(castIntegral(input, 32, floating));
    case SchemaType.INT64: {
      const long = castIntegral(input, 64, floating);
      return long >= BigInt(Number.MIN_SAFE_INTEGER) && long <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(long) : long;
    }
    case SchemaType.FLOAT32:
      return Math.fround(castFloating(input));
    case SchemaType.FLOAT64:
      return castFloating(input);
    case SchemaType.BOOLEAN:
      return castBoolean(input);
    default:
      return castString(schema, input);
  }
}

function encodeLogical(schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  if (schema.name === LogicalDate.LOGICAL_NAME) return LogicalDate.fromLogical(schema, value);
  if (schema.name === LogicalTime.LOGICAL_NAME) return LogicalTime.fromLogical(schema, value);
  if (schema.name === LogicalTimestamp.LOGICAL_NAME) return LogicalTimestamp.fromLogical(schema, value);
  return value;
}

const unexpected = (value: unknown): DataError =>
  new DataError(`Unexpected type in Cast transformation: ${javaClassOf(value)}`);
const outOfRange = (value: unknown): DataError =>
  new DataError(`Value (${String(value)}) was out of range for requested data type`);

const RANGES: Readonly<Record<number, readonly [bigint, bigint]>> = {
  8: [-128n, 127n],
  16: [-32768n, 32767n],
  32: [-2147483648n, 2147483647n],
  64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** Java's `Number.xxxValue()` narrowing for numbers, 1/0 for booleans, strict decimal parsing for strings. */
function castIntegral(value: unknown, bits: 8 | 16 | 32 | 64, floating = false): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'bigint') return BigInt.asIntN(bits, value);
  if (typeof value === 'number') {
    if (!floating && Number.isSafeInteger(value)) return BigInt.asIntN(bits, BigInt(value));
    // A double narrows to int (or long) with saturation first, then to the smaller width.
    const [min, max] = RANGES[bits === 64 ? 64 : 32] ?? [0n, 0n];
    const truncated = Number.isNaN(value)
      ? 0n
      : value === Infinity
        ? max
        : value === -Infinity
          ? min
          : BigInt(Math.trunc(value));
    const saturated = truncated < min ? min : truncated > max ? max : truncated;
    return BigInt.asIntN(bits, saturated);
  }
  if (value instanceof BigDecimal) {
    const { unscaled, scale } = value;
    const whole = scale <= 0 ? unscaled * 10n ** BigInt(-scale) : unscaled / 10n ** BigInt(scale);
    return BigInt.asIntN(bits, whole);
  }
  if (typeof value === 'string') {
    if (!/^[+-]?\d+$/.test(value)) throw outOfRange(value);
    const parsed = BigInt(value);
    const [min, max] = RANGES[bits] ?? [0n, 0n];
    if (parsed < min || parsed > max) throw outOfRange(value);
    return parsed;
  }
  throw unexpected(value);
}

const JAVA_FLOAT = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

function castFloating(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof BigDecimal) return value.toNumber();
  if (typeof value === 'string') {
    const text = value.trim();
    if (!JAVA_FLOAT.test(text)) throw outOfRange(value);
    return Number(text.replace(/[fFdD]$/, ''));
  }
  throw unexpected(value);
}

function castBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof BigDecimal)
    return castIntegral(value, 64) !== 0n;
  throw unexpected(value);
}

function castString(schema: Schema | null, value: unknown): string {
  if (value instanceof Date) return formatDate(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number') {
    if (schema?.type === SchemaType.FLOAT32) return javaFloatText(value);
    if (schema?.type === SchemaType.FLOAT64 || !Number.isInteger(value)) return javaDoubleText(value);
    return String(value);
  }
  return String(value);
}

/**
 * A best-effort port of the parts of Connect's `Values` that `SimpleHeaderConverter` uses: rendering a value
 * as text (`convertToString`) and inferring a schema and value back from text (`parseString`). Covers
 * null, booleans, integers (smallest fitting type), floats, decimals, ISO dates/times/timestamps (UTC),
 * strings, and `[…]` / `{…}` literals of these; anything else stays a string.
 */
import {
  DataError,
  SchemaBuilder,
  Schemas,
  SchemaType,
  Struct,
  type Schema,
  type SchemaAndValue,
} from '../api/index.js';
import { javaDoubleText, javaFloatText } from './java-number-text.js';
import { isPlainObject, setOwn } from './java-class.js';
import { BigDecimal, Decimal, LogicalDate, LogicalTime, LogicalTimestamp } from '../api/logical-types.js';

const MILLIS_PER_DAY = 86_400_000;

/** Connect's `Values.convertToString`: the text a header value is stored as. */
export function valueToString(schema: Schema | null, value: unknown): string {
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (schema?.type === SchemaType.FLOAT32) return javaFloatText(value);
    if (schema?.type === SchemaType.FLOAT64 || !Number.isInteger(value)) return javaDoubleText(value);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean' || value instanceof BigDecimal) return String(value);
  if (typeof value === 'string') return embedded ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : value;
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('base64');
    return embedded ? `"${text}"` : text;
  }
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return `[${value.map((v) => append(schema?.valueSchema ?? null, v, true)).join(',')}]`;
  if (value instanceof Struct) {
    return `{${(value.schema.fields ?? []).map((f) => `${append(null, f.name, true)}:${append(f.schema, value.get(f.name), true)}`).join(',')}}`;
  }
  const entries =
    value instanceof Map
      ? [...(value as Map<unknown, unknown>).entries()]
      : isPlainObject(value)
        ? Object.entries(value)
        : undefined;
  if (entries === undefined)
    throw new DataError(`Failed to serialize unexpected value type ${typeof value}: ${String(value)}`);
  return `{${entries.map(([k, v]) => `${append(schema?.keySchema ?? null, k, true)}:${append(schema?.valueSchema ?? null, v, true)}`).join(',')}}`;
}

/** Connect's `Values.dateFormatFor(date).format(date)` in UTC: a time, a date or a timestamp. */
export function formatDate(value: Date): string {
  const iso = value.toISOString();
  const millis = value.getTime();
  if (millis >= 0 && millis < MILLIS_PER_DAY) return `${iso.slice(11, 23)}Z`;
  if (millis % MILLIS_PER_DAY === 0) return iso.slice(0, 10);
  return iso;
}

/** Connect's `Values.parseString`: the schema and value a header's text most likely stands for. */
export function parseString(text: string): SchemaAndValue {
  if (text === '') return { schema: Schemas.STRING, value: '' };
  const trimmed = text.trim();
  if (trimmed === 'null') return { schema: null, value: null };
  if (trimmed === 'true' || trimmed === 'false') return { schema: Schemas.BOOLEAN, value: trimmed === 'true' };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const parser = new EmbeddedParser(trimmed);
      const parsed = parser.value();
      if (parser.atEnd()) return parsed;
    } catch {
      // Not a literal after all: Connect falls back to the plain string.
    }
  }
  return parseScalar(trimmed) ?? { schema: Schemas.STRING, value: text };
}

function parseScalar(token: string): SchemaAndValue | undefined {
  const temporal = parseTemporal(token);
  if (temporal !== undefined) return temporal;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token)) return undefined;
  return parseNumber(BigDecimal.parse(token.replace(/^\+/, '')));
}

function parseNumber(decimal: BigDecimal): SchemaAndValue {
  const { unscaled, scale } = decimal;
  const divisor = scale > 0 ? 10n ** BigInt(scale) : 1n;
  if (scale <= 0 || unscaled % divisor === 0n) {
    const integral = scale <= 0 ? unscaled * 10n ** BigInt(-scale) : unscaled / divisor;
    if (integral >= -128n && integral <= 127n) return { schema: Schemas.INT8, value: Number(integral) };
    if (integral >= -32768n && integral <= 32767n) return { schema: Schemas.INT16, value: Number(integral) };
    if (integral >= -2147483648n && integral <= 2147483647n) return { schema: Schemas.INT32, value: Number(integral) };
    if (integral >= -(2n ** 63n) && integral < 2n ** 63n) {
      const safe = integral >= BigInt(Number.MIN_SAFE_INTEGER) && integral <= BigInt(Number.MAX_SAFE_INTEGER);
      return { schema: Schemas.INT64, value: safe ? Number(integral) : integral };
    }
  }
  const asFloat = Math.fround(decimal.toNumber());
  if (scale !== 0 && Number.isFinite(asFloat)) return { schema: Schemas.FLOAT32, value: asFloat };
  if (scale !== 0 && Number.isFinite(decimal.toNumber())) return { schema: Schemas.FLOAT64, value: decimal.toNumber() };
  return { schema: Decimal.schema(scale), value: decimal };
}

function parseTemporal(token: string): SchemaAndValue | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(token)) return dated(LogicalDate.SCHEMA, `${token}T00:00:00.000Z`);
  if (/^\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(token)) return dated(LogicalTime.SCHEMA, `1970-01-01T${token}`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(token)) return dated(LogicalTimestamp.SCHEMA, token);
  return undefined;
}

function dated(schema: Schema, iso: string): SchemaAndValue | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : { schema, value: date };
}

const NUMERIC_ORDER: readonly SchemaType[] = [
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.FLOAT32,
  SchemaType.FLOAT64,
];

/** The schema all parsed elements share (numbers widen), or undefined when they differ. */
function commonSchema(parsed: readonly SchemaAndValue[]): Schema | undefined {
  let common: Schema | undefined;
  for (const { schema } of parsed) {
    if (schema === null) continue;
    if (common === undefined || common === schema) {
      common = schema;
      continue;
    }
    const a = NUMERIC_ORDER.indexOf(common.type);
    const b = NUMERIC_ORDER.indexOf(schema.type);
    if (a < 0 || b < 0 || common.name !== undefined || schema.name !== undefined) return undefined;
    common = b > a ? schema : common;
  }
  return common;
}

/** Parses `[…]`, `{…}`, quoted strings and scalars inside them; throws on anything else. */
class EmbeddedParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  value(): SchemaAndValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '[') return this.array();
    if (c === '{') return this.map();
    if (c === '"') return this.quoted();
    const match = /^[^,:\]}\s]+/.exec(this.text.slice(this.pos));
    if (match === null) throw new DataError('Failed to parse embedded value');
    this.pos += match[0].length;
    if (match[0] === 'null') return { schema: null, value: null };
    if (match[0] === 'true' || match[0] === 'false') return { schema: Schemas.BOOLEAN, value: match[0] === 'true' };
    const scalar = parseScalar(match[0]);
    if (scalar === undefined) throw new DataError('Failed to parse embedded value');
    return scalar;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private expect(c: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private quoted(): SchemaAndValue {
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\') this.pos++;
      out += this.text[this.pos++] ?? '';
    }
    if (!this.expect('"')) throw new DataError('Unterminated string');
    return parseTemporal(out) ?? { schema: Schemas.STRING, value: out };
  }

  private array(): SchemaAndValue {
    this.pos++;
    const items: SchemaAndValue[] = [];
    while (!this.expect(']')) {
      if (items.length > 0 && !this.expect(',')) throw new DataError("Array elements missing ',' delimiter");
      items.push(this.value());
    }
    const element = commonSchema(items);
    const schema =
      element === undefined ? new SchemaBuilder(SchemaType.ARRAY).build() : SchemaBuilder.array(element).build();
    return { schema, value: items.map((i) => i.value) };
  }

  private map(): SchemaAndValue {
    this.pos++;
    const entries: Array<[SchemaAndValue, SchemaAndValue]> = [];
    while (!this.expect('}')) {
      if (entries.length > 0 && !this.expect(',')) throw new DataError("Map entry is missing ','");
      const key = this.value();
      if (key.value === null) throw new DataError('Map entry may not have a null key');
      if (!this.expect(':')) throw new DataError("Map entry is missing ':'");
      entries.push([key, this.value()]);
    }
    const keySchema = commonSchema(entries.map(([k]) => k));
    const valueSchema = commonSchema(entries.map(([, v]) => v));
    const schema =
      keySchema !== undefined && valueSchema !== undefined
        ? SchemaBuilder.map(keySchema, valueSchema).build()
        : new SchemaBuilder(SchemaType.MAP).build();
    if (entries.every(([k]) => typeof k.value === 'string')) {
      const result: Record<string, unknown> = {};
      for (const [k, v] of entries) setOwn(result, k.value as string, v.value);
      return { schema, value: result };
    }
    return { schema, value: new Map(entries.map(([k, v]) => [k.value, v.value])) };
  }
}

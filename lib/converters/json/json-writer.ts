/**
 * Connect data → JSON text, byte for byte as Connect's JsonConverter writes it: schema objects with their
 * keys in Connect's order (type, items/keys/values/fields, optional, name, version, doc, parameters,
 * default, then `field` for struct fields), Java number formatting, Jackson string escaping.
 */
import { DataError, SchemaType, Struct, type Schema } from '../../api/index.js';
import { isPlainObject, javaClassOf } from '../../common/java-class.js';
import { BigDecimal, Decimal, LogicalDate, LogicalTime, LogicalTimestamp } from '../../api/logical-types.js';
import { schemasEqual } from '../schema-equals.js';
import { DecimalFormat, type JsonConverterSettings } from './json-converter-config.js';
import { javaDoubleText, javaFloatText } from '../../common/java-number-text.js';
import { jsonString } from './json-text.js';
import { javaTypeName } from '../../common/schema-type-names.js';

type LogicalWriter = (schema: Schema, value: unknown, settings: JsonConverterSettings) => string;

function dateWriter(label: string, convert: (schema: Schema, value: Date) => number): LogicalWriter {
  return (schema, value) => {
    if (!(value instanceof Date))
      throw new DataError(`Invalid type for ${label}, expected Date but was ${javaClassOf(value)}`);
    return String(convert(schema, value));
  };
}

const LOGICAL_WRITERS: ReadonlyMap<string, LogicalWriter> = new Map<string, LogicalWriter>([
  [
    Decimal.LOGICAL_NAME,
    (schema, value, settings) => {
      if (!(value instanceof BigDecimal))
        throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${javaClassOf(value)}`);
      if (settings.decimalFormat === DecimalFormat.NUMERIC) return value.toString();
      return `"${Buffer.from(Decimal.fromLogical(schema, value)).toString('base64')}"`;
    },
  ],
  [LogicalDate.LOGICAL_NAME, dateWriter('Date', LogicalDate.fromLogical)],
  [LogicalTime.LOGICAL_NAME, dateWriter('Time', LogicalTime.fromLogical)],
  [LogicalTimestamp.LOGICAL_NAME, dateWriter('Timestamp', LogicalTimestamp.fromLogical)],
]);

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  [SchemaType.INT8]: [-128, 127],
  [SchemaType.INT16]: [-32768, 32767],
  [SchemaType.INT32]: [-2147483648, 2147483647],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Holds a converter's settings and a per-schema cache of the schema JSON (schemas are immutable). */
export class JsonWriter {
  private readonly schemaCache = new WeakMap<Schema, string>();

  constructor(private readonly settings: JsonConverterSettings) {}

  envelope(schema: Schema | null, value: unknown): string {
    return `{"schema":${schema === null ? 'null' : this.schema(schema)},"payload":${this.value(schema, value)}}`;
  }

  schema(schema: Schema): string {
    const cached = this.schemaCache.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${schema.type}"`;
    switch (schema.type) {
      case SchemaType.ARRAY:
        out += `,"items":${this.optionalSchema(schema.valueSchema)}`;
        break;
      case SchemaType.MAP:
        out += `,"keys":${this.optionalSchema(schema.keySchema)},"values":${this.optionalSchema(schema.valueSchema)}`;
        break;
      case SchemaType.STRUCT:
        out += `,"fields":[${(schema.fields ?? []).map((f) => `${this.schema(f.schema).slice(0, -1)},"field":${jsonString(f.name)}}`).join(',')}]`;
        break;
    }
    out += `,"optional":${schema.optional}`;
    if (schema.name !== undefined) out += `,"name":${jsonString(schema.name)}`;
    if (schema.version !== undefined) out += `,"version":${schema.version}`;
    if (schema.doc !== undefined) out += `,"doc":${jsonString(schema.doc)}`;
    if (schema.parameters !== undefined) {
      out += `,"parameters":{${Object.entries(schema.parameters)
        .map(([k, v]) => `${jsonString(k)}:${jsonString(v)}`)
        .join(',')}}`;
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      out += `,"default":${this.value(schema, schema.defaultValue)}`;
    out += '}';
    this.schemaCache.set(schema, out);
    return out;
  }

  private optionalSchema(schema: Schema | undefined): string {
    return schema === undefined ? 'null' : this.schema(schema);
  }

  /** The payload JSON for a value; `schema` null means infer from the value. */
  value(schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null';
      if (schema.defaultValue !== undefined && schema.defaultValue !== null && this.settings.replaceNullWithDefault) {
        return this.value(schema, schema.defaultValue);
      }
      if (schema.optional) return 'null';
      throw new DataError('Conversion error: null value for field that is required and has no default value');
    }
    if (schema?.name !== undefined) {
      const logical = LOGICAL_WRITERS.get(schema.name);
      if (logical !== undefined) return logical(schema, value, this.settings);
    }
    const type = schema === null ? inferType(value) : schema.type;
    return this.typed(schema, type, value);
  }

  private typed(schema: Schema | null, type: SchemaType, value: unknown): string {
    const invalid = (): DataError =>
      new DataError(
        `Invalid type for ${schema === null ? 'unknown schema' : javaTypeName(schema.type)}: ${javaClassOf(value)}`,
      );
    switch (type) {
      case SchemaType.INT8:
      case SchemaType.INT16:
      case SchemaType.INT32: {
        const [min, max] = INT_RANGES[type] ?? [0, 0];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid();
        return String(value);
      }
      case SchemaType.INT64:
        return int64Text(value, invalid);
      case SchemaType.FLOAT32:
      case SchemaType.FLOAT64: {
        if (typeof value !== 'number') throw invalid();
        const text = type === SchemaType.FLOAT32 ? javaFloatText(value) : javaDoubleText(value);
        // Jackson writes non-finite numbers as strings.
        return Number.isFinite(value) ? text : `"${text}"`;
      }
      case SchemaType.BOOLEAN:
        if (typeof value !== 'boolean') throw invalid();
        return value ? 'true' : 'false';
      case SchemaType.STRING:
        if (typeof value !== 'string') throw invalid();
        return jsonString(value);
      case SchemaType.BYTES:
        if (!(value instanceof Uint8Array)) throw new DataError(`Invalid type for bytes type: ${javaClassOf(value)}`);
        return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
      case SchemaType.ARRAY: {
        if (!Array.isArray(value)) throw invalid();
        const elementSchema = schema?.valueSchema ?? null;
        return `[${value.map((v) => this.value(elementSchema, v)).join(',')}]`;
      }
      case SchemaType.MAP:
        return this.map(schema, value, invalid);
      case SchemaType.STRUCT:
        return this.struct(schema, value, invalid);
    }
  }

  private map(schema: Schema | null, value: unknown, invalid: () => DataError): string {
    let entries: Array<[unknown, unknown]>;
    if (value instanceof Map) entries = [...(value as Map<unknown, unknown>).entries()];
    else if (isPlainObject(value)) entries = Object.entries(value);
    else throw invalid();
    const keySchema = schema?.keySchema ?? null;
    const valueSchema = schema?.valueSchema ?? null;
    const objectMode =
      schema === null ? entries.every(([k]) => typeof k === 'string') : schema.keySchema?.type === SchemaType.STRING;
    if (objectMode) {
      return `{${entries.map(([k, v]) => `${jsonString(asText(this.value(keySchema, k), k))}:${this.value(valueSchema, v)}`).join(',')}}`;
    }
    return `[${entries.map(([k, v]) => `[${this.value(keySchema, k)},${this.value(valueSchema, v)}]`).join(',')}]`;
  }

  private struct(schema: Schema | null, value: unknown, invalid: () => DataError): string {
    if (!(value instanceof Struct)) throw invalid();
    if (schema === null || !schemasEqual(value.schema, schema)) throw new DataError('Mismatching schema.');
    const raw = value as Struct & { getWithoutDefault?: (name: string) => unknown };
    const parts = (schema.fields ?? []).map((f) => {
      const fieldValue =
        typeof raw.getWithoutDefault === 'function' ? raw.getWithoutDefault(f.name) : value.get(f.name);
      return `${jsonString(f.name)}:${this.value(f.schema, fieldValue)}`;
    });
    return `{${parts.join(',')}}`;
  }
}

/** Jackson's `asText()` of a written key: strings unquoted, everything else as written. */
function asText(written: string, key: unknown): string {
  return typeof key === 'string' ? key : written;
}

function int64Text(value: unknown, invalid: () => DataError): string {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw invalid();
    return value.toString();
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid();
  if (Number.isSafeInteger(value)) return String(value);
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) throw invalid();
  return big.toString();
}

/** Connect's `ConnectSchema.schemaType(value.getClass())`, for JS values. */
function inferType(value: unknown): SchemaType {
  if (typeof value === 'number')
    return Number.isInteger(value) && !Object.is(value, -0) ? SchemaType.INT64 : SchemaType.FLOAT64;
  if (typeof value === 'bigint') return SchemaType.INT64;
  if (typeof value === 'boolean') return SchemaType.BOOLEAN;
  if (typeof value === 'string') return SchemaType.STRING;
  if (value instanceof Uint8Array) return SchemaType.BYTES;
  if (Array.isArray(value)) return SchemaType.ARRAY;
  if (value instanceof Map || isPlainObject(value)) return SchemaType.MAP;
  if (value instanceof Struct) return SchemaType.STRUCT;
  throw new DataError(`Java class ${javaClassOf(value)} does not have corresponding schema type.`);
}

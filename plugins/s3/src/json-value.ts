/**
 * Connect values as the JSON text Confluent's JsonFormat writes: a Struct goes through JsonConverter with
 * `schemas.enable=false` (fields in schema order, bytes base64, Decimal per `json.decimal.format`, logical
 * dates as numbers); anything else through Jackson's object mapper (maps as objects, lists as arrays,
 * bytes base64, integral numbers as integers, other numbers as Java doubles).
 */
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaType,
  Struct,
  type Schema,
} from 'lambda-connect/api';
import { javaDoubleText, javaFloatText } from './java-number-text.js';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

const base64 = (bytes: Uint8Array): string =>
  JSON.stringify(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));

/** JSON for a value with its schema (JsonConverter, schemas disabled). */
export function schemaJson(schema: Schema | null, value: unknown, decimals: DecimalFormat): string {
  if (schema === null) return schemalessJson(value);
  if (value === null || value === undefined)
    return schema.defaultValue !== undefined && schema.defaultValue !== null
      ? schemaJson(schema, schema.defaultValue, decimals)
      : 'null';
  const logical = logicalJson(schema, value, decimals);
  if (logical !== undefined) return logical;
  switch (schema.type) {
    case SchemaType.FLOAT32:
      return javaFloatText(Number(value));
    case SchemaType.FLOAT64:
      return javaDoubleText(Number(value));
    case SchemaType.STRING:
      return JSON.stringify(String(value));
    case SchemaType.BYTES:
      return value instanceof Uint8Array ? base64(value) : schemalessJson(value);
    case SchemaType.ARRAY:
      return `[${(value as unknown[]).map((v) => schemaJson(schema.valueSchema ?? null, v, decimals)).join(',')}]`;
    case SchemaType.MAP:
      return mapJson(schema, value, decimals);
    case SchemaType.STRUCT:
      return structJson(value as Struct, decimals);
    default:
      return String(value);
  }
}

function logicalJson(schema: Schema, value: unknown, decimals: DecimalFormat): string | undefined {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (!(value instanceof BigDecimal)) return undefined;
      return decimals === 'NUMERIC' ? value.toString() : base64(Decimal.fromLogical(schema, value));
    case LogicalDate.LOGICAL_NAME:
      return value instanceof Date ? String(LogicalDate.fromLogical(schema, value)) : undefined;
    case LogicalTime.LOGICAL_NAME:
      return value instanceof Date ? String(LogicalTime.fromLogical(schema, value)) : undefined;
    case LogicalTimestamp.LOGICAL_NAME:
      return value instanceof Date ? String(value.getTime()) : undefined;
    default:
      return undefined;
  }
}

function mapJson(schema: Schema, value: unknown, decimals: DecimalFormat): string {
  const entries: Array<[unknown, unknown]> =
    value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  const valueSchema = schema.valueSchema ?? null;
  if (schema.keySchema?.type === SchemaType.STRING) {
    return `{${entries.map(([k, v]) => `${JSON.stringify(String(k))}:${schemaJson(valueSchema, v, decimals)}`).join(',')}}`;
  }
  // JsonConverter writes maps with non-string keys as an array of [key, value] pairs.
  return `[${entries.map(([k, v]) => `[${schemaJson(schema.keySchema ?? null, k, decimals)},${schemaJson(valueSchema, v, decimals)}]`).join(',')}]`;
}

function structJson(struct: Struct, decimals: DecimalFormat): string {
  const fields = struct.schema.fields ?? [];
  return `{${fields.map((f) => `${JSON.stringify(f.name)}:${schemaJson(f.schema, struct.get(f.name), decimals)}`).join(',')}}`;
}

/** JSON for a value without a schema, as Jackson's `ObjectMapper.writeValue` renders the Java value. */
export function schemalessJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : javaDoubleText(value);
    default:
      break;
  }
  if (value instanceof Uint8Array) return base64(value);
  if (value instanceof Date) return String(value.getTime());
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Struct) return structJson(value, 'BASE64');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + schemalessJson(value[i]);
    return `${out}]`;
  }
  // A loop, not entries/map/join: this is the sink's hot path for schemaless JSON.
  let out = '{';
  let first = true;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      out += `${first ? '' : ','}${JSON.stringify(String(k))}:${schemalessJson(v)}`;
      first = false;
    }
  } else {
    const object = value as Record<string, unknown>;
    for (const k in object) {
      if (!Object.hasOwn(object, k)) continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${schemalessJson(object[k])}`;
      first = false;
    }
  }
  return `${out}}`;
}

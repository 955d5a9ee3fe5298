/**
 * Connect values → DynamoDB attribute values. A Struct, a Map or a plain object becomes M (a top-level one
 * becomes the item's attributes, see `itemAttributes`); an array L; a string S; a number, bigint or
 * BigDecimal N; bytes B; a boolean BOOL; null NULL. Logical types use Connect's own encoding: Date as
 * days, Time as milliseconds of the day, Timestamp as epoch milliseconds (N). Sets are never produced.
 */
import { BigDecimal, DataError, SchemaType, Struct, type Schema } from 'lambda-connect/api';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const DAY_MS = 86_400_000;

/** Converts one value; `path` names it in errors. */
export function toAttributeValue(value: unknown, schema: Schema | null | undefined, path: string): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'bigint') return { N: value.toString() };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DataError(`${path}: ${value} is not a number DynamoDB can store`);
    return { N: String(value) };
  }
  if (value instanceof BigDecimal) return { N: value.toString() };
  if (value instanceof Date) return { N: String(dateNumber(value, schema)) };
  if (value instanceof Uint8Array) return { B: value };
  if (Array.isArray(value))
    return { L: value.map((v, i) => toAttributeValue(v, schema?.valueSchema, `${path}[${i}]`)) };
  return { M: toAttributeMap(value, schema, path) };
}

/** A Struct, Map or plain object as an attribute map; anything else is a `DataError`. */
export function toAttributeMap(
  value: unknown,
  schema: Schema | null | undefined,
  path: string,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (value instanceof Struct) {
    for (const field of value.schema.fields ?? [])
      out[field.name] = toAttributeValue(value.get(field.name), field.schema, `${path}.${field.name}`);
    return out;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) out[String(k)] = toAttributeValue(v, schema?.valueSchema, `${path}.${String(k)}`);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = toAttributeValue(v, schema?.valueSchema, `${path}.${k}`);
    return out;
  }
  throw new DataError(`${path}: a ${typeof value} cannot be an attribute map`);
}

/**
 * The attributes an item gets from a record's value: a Struct / Map / object gives one attribute per
 * field; any other value is stored whole under the attribute `value`.
 */
export function itemAttributes(value: unknown, schema: Schema | null): Record<string, AttributeValue> {
  const isMapLike =
    value instanceof Struct ||
    value instanceof Map ||
    (value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Uint8Array) &&
      !(value instanceof Date) &&
      !(value instanceof BigDecimal));
  return isMapLike ? toAttributeMap(value, schema, 'value') : { value: toAttributeValue(value, schema, 'value') };
}

function dateNumber(value: Date, schema: Schema | null | undefined): number {
  const ms = value.getTime();
  if (schema?.type === SchemaType.INT32 && schema.name === 'org.apache.kafka.connect.data.Date')
    return Math.floor(ms / DAY_MS);
  if (schema?.type === SchemaType.INT32 && schema.name === 'org.apache.kafka.connect.data.Time')
    return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  return ms;
}

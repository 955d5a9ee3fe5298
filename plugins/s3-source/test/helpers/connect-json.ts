/**
 * Connect data and schemas as plain JSON, to compare what the S3 source restores with what was written:
 * Structs as objects, maps (Map or plain object) as entry lists (in order), Dates as epoch millis, Decimals as their text,
 * bytes as base64, int64 beyond 2^53 as bigint text.
 */
import { BigDecimal, Struct, type Schema } from 'lambda-connect/api';

export function connectJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Struct)
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, connectJson(value.get(f.name))]));
  if (value instanceof Map) return [...value].map(([k, v]) => [connectJson(k), connectJson(v)]);
  if (Array.isArray(value)) return value.map(connectJson);
  if (value instanceof Date) return value.getTime();
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  // Maps: a Map, or a plain object for string keys (AvroData gives either).
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).map(([k, v]) => [k, connectJson(v)]);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : `${value}n`;
  return value;
}

/** A schema's type, optionality, name and children (what a restore must keep). */
export function schemaJson(schema: Schema | null | undefined): unknown {
  if (schema === null || schema === undefined) return null;
  return {
    type: schema.type,
    optional: schema.optional,
    name: schema.name ?? null,
    ...(schema.fields === undefined ? {} : { fields: schema.fields.map((f) => [f.name, schemaJson(f.schema)]) }),
    ...(schema.keySchema === undefined ? {} : { key: schemaJson(schema.keySchema) }),
    ...(schema.valueSchema === undefined ? {} : { value: schemaJson(schema.valueSchema) }),
  };
}

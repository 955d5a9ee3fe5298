/**
 * Connect values ↔ JSON trees, as Confluent's JsonSchemaData: bytes and BASE64 decimals as base64 strings
 * (NUMERIC decimals as numbers), Date/Time as int days/millis, Timestamp as epoch millis, string-keyed maps
 * as objects, other maps as `[{key, value}]` arrays, unions as the set member's value. Representation on the
 * Connect side is the repository's (see JsonConverter).
 */
import {
  BigDecimal,
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  type Schema,
  SchemaType,
  Struct,
} from 'lambda-connect/api';
import * as N from './json-schema-names.js';
import type { JsonSchemaDataOptions } from './json-schema-data-config.js';

/** A Connect value as a JSON tree (bigints for unsafe int64). */
export function toJsonValue(schema: Schema, value: unknown, options: JsonSchemaDataOptions): unknown {
  if (value === null || value === undefined) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      return toJsonValue(schema, schema.defaultValue, options);
    if (!schema.optional)
      throw new DataError(`Conversion error: null value for field that is required and has no default value`);
    return null;
  }
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: {
      if (!(value instanceof BigDecimal)) throw new DataError('Invalid type for Decimal, expected BigDecimal');
      if (options.decimalFormat === 'NUMERIC') return Number(value.toString());
      return Buffer.from(Decimal.fromLogical(schema, value)).toString('base64');
    }
    case LogicalDate.LOGICAL_NAME:
      return LogicalDate.fromLogical(schema, requireDate(value, 'Date'));
    case LogicalTime.LOGICAL_NAME:
      return LogicalTime.fromLogical(schema, requireDate(value, 'Time'));
    case LogicalTimestamp.LOGICAL_NAME:
      return LogicalTimestamp.fromLogical(schema, requireDate(value, 'Timestamp'));
  }
  return primitiveOrContainer(schema, value, options);
}

function requireDate(value: unknown, what: string): Date {
  if (!(value instanceof Date)) throw new DataError(`Invalid type for ${what}, expected Date`);
  return value;
}

function invalid(schema: Schema, value: unknown): DataError {
  return new DataError(`Invalid Java object for schema type ${schema.type.toUpperCase()}: ${typeof value}`);
}

function primitiveOrContainer(schema: Schema, value: unknown, options: JsonSchemaDataOptions): unknown {
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
    case SchemaType.INT32:
    case SchemaType.FLOAT32:
    case SchemaType.FLOAT64:
      if (typeof value !== 'number') throw invalid(schema, value);
      return value;
    case SchemaType.INT64:
      if (typeof value !== 'number' && typeof value !== 'bigint') throw invalid(schema, value);
      return value;
    case SchemaType.BOOLEAN:
      if (typeof value !== 'boolean') throw invalid(schema, value);
      return value;
    case SchemaType.STRING:
      if (typeof value !== 'string') throw invalid(schema, value);
      return value;
    case SchemaType.BYTES:
      if (!(value instanceof Uint8Array)) throw invalid(schema, value);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    case SchemaType.ARRAY:
      if (!Array.isArray(value)) throw invalid(schema, value);
      return value.map((item) => toJsonValue(schema.valueSchema as Schema, item, options));
    case SchemaType.MAP:
      return mapToJson(schema, value, options);
    case SchemaType.STRUCT:
      return structToJson(schema, value, options);
    default:
      throw new DataError(`Unsupported type ${schema.type}`);
  }
}

function mapToJson(schema: Schema, value: unknown, options: JsonSchemaDataOptions): unknown {
  const entries =
    value instanceof Map
      ? [...value.entries()]
      : typeof value === 'object' && value !== null
        ? Object.entries(value)
        : undefined;
  if (entries === undefined) throw invalid(schema, value);
  const key = schema.keySchema as Schema;
  const valueSchema = schema.valueSchema as Schema;
  if (key.type === SchemaType.STRING && !key.optional) {
    return Object.fromEntries(entries.map(([k, v]) => [String(k), toJsonValue(valueSchema, v, options)]));
  }
  return entries.map(([k, v]) => ({
    [N.KEY_FIELD]: toJsonValue(key, k, options),
    [N.VALUE_FIELD]: toJsonValue(valueSchema, v, options),
  }));
}

function structToJson(schema: Schema, value: unknown, options: JsonSchemaDataOptions): unknown {
  if (!(value instanceof Struct)) throw invalid(schema, value);
  if (isUnion(schema)) {
    for (const field of schema.fields ?? []) {
      const member = value.get(field.name);
      if (member !== null && member !== undefined) return toJsonValue(field.schema, member, options);
    }
    return null;
  }
  const out: Record<string, unknown> = {};
  for (const field of schema.fields ?? []) out[field.name] = toJsonValue(field.schema, value.get(field.name), options);
  return out;
}

function isUnion(schema: Schema): boolean {
  return schema.name === N.JSON_TYPE_ONE_OF || schema.parameters?.[N.GENERALIZED_TYPE_UNION] !== undefined;
}

/** A JSON tree as a Connect value of `schema`. */
export function toConnectValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (schema.defaultValue !== undefined) return schema.defaultValue;
    if (!schema.optional) throw new DataError(`Invalid null value for required ${schema.type.toUpperCase()} field`);
    return null;
  }
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (typeof value === 'number' || typeof value === 'bigint') return BigDecimal.parse(String(value));
      if (typeof value === 'string') return Decimal.toLogical(schema, Buffer.from(value, 'base64'));
      throw new DataError('Invalid type for Decimal, underlying representation should be numeric or bytes');
    case LogicalDate.LOGICAL_NAME:
      return LogicalDate.toLogical(schema, Number(value));
    case LogicalTime.LOGICAL_NAME:
      return LogicalTime.toLogical(schema, Number(value));
    case LogicalTimestamp.LOGICAL_NAME:
      return LogicalTimestamp.toLogical(schema, Number(value));
  }
  return readPrimitiveOrContainer(schema, value);
}

function readPrimitiveOrContainer(schema: Schema, value: unknown): unknown {
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
    case SchemaType.INT32:
    case SchemaType.FLOAT32:
    case SchemaType.FLOAT64:
      return expect(schema, value, typeof value === 'number');
    case SchemaType.INT64:
      return expect(schema, value, typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)));
    case SchemaType.BOOLEAN:
      return expect(schema, value, typeof value === 'boolean');
    case SchemaType.STRING:
      return expect(schema, value, typeof value === 'string');
    case SchemaType.BYTES:
      return Uint8Array.from(Buffer.from(expect(schema, value, typeof value === 'string') as string, 'base64'));
    case SchemaType.ARRAY:
      return (expect(schema, value, Array.isArray(value)) as unknown[]).map((item) =>
        toConnectValue(schema.valueSchema as Schema, item),
      );
    case SchemaType.MAP:
      return readMap(schema, value);
    case SchemaType.STRUCT:
      return readStruct(schema, value);
    default:
      throw new DataError(`Unsupported type ${schema.type}`);
  }
}

function expect(schema: Schema, value: unknown, ok: boolean): unknown {
  if (!ok) throw new DataError(`Invalid JSON for a ${schema.type.toUpperCase()} value: ${typeof value}`);
  return value;
}

function readMap(schema: Schema, value: unknown): unknown {
  const key = schema.keySchema as Schema;
  const valueSchema = schema.valueSchema as Schema;
  if (key.type === SchemaType.STRING && !key.optional) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new DataError('Maps with string fields should be encoded as JSON objects');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toConnectValue(valueSchema, v)]));
  }
  if (!Array.isArray(value))
    throw new DataError('Maps with non-string fields should be encoded as JSON array of objects');
  return new Map(
    value.map((entry: Record<string, unknown>) => [
      toConnectValue(key, entry[N.KEY_FIELD]),
      toConnectValue(valueSchema, entry[N.VALUE_FIELD]),
    ]),
  );
}

function readStruct(schema: Schema, value: unknown): Struct {
  if (isUnion(schema)) return readUnion(schema, value);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DataError('Structs should be encoded as JSON objects');
  const struct = new Struct(schema);
  const object = value as Record<string, unknown>;
  for (const field of schema.fields ?? []) struct.put(field.name, toConnectValue(field.schema, object[field.name]));
  return struct;
}

/** The first member whose type the value fits (Confluent matches simple types, then the best struct). */
function readUnion(schema: Schema, value: unknown): Struct {
  for (const field of schema.fields ?? []) {
    try {
      return new Struct(schema).put(field.name, toConnectValue(field.schema, value));
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
    }
  }
  throw new DataError('Did not find matching oneof field for data');
}

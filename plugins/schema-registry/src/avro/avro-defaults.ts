/**
 * Default values between Avro's JSON form and Connect values, as Confluent's `defaultValueFromAvro` /
 * `defaultValueFromConnect`: bytes as ISO-8859-1 strings, a union's default for its first member, logical
 * types through Connect's Decimal/Date/Time/Timestamp.
 */
import {
  BigDecimal,
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaType,
  Struct,
  type Schema,
} from 'lambda-connect/api';
import type { AvroNode } from './avro-schema-node.js';
import { toConnectLong } from './avro-long.js';

interface UnionNaming {
  unionMemberFieldName(member: AvroNode): string;
}

/** The Connect value of an Avro JSON default for `schema` (converted from `node`). */
export function defaultFromAvro(schema: Schema, node: AvroNode, json: unknown, naming: UnionNaming): unknown {
  if (json === null || json === undefined) return null;
  return toLogical(schema, rawDefault(schema, node, json, naming));
}

function rawDefault(schema: Schema, node: AvroNode, json: unknown, naming: UnionNaming): unknown {
  switch (node.kind) {
    case 'union': {
      const first = node.types[0];
      if (first === undefined || (first.kind === 'primitive' && first.type === 'null')) return null;
      const field = schema.fields?.find((f) => f.name === naming.unionMemberFieldName(first));
      if (field === undefined) return defaultFromAvro(schema, first, json, naming);
      return new Struct(schema).put(field.name, defaultFromAvro(field.schema, first, json, naming));
    }
    case 'record': {
      if (typeof json !== 'object' || Array.isArray(json)) throw new DataError('Invalid JSON for record default value');
      const struct = new Struct(schema);
      for (const field of node.fields) {
        const connectField = schema.fields?.find((f) => f.name === field.name);
        if (connectField !== undefined)
          struct.put(
            field.name,
            defaultFromAvro(connectField.schema, field.type, (json as Record<string, unknown>)[field.name], naming),
          );
      }
      return struct;
    }
    case 'array':
      if (!Array.isArray(json)) throw new DataError('Invalid JSON for array default value');
      if (schema.type === SchemaType.MAP) return new Map();
      return json.map((item) => defaultFromAvro(schema.valueSchema as Schema, node.items, item, naming));
    case 'map': {
      if (typeof json !== 'object' || Array.isArray(json)) throw new DataError('Invalid JSON for map default value');
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(json as Record<string, unknown>))
        result[key] = defaultFromAvro(schema.valueSchema as Schema, node.values, value, naming);
      return result;
    }
    case 'enum':
      return String(json);
    case 'fixed':
      return latin1Bytes(json);
    case 'primitive':
      return primitiveDefault(node.type, json);
  }
}

function primitiveDefault(type: string, json: unknown): unknown {
  switch (type) {
    case 'int':
    case 'float':
    case 'double':
      if (typeof json !== 'number') throw new DataError(`Invalid default for ${type}: ${JSON.stringify(json)}`);
      return json;
    case 'long':
      if (typeof json !== 'number') throw new DataError(`Invalid default for long: ${JSON.stringify(json)}`);
      return toConnectLong(json);
    case 'boolean':
      return json === true;
    case 'string':
      return String(json);
    case 'bytes':
      return latin1Bytes(json);
    default:
      return null;
  }
}

function latin1Bytes(json: unknown): Uint8Array {
  if (typeof json !== 'string') throw new DataError('Invalid binary data in default value');
  return new Uint8Array(Buffer.from(json, 'latin1'));
}

/** Avro's primitive form of a Connect logical value → the Connect value (Decimal bytes → BigDecimal, ...). */
export function toLogical(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined || schema.name === undefined) return value;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return Decimal.toLogical(schema, value as Uint8Array);
    case LogicalDate.LOGICAL_NAME:
      return LogicalDate.toLogical(schema, value as number);
    case LogicalTime.LOGICAL_NAME:
      return LogicalTime.toLogical(schema, value as number);
    case LogicalTimestamp.LOGICAL_NAME:
      return LogicalTimestamp.toLogical(schema, Number(value));
    default:
      return value;
  }
}

/** A Connect logical value → its primitive form (BigDecimal → bytes, Date → days/millis). */
export function fromLogical(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined || schema.name === undefined) return value;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (!(value instanceof BigDecimal)) throw new DataError(`Invalid type for Decimal: ${typeName(value)}`);
      return Decimal.fromLogical(schema, value);
    case LogicalDate.LOGICAL_NAME:
      return LogicalDate.fromLogical(schema, asDate(value, 'Date'));
    case LogicalTime.LOGICAL_NAME:
      return LogicalTime.fromLogical(schema, asDate(value, 'Time'));
    case LogicalTimestamp.LOGICAL_NAME:
      return LogicalTimestamp.fromLogical(schema, asDate(value, 'Timestamp'));
    default:
      return value;
  }
}

function asDate(value: unknown, what: string): Date {
  if (!(value instanceof Date)) throw new DataError(`Invalid type for ${what}: ${typeName(value)}`);
  return value;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** The Avro JSON default of a Connect default value (`defaultValueFromConnect`). */
export function defaultToAvro(schema: Schema, value: unknown, unionFieldName: (schema: Schema) => string): unknown {
  if (value === null || value === undefined) return null;
  const raw = fromLogical(schema, value);
  switch (schema.type) {
    case SchemaType.INT64:
      return typeof raw === 'bigint' ? Number(raw) : raw;
    case SchemaType.BYTES:
      return Buffer.from(raw as Uint8Array).toString('latin1');
    case SchemaType.ARRAY:
      return (raw as unknown[]).map((item) => defaultToAvro(schema.valueSchema as Schema, item, unionFieldName));
    case SchemaType.MAP: {
      const entries = raw instanceof Map ? [...raw.entries()] : Object.entries(raw as object);
      if (schema.keySchema?.type === SchemaType.STRING)
        return Object.fromEntries(
          entries.map(([k, v]) => [k, defaultToAvro(schema.valueSchema as Schema, v, unionFieldName)]),
        );
      return entries.map(([k, v]) => ({
        key: defaultToAvro(schema.keySchema as Schema, k, unionFieldName),
        value: defaultToAvro(schema.valueSchema as Schema, v, unionFieldName),
      }));
    }
    case SchemaType.STRUCT: {
      const struct = raw as Struct;
      const out: Record<string, unknown> = {};
      for (const field of schema.fields ?? [])
        out[field.name] = defaultToAvro(field.schema, struct.get(field.name), unionFieldName);
      return out;
    }
    default:
      return raw;
  }
}

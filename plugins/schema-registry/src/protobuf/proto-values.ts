/**
 * Connect values ↔ protobufjs message objects, following the Connect schema that `connect-to-proto` or
 * `proto-to-connect` paired with the message type. Representation on the Connect side is the repository's
 * (see JsonConverter): int64 a number when safe else a bigint, bytes `Uint8Array`, string-keyed maps plain
 * objects and other maps `Map`s, `Struct`, `BigDecimal`, `Date`. On the Protobuf side, unset proto3 scalars
 * read as their defaults (as Confluent's does) and unset messages, proto3 `optional` fields and oneof members
 * as null.
 */
import {
  BigDecimal,
  bigintToBytes,
  bytesToBigint,
  DataError,
  Decimal,
  fieldOf,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  type Schema,
  SchemaType,
  Struct,
} from 'lambda-connect/api';
import protobuf from 'protobufjs';
import type { ProtobufDataOptions } from './protobuf-data-config.js';
import { realOneofs, unionFieldName } from './proto-to-connect.js';
import * as N from './protobuf-names.js';

type ProtoObject = Record<string, unknown>;
const MILLIS_PER_DAY = 86_400_000;

/** A Connect value as a plain object protobufjs's `encode` takes for `type`. */
export function toProtoMessage(schema: Schema, value: Struct, type: protobuf.Type): ProtoObject {
  if (!(value instanceof Struct)) throw new DataError(`Invalid type for STRUCT: ${typeof value}`);
  const out: ProtoObject = {};
  for (const field of schema.fields ?? []) {
    const fieldValue = value.get(field.name);
    if (fieldValue === null || fieldValue === undefined) continue;
    if (field.schema.type === SchemaType.STRUCT && isUnion(field.schema)) {
      const union = fieldValue as Struct;
      for (const member of field.schema.fields ?? []) {
        const memberValue = union.get(member.name);
        if (memberValue !== null && memberValue !== undefined)
          setField(out, type, member.name, member.schema, memberValue);
      }
      continue;
    }
    setField(out, type, field.name, field.schema, fieldValue);
  }
  return out;
}

function isUnion(schema: Schema): boolean {
  return (
    schema.name?.startsWith(N.PROTOBUF_TYPE_UNION) === true ||
    schema.parameters?.[N.GENERALIZED_TYPE_UNION] !== undefined
  );
}

function setField(out: ProtoObject, type: protobuf.Type, name: string, schema: Schema, value: unknown): void {
  const field = type.fields[name];
  if (field === undefined) throw new DataError(`The Protobuf message ${type.name} has no field ${name}`);
  field.resolve();
  if (field instanceof protobuf.MapField) {
    out[name] = mapObject(schema, value, field);
  } else if (schema.type === SchemaType.ARRAY) {
    const items = value as unknown[];
    if (items.length > 0) out[name] = items.map((item) => elementValue(schema.valueSchema as Schema, item, field));
  } else if (schema.type === SchemaType.MAP) {
    out[name] = entries(value).map(([k, v]) => entryObject(schema, field.resolvedType as protobuf.Type, k, v));
  } else {
    out[name] = elementValue(schema, value, field);
  }
}

function entries(value: unknown): Array<[unknown, unknown]> {
  if (value instanceof Map) return [...value.entries()];
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  throw new DataError(`Invalid type for MAP: ${typeof value}`);
}

function mapObject(schema: Schema, value: unknown, field: protobuf.MapField): ProtoObject {
  const out: ProtoObject = {};
  const valueField = new protobuf.Field(N.VALUE_FIELD, 2, field.type);
  valueField.parent = field.parent;
  valueField.resolve();
  for (const [key, item] of entries(value)) {
    if (key === null || key === undefined) throw new DataError('Protobuf map keys cannot be null');
    if (item === null || item === undefined) continue;
    out[String(key)] = elementValue(schema.valueSchema as Schema, item, valueField);
  }
  return out;
}

function entryObject(schema: Schema, entry: protobuf.Type, key: unknown, value: unknown): ProtoObject {
  const out: ProtoObject = {};
  if (key !== null && key !== undefined) setField(out, entry, N.KEY_FIELD, schema.keySchema as Schema, key);
  if (value !== null && value !== undefined) setField(out, entry, N.VALUE_FIELD, schema.valueSchema as Schema, value);
  return out;
}

function elementValue(schema: Schema, value: unknown, field: protobuf.Field): unknown {
  const resolved = field.resolvedType;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return decimalMessage(value);
    case LogicalDate.LOGICAL_NAME:
      return dateMessage(value);
    case LogicalTime.LOGICAL_NAME:
      return timeMessage(value);
    case LogicalTimestamp.LOGICAL_NAME:
      return timestampMessage(schema, value);
  }
  if (resolved instanceof protobuf.Enum) return enumNumber(resolved, value);
  if (resolved instanceof protobuf.Type) {
    if (schema.type === SchemaType.STRUCT) return toProtoMessage(schema, value as Struct, resolved);
    // A primitive in a google.protobuf wrapper (wrapper.for.nullables).
    return { value: scalarValue(schema, value, (resolved.fields[N.VALUE_FIELD] as protobuf.Field).type) };
  }
  return scalarValue(schema, value, field.type);
}

function enumNumber(type: protobuf.Enum, value: unknown): number {
  if (typeof value === 'number') return value;
  const number = type.values[String(value)];
  if (number === undefined) throw new DataError(`Invalid enum symbol ${String(value)} for ${type.name}`);
  return number;
}

function scalarValue(schema: Schema, value: unknown, protoType: string): unknown {
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
    case SchemaType.INT32:
    case SchemaType.FLOAT32:
    case SchemaType.FLOAT64:
      if (typeof value !== 'number')
        throw new DataError(`Invalid type for ${schema.type.toUpperCase()}: ${typeof value}`);
      return value;
    case SchemaType.INT64:
      if (typeof value === 'bigint')
        return protoType === 'uint32' || protoType === 'fixed32' ? Number(value) : value.toString();
      if (typeof value !== 'number') throw new DataError(`Invalid type for INT64: ${typeof value}`);
      return value;
    case SchemaType.BOOLEAN:
      if (typeof value !== 'boolean') throw new DataError(`Invalid type for BOOLEAN: ${typeof value}`);
      return value;
    case SchemaType.STRING:
      if (typeof value !== 'string') throw new DataError(`Invalid type for STRING: ${typeof value}`);
      return value;
    case SchemaType.BYTES:
      if (!(value instanceof Uint8Array)) throw new DataError(`Invalid type for BYTES: ${typeof value}`);
      return value;
    default:
      throw new DataError(`Unknown Connect schema type: ${schema.type}`);
  }
}

function decimalMessage(value: unknown): ProtoObject {
  if (!(value instanceof BigDecimal)) throw new DataError('Invalid type for Decimal, expected BigDecimal');
  const digits = (value.unscaled < 0n ? -value.unscaled : value.unscaled).toString().length;
  return { value: bigintToBytes(value.unscaled), precision: digits, scale: value.scale };
}

function requireDate(value: unknown, what: string): Date {
  if (!(value instanceof Date)) throw new DataError(`Invalid type for ${what}, expected Date`);
  return value;
}

function dateMessage(value: unknown): ProtoObject {
  const date = requireDate(value, 'Date');
  if (date.getTime() % MILLIS_PER_DAY !== 0)
    throw new DataError('Kafka Connect Date type should not have any time fields set to non-zero values.');
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function timeMessage(value: unknown): ProtoObject {
  const millis = requireDate(value, 'Time').getTime();
  if (millis < 0 || millis > MILLIS_PER_DAY)
    throw new DataError('Time values must use number of millis greater than 0 and less than 86400000');
  const date = new Date(millis);
  return {
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    seconds: date.getUTCSeconds(),
    nanos: date.getUTCMilliseconds() * 1_000_000,
  };
}

function timestampMessage(schema: Schema, value: unknown): ProtoObject {
  const millis = LogicalTimestamp.fromLogical(schema, requireDate(value, 'Timestamp'));
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1_000_000 };
}

/** A decoded protobufjs message as a Connect value of `schema`. */
export function toConnectValue(
  schema: Schema,
  message: ProtoObject,
  type: protobuf.Type,
  options: ProtobufDataOptions,
): Struct {
  const struct = new Struct(schema);
  for (const oneof of realOneofs(type)) {
    const set = oneof.oneof.find((name) => isPresent(message, name));
    if (set === undefined) continue;
    if (options.flattenUnions) {
      const memberSchema = fieldOf(schema, set)?.schema;
      if (memberSchema !== undefined)
        struct.put(set, readField(memberSchema, message[set], type.fields[set] as protobuf.Field, options));
      continue;
    }
    const unionName = unionFieldName(type, oneof, options);
    const unionSchema = fieldOf(schema, unionName)?.schema;
    if (unionSchema === undefined) continue;
    const memberSchema = fieldOf(unionSchema, set)?.schema as Schema;
    const union = new Struct(unionSchema).put(
      set,
      readField(memberSchema, message[set], type.fields[set] as protobuf.Field, options),
    );
    struct.put(unionName, union);
  }
  for (const field of type.fieldsArray) {
    if (field.partOf !== null && field.options?.proto3_optional !== true) continue;
    const fieldSchema = fieldOf(schema, field.name)?.schema;
    if (fieldSchema === undefined) continue;
    const primitiveOrRepeated = !(field.resolvedType instanceof protobuf.Type) || field.repeated || field.map;
    const optional = field.options?.proto3_optional === true;
    if ((primitiveOrRepeated && !optional) || isPresent(message, field.name)) {
      struct.put(field.name, readField(fieldSchema, message[field.name], field, options));
    }
  }
  return struct;
}

function isPresent(message: ProtoObject, name: string): boolean {
  return Object.hasOwn(message, name) && message[name] !== null && message[name] !== undefined;
}

function readField(schema: Schema, value: unknown, field: protobuf.Field, options: ProtobufDataOptions): unknown {
  if (value === null || value === undefined) return null;
  if (field instanceof protobuf.MapField) return readMap(schema, value as ProtoObject, field, options);
  if (schema.type === SchemaType.ARRAY)
    return (value as unknown[]).map((item) => readElement(schema.valueSchema as Schema, item, field, options));
  if (schema.type === SchemaType.MAP) {
    const entry = field.resolvedType as protobuf.Type;
    return toMap(
      schema,
      (value as ProtoObject[]).map((e) => [
        readField(
          schema.keySchema as Schema,
          fieldValue(e, entry, N.KEY_FIELD),
          entry.fields[N.KEY_FIELD] as protobuf.Field,
          options,
        ),
        readField(
          schema.valueSchema as Schema,
          fieldValue(e, entry, N.VALUE_FIELD),
          entry.fields[N.VALUE_FIELD] as protobuf.Field,
          options,
        ),
      ]),
    );
  }
  return readElement(schema, value, field, options);
}

function fieldValue(message: ProtoObject, type: protobuf.Type, name: string): unknown {
  const field = type.fields[name] as protobuf.Field;
  return isPresent(message, name) || field.resolvedType instanceof protobuf.Type ? message[name] : field.typeDefault;
}

function toMap(schema: Schema, pairs: Array<[unknown, unknown]>): unknown {
  if (schema.keySchema?.type === SchemaType.STRING) return Object.fromEntries(pairs);
  return new Map(pairs);
}

function readMap(schema: Schema, value: ProtoObject, field: protobuf.MapField, options: ProtobufDataOptions): unknown {
  const valueField = new protobuf.Field(N.VALUE_FIELD, 2, field.type);
  valueField.parent = field.parent;
  valueField.resolve();
  const unsigned = field.keyType === 'uint64' || field.keyType === 'fixed64';
  const pairs = Object.entries(value).map(([key, item]): [unknown, unknown] => [
    mapKey(key, field.keyType, unsigned),
    readElement(schema.valueSchema as Schema, item, valueField, options),
  ]);
  return toMap(schema, pairs);
}

function mapKey(key: string, keyType: string, unsigned: boolean): unknown {
  if (keyType === 'string') return key;
  if (keyType === 'bool') return key === 'true';
  if (key.length === 8 && !/^-?\d+$/.test(key)) return longValue(protobuf.util.longFromHash(key, unsigned));
  return keyType.endsWith('64') || keyType === 'uint32' || keyType === 'fixed32' ? longValue(key) : Number(key);
}

function readElement(schema: Schema, value: unknown, field: protobuf.Field, options: ProtobufDataOptions): unknown {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: {
      const { value: bytes, scale } = value as { value?: Uint8Array; scale?: number };
      return new BigDecimal(bytes === undefined || bytes.length === 0 ? 0n : bytesToBigint(bytes), scale ?? 0);
    }
    case LogicalDate.LOGICAL_NAME: {
      const { year = 0, month = 0, day = 0 } = value as { year?: number; month?: number; day?: number };
      return new Date(Date.UTC(year, month - 1, day));
    }
    case LogicalTime.LOGICAL_NAME: {
      const t = value as { hours?: number; minutes?: number; seconds?: number; nanos?: number };
      return new Date(
        (((t.hours ?? 0) * 60 + (t.minutes ?? 0)) * 60 + (t.seconds ?? 0)) * 1000 +
          Math.floor((t.nanos ?? 0) / 1_000_000),
      );
    }
    case LogicalTimestamp.LOGICAL_NAME: {
      const ts = value as { seconds?: unknown; nanos?: number };
      return new Date(Number(longValue(ts.seconds ?? 0)) * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000));
    }
  }
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const number = value as number;
    return schema.type === SchemaType.INT32 ? number : (resolved.valuesById[number] ?? String(number));
  }
  if (resolved instanceof protobuf.Type) {
    if (schema.type === SchemaType.STRUCT) return toConnectValue(schema, value as ProtoObject, resolved, options);
    const wrapped = value as ProtoObject;
    const inner = resolved.fields[N.VALUE_FIELD] as protobuf.Field;
    return readScalar(schema, Object.hasOwn(wrapped, N.VALUE_FIELD) ? wrapped[N.VALUE_FIELD] : inner.typeDefault);
  }
  return readScalar(schema, value);
}

function readScalar(schema: Schema, value: unknown): unknown {
  if (schema.type === SchemaType.INT64) return longValue(value);
  if (schema.type === SchemaType.BYTES) {
    const bytes = value as Uint8Array;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return value;
}

/** A protobufjs 64-bit value (number, Long or decimal string) as a number when safe, else a bigint. */
export function longValue(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  const big = BigInt(
    typeof value === 'object' && value !== null ? (value as { toString(): string }).toString() : String(value),
  );
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

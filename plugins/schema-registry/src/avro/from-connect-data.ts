/**
 * Connect values → avsc values for an Avro schema (`AvroData.fromConnectData`), walking the Connect schema
 * beside the Avro schema it is written with. avsc runs with wrapped unions, so a union value is
 * `{<branch>: value}`: an optional Connect value picks its non-null branch, an
 * `io.confluent.connect.avro.Union` struct the branch of its one set field.
 */
import { DataError, SchemaType, Struct, type Schema } from 'lambda-connect/api';
import { fromLogical, typeName } from './avro-defaults.js';
import * as N from './avro-names.js';
import { branchName, type AvroNode } from './avro-schema-node.js';
import { isUnionSchema } from './from-connect-schema.js';

export type UnionFieldName = (member: AvroNode) => string;

/** The avsc value of `value` (of `schema`) for the Avro schema `node`. */
export function fromConnectData(
  schema: Schema,
  node: AvroNode,
  value: unknown,
  unionFieldName: UnionFieldName,
): unknown {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataError('Found null value for non-optional schema');
    return null;
  }
  if (node.kind === 'union') {
    if (isUnionSchema(schema)) return unionStruct(schema, node, value, unionFieldName);
    const member = node.types.find((t) => !(t.kind === 'primitive' && t.type === 'null'));
    if (member === undefined) throw new DataError('Invalid Avro union for a non-null value');
    return { [branchName(member)]: fromConnectData(schema, member, value, unionFieldName) };
  }
  const raw = fromLogical(schema, value);
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
    case SchemaType.INT32:
      return expectInteger(raw, schema);
    case SchemaType.INT64:
      if (typeof raw === 'bigint' || (typeof raw === 'number' && Number.isInteger(raw))) return raw;
      throw mismatch(schema, raw);
    case SchemaType.FLOAT32:
    case SchemaType.FLOAT64:
      if (typeof raw === 'number') return raw;
      throw mismatch(schema, raw);
    case SchemaType.BOOLEAN:
      if (typeof raw === 'boolean') return raw;
      throw mismatch(schema, raw);
    case SchemaType.STRING:
      if (typeof raw !== 'string') throw mismatch(schema, raw);
      if (node.kind === 'enum' && !node.symbols.includes(raw))
        throw new DataError(`Invalid enum symbol ${raw} for ${node.fullName} (symbols: ${node.symbols.join(', ')})`);
      return raw;
    case SchemaType.BYTES:
      return bytes(schema, node, raw);
    case SchemaType.ARRAY:
      return array(schema, node, raw, unionFieldName);
    case SchemaType.MAP:
      return map(schema, node, raw, unionFieldName);
    case SchemaType.STRUCT:
      return record(schema, node, raw, unionFieldName);
  }
}

function expectInteger(value: unknown, schema: Schema): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw mismatch(schema, value);
}

function bytes(schema: Schema, node: AvroNode, value: unknown): Buffer {
  if (!(value instanceof Uint8Array)) throw mismatch(schema, value);
  let buffer = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (node.kind === 'fixed' && buffer.length !== node.size) {
    // A decimal's minimal two's complement is sign-extended to the fixed size, as Confluent pads it.
    if (schema.name !== undefined && buffer.length < node.size && schema.parameters?.['scale'] !== undefined) {
      const padded = Buffer.alloc(node.size, buffer.length > 0 && (buffer[0] as number) >= 0x80 ? 0xff : 0);
      buffer.copy(padded, node.size - buffer.length);
      buffer = padded;
    } else {
      throw new DataError(`Fixed ${node.fullName} needs ${node.size} bytes, got ${buffer.length}`);
    }
  }
  return buffer;
}

function array(schema: Schema, node: AvroNode, value: unknown, unionFieldName: UnionFieldName): unknown[] {
  if (!Array.isArray(value)) throw mismatch(schema, value);
  if (node.kind !== 'array') throw new DataError(`Avro ${node.kind} cannot hold a Connect array`);
  const element = schema.valueSchema as Schema;
  return value.map((item) => fromConnectData(element, node.items, item, unionFieldName));
}

function map(schema: Schema, node: AvroNode, value: unknown, unionFieldName: UnionFieldName): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw mismatch(schema, value);
  const entries: Array<[unknown, unknown]> = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const valueSchema = schema.valueSchema as Schema;
  if (node.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      if (typeof key !== 'string') throw new DataError(`Map key ${String(key)} is not a string`);
      out[key] = fromConnectData(valueSchema, node.values, item, unionFieldName);
    }
    return out;
  }
  if (node.kind !== 'array' || node.items.kind !== 'record')
    throw new DataError(`Avro ${node.kind} cannot hold a Connect map`);
  const entry = node.items;
  const keyNode = entry.fields.find((f) => f.name === N.KEY_FIELD)?.type as AvroNode;
  const valueNode = entry.fields.find((f) => f.name === N.VALUE_FIELD)?.type as AvroNode;
  return entries.map(([key, item]) => ({
    key: fromConnectData(schema.keySchema as Schema, keyNode, key, unionFieldName),
    value: fromConnectData(valueSchema, valueNode, item, unionFieldName),
  }));
}

function record(
  schema: Schema,
  node: AvroNode,
  value: unknown,
  unionFieldName: UnionFieldName,
): Record<string, unknown> {
  if (!(value instanceof Struct)) throw mismatch(schema, value);
  if (node.kind !== 'record') throw new DataError(`Avro ${node.kind} cannot hold a Connect struct`);
  const out: Record<string, unknown> = {};
  for (const field of node.fields) {
    const connectField =
      schema.fields?.find((f) => f.name === field.name) ??
      schema.fields?.find((f) => f.name.replace(/[^A-Za-z0-9_]/g, '_') === field.name);
    if (connectField === undefined) {
      // A field the Connect schema lacks (writing with a subject's latest version): its Avro default.
      if (field.default === undefined)
        throw new DataError(`Field ${field.name} of ${node.fullName} has no value and no default`);
      out[field.name] = field.default;
      continue;
    }
    out[field.name] = fromConnectData(connectField.schema, field.type, value.get(connectField.name), unionFieldName);
  }
  return out;
}

function unionStruct(
  schema: Schema,
  node: Extract<AvroNode, { kind: 'union' }>,
  value: unknown,
  unionFieldName: UnionFieldName,
): unknown {
  if (!(value instanceof Struct)) throw mismatch(schema, value);
  for (const field of schema.fields ?? []) {
    const fieldValue = value.get(field.name);
    if (fieldValue === null || fieldValue === undefined) continue;
    const member = node.types.find(
      (t) => !(t.kind === 'primitive' && t.type === 'null') && unionFieldName(t) === field.name,
    );
    if (member === undefined) throw new DataError(`Union field ${field.name} matches no member of the Avro union`);
    return {
      [branchName(member)]: fromConnectData({ ...field.schema, optional: false }, member, fieldValue, unionFieldName),
    };
  }
  if (!schema.optional) throw new DataError('Found null value for non-optional union');
  return null;
}

function mismatch(schema: Schema, value: unknown): DataError {
  return new DataError(
    `Invalid Java object for schema with type ${schema.type.toUpperCase()}: ${typeName(value)}${schema.name === undefined ? '' : ` (${schema.name})`}`,
  );
}

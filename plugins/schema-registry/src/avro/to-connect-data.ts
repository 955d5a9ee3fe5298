/**
 * avsc values → Connect values (`AvroData.toConnectData`), walking the Avro schema the data was written
 * with beside its Connect schema: records become Structs, string-keyed maps plain objects, `MapEntry`
 * arrays `Map`s, enums strings, wrapped unions their branch's value (or a Union struct), bytes
 * Uint8Arrays, logical types Connect's BigDecimal and Date.
 */
import { DataError, SchemaType, Struct, type Schema } from 'lambda-connect/api';
import { toLogical } from './avro-defaults.js';
import * as N from './avro-names.js';
import { branchName, type AvroNode } from './avro-schema-node.js';
import { isUnionSchema } from './from-connect-schema.js';
import type { UnionFieldName } from './from-connect-data.js';

/** The Connect value of an avsc value decoded with `node`. */
export function toConnectData(schema: Schema, node: AvroNode, value: unknown, unionFieldName: UnionFieldName): unknown {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataError('Found null value for non-optional schema');
    return null;
  }
  if (node.kind === 'union') return union(schema, node, value, unionFieldName);
  return toLogical(schema, raw(schema, node, value, unionFieldName));
}

function raw(
  schema: Schema,
  node: Exclude<AvroNode, { kind: 'union' }>,
  value: unknown,
  unionFieldName: UnionFieldName,
): unknown {
  switch (node.kind) {
    case 'primitive':
    case 'enum':
      return value instanceof Uint8Array ? new Uint8Array(value) : value;
    case 'fixed':
      return new Uint8Array(value as Uint8Array);
    case 'array': {
      const items = value as unknown[];
      if (schema.type === SchemaType.MAP) {
        const entry = node.items as Extract<AvroNode, { kind: 'record' }>;
        const keyNode = entry.fields.find((f) => f.name === N.KEY_FIELD)?.type as AvroNode;
        const valueNode = entry.fields.find((f) => f.name === N.VALUE_FIELD)?.type as AvroNode;
        const out = new Map<unknown, unknown>();
        for (const item of items as Array<Record<string, unknown>>) {
          out.set(
            toConnectData(schema.keySchema as Schema, keyNode, item[N.KEY_FIELD], unionFieldName),
            toConnectData(schema.valueSchema as Schema, valueNode, item[N.VALUE_FIELD], unionFieldName),
          );
        }
        return out;
      }
      return items.map((item) => toConnectData(schema.valueSchema as Schema, node.items, item, unionFieldName));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        out[key] = toConnectData(schema.valueSchema as Schema, node.values, item, unionFieldName);
      return out;
    }
    case 'record': {
      const struct = new Struct(schema);
      const fields = value as Record<string, unknown>;
      for (const field of node.fields) {
        const connectField = schema.fields?.find((f) => f.name === field.name);
        if (connectField !== undefined)
          struct.put(field.name, toConnectData(connectField.schema, field.type, fields[field.name], unionFieldName));
      }
      return struct;
    }
  }
}

function union(
  schema: Schema,
  node: Extract<AvroNode, { kind: 'union' }>,
  value: unknown,
  unionFieldName: UnionFieldName,
): unknown {
  const branch = Object.keys(value as object)[0];
  const member = node.types.find((t) => !(t.kind === 'primitive' && t.type === 'null') && branchName(t) === branch);
  if (member === undefined || branch === undefined)
    throw new DataError(`Avro union value names no member of the union: ${String(branch)}`);
  const inner = (value as Record<string, unknown>)[branch];
  if (!isUnionSchema(schema)) return toConnectData(schema, member, inner, unionFieldName);
  const struct = new Struct(schema);
  const name = unionFieldName(member);
  const field = schema.fields?.find((f) => f.name === name);
  if (field === undefined) throw new DataError(`Union member ${name} is not a field of the Connect union`);
  return struct.put(name, toConnectData(field.schema, member, inner, unionFieldName));
}

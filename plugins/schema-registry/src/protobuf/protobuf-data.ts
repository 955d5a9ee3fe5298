/**
 * `io.confluent.connect.protobuf.ProtobufData` in TypeScript: Connect schemas and values ↔ Protobuf schemas
 * and message bytes. Schemas are converted once per schema object (callers keep schema objects stable, as a
 * converter does per registry id), so a slice converts values only.
 */
import { DataError, type Schema, type SchemaAndValue, SchemaType, type Struct } from 'lambda-connect/api';
import type protobuf from 'protobufjs';
import { protoFromConnectSchema } from './connect-to-proto.js';
import { renderProtoFile } from './proto-file.js';
import { type ProtoSchema, indexesOf, parseProtoSchema } from './proto-schema.js';
import { connectSchemaOf, unwrappedSchema } from './proto-to-connect.js';
import { toConnectValue, toProtoMessage, longValue } from './proto-values.js';
import { PROTOBUF_DATA_DEFAULTS, type ProtobufDataOptions } from './protobuf-data-config.js';
import { WELL_KNOWN_PROTOS } from './well-known-protos.js';
import { WRAPPERS_FILE } from './protobuf-names.js';

/** A Connect schema's Protobuf form: the schema text to register, parsed, and the record's message type. */
export interface ProtobufSchemaAndType {
  readonly schema: ProtoSchema;
  readonly type: protobuf.Type;
  /** The message indexes of `type` in the schema's file. */
  readonly indexes: readonly number[];
}

export class ProtobufData {
  private readonly fromConnectCache = new WeakMap<Schema, ProtobufSchemaAndType>();
  private readonly toConnectCache = new WeakMap<protobuf.Type, Map<number | undefined, Schema>>();

  constructor(readonly options: ProtobufDataOptions = PROTOBUF_DATA_DEFAULTS) {}

  /** The Protobuf schema for a Connect schema (cached per schema object). */
  fromConnectSchema(schema: Schema): ProtobufSchemaAndType {
    const cached = this.fromConnectCache.get(schema);
    if (cached !== undefined) return cached;
    const generated = protoFromConnectSchema(schema, this.options);
    const text =
      generated.file === undefined ? (WELL_KNOWN_PROTOS[WRAPPERS_FILE] as string) : renderProtoFile(generated.file);
    const parsed = parseProtoSchema(text);
    const type = parsed.root.lookupType(generated.messageName);
    const result = { schema: parsed, type, indexes: indexesOf(parsed, type) };
    this.fromConnectCache.set(schema, result);
    return result;
  }

  /** Encodes a Connect value as a message of `type` (null stays null: a tombstone). */
  fromConnectData(schema: Schema, value: unknown, type: protobuf.Type): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const object =
      schema.type === SchemaType.STRUCT ? toProtoMessage(schema, value as Struct, type) : wrapPrimitive(schema, value);
    // Values were type-checked while building the object; protobufjs's verify would check them again.
    try {
      return type.encode(object).finish();
    } catch (cause) {
      throw new DataError(`Invalid value for Protobuf message ${type.name}: ${(cause as Error).message}`, { cause });
    }
  }

  /** The Connect schema of records of `type` (cached per type and version). */
  toConnectSchema(type: protobuf.Type, version?: number): Schema {
    let byVersion = this.toConnectCache.get(type);
    if (byVersion === undefined) {
      byVersion = new Map();
      this.toConnectCache.set(type, byVersion);
    }
    let schema = byVersion.get(version);
    if (schema === undefined) {
      schema = connectSchemaOf(type, this.options, version);
      byVersion.set(version, schema);
    }
    return schema;
  }

  /** Decodes message bytes of `type` into a Connect schema and value. */
  toConnectData(type: protobuf.Type, bytes: Uint8Array, version?: number): SchemaAndValue {
    const schema = this.toConnectSchema(type, version);
    let message: Record<string, unknown>;
    try {
      message = type.decode(bytes) as unknown as Record<string, unknown>;
    } catch (cause) {
      throw new DataError(`Invalid Protobuf message ${type.name}: ${(cause as Error).message}`, { cause });
    }
    if (schema.type !== SchemaType.STRUCT) return { schema, value: unwrapPrimitive(schema, type, message) };
    return { schema, value: toConnectValue(schema, message, type, this.options) };
  }
}

function wrapPrimitive(schema: Schema, value: unknown): Record<string, unknown> {
  if (schema.type === SchemaType.INT64 && typeof value === 'bigint') return { value: value.toString() };
  return { value };
}

function unwrapPrimitive(schema: Schema, type: protobuf.Type, message: Record<string, unknown>): unknown {
  const inner = type.fields.value as protobuf.Field;
  const value = Object.hasOwn(message, 'value') ? message.value : inner.typeDefault;
  if (unwrappedSchema(type.fullName.slice(1)) === undefined) throw new DataError(`Not a wrapper type: ${type.name}`);
  if (schema.type === SchemaType.INT64) return longValue(value);
  if (schema.type === SchemaType.BYTES) return new Uint8Array(value as Uint8Array);
  return value;
}

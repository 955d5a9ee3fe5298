/**
 * `io.confluent.connect.protobuf.ProtobufConverter`: Connect data as Protobuf in Confluent's wire format
 * (magic byte, schema id, message indexes, message), schemas in a Schema Registry. Writing: the Connect
 * schema maps to a .proto file (cached per schema object) registered or looked up once per subject; the
 * record is the file's message at the written indexes. Reading: the id names the schema (fetched once, its
 * references too), the indexes name the message type. Registry calls happen on cache misses only and never
 * block: the converter throws the API's `PendingIoError` and the worker calls it again once the answer is
 * cached. Also a header converter (a header's value is converted as a value of the record's topic).
 */
import {
  type ConfigDef,
  type Converter,
  DataError,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from 'lambda-connect/api';
import type protobuf from 'protobufjs';
import type { RegistrySchema } from '../client/registry-client.js';
import { RegistrySerde } from '../shared/registry-serde.js';
import { frame, unframe } from '../shared/wire-format.js';
import { decodeMessageIndexes, encodeMessageIndexes } from './message-indexes.js';
import { indexesOf } from './proto-schema.js';
import { parseProtobufConverterSettings, protobufConverterConfigDef } from './protobuf-converter-config.js';
import { ProtobufSchemaCache, type ProtobufWriterPlan } from './protobuf-schema-cache.js';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

export class ProtobufConverter implements Converter, HeaderConverter {
  static readonly className = 'io.confluent.connect.protobuf.ProtobufConverter';

  private serde: RegistrySerde | undefined;
  private cache: ProtobufSchemaCache | undefined;

  configure(configs: Readonly<Record<string, string>>, isKey = false): void {
    const { registry, data } = parseProtobufConverterSettings(configs, isKey);
    this.serde = new RegistrySerde(registry);
    this.cache = ProtobufSchemaCache.for(this.serde, data);
  }

  config(): ConfigDef {
    return protobufConverterConfigDef();
  }

  fromConnectData(topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const { serde, cache } = this.configured();
    if (schema === null)
      throw new DataError(`Failed to serialize Protobuf data from topic ${topic}: ProtobufConverter needs a schema`);
    const plan = cache.writer(schema);
    const writer = serde.writerSchema(topic, plan.registrySchema, plan.recordName, (latest) =>
      canRead(cache, latest, plan),
    );
    const { type, indexes } = writer.latest ? latestType(cache, writer.schema, plan) : plan;
    try {
      const message = cache.data.fromConnectData(schema, value, type) as Uint8Array;
      return frame(writer.id, concat(encodeMessageIndexes(indexes), message));
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to serialize Protobuf data from topic ${topic}: ${error.message}`, {
          cause: error,
        });
      throw error;
    }
  }

  toConnectData(topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { cache } = this.configured();
    try {
      const { schemaId, payload } = unframe(value);
      const { indexes, next } = decodeMessageIndexes(payload, 0);
      const plan = cache.reader(topic, schemaId, indexes);
      return cache.data.toConnectData(plan.type, payload.subarray(next), plan.schema.version);
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to deserialize data for topic ${topic} to Protobuf: ${error.message}`, {
          cause: error,
        });
      throw error;
    }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }

  private configured(): { serde: RegistrySerde; cache: ProtobufSchemaCache } {
    if (this.serde === undefined || this.cache === undefined)
      throw new DataError('ProtobufConverter is not configured');
    return { serde: this.serde, cache: this.cache };
  }
}

/** The latest version's message of the record's name (else its first message), for `use.latest.version`. */
function latestType(
  cache: ProtobufSchemaCache,
  latest: RegistrySchema,
  plan: ProtobufWriterPlan,
): { type: protobuf.Type; indexes: readonly number[] } {
  const parsed = cache.parse(latest);
  const type = parsed.messages.find((m) => m.fullName.slice(1) === plan.recordName) ?? parsed.messages[0];
  if (type === undefined) throw new DataError('The latest schema version defines no message');
  return { type, indexes: indexesOf(parsed, type) };
}

/**
 * `latest.compatibility.strict`: the latest version can read our records when every field we write exists
 * there under the same number with the same type (Protobuf's wire rule; unknown fields would be dropped).
 */
function canRead(cache: ProtobufSchemaCache, latest: RegistrySchema, plan: ProtobufWriterPlan): boolean {
  const { type } = latestType(cache, latest, plan);
  return plan.type.fieldsArray.every((field) => {
    const theirs = type.fieldsById[field.id];
    return (
      theirs !== undefined &&
      theirs.type.split('.').pop() === field.type.split('.').pop() &&
      theirs.repeated === field.repeated
    );
  });
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

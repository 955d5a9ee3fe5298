/**
 * `io.confluent.connect.avro.AvroConverter`: Connect data as Avro in Confluent's wire format, schemas in a
 * Schema Registry. Writing: the Connect schema maps to Avro (cached per schema object), its id comes from
 * the registry once per schema and subject (auto-register, latest version, or lookup), the value is Avro
 * binary after the 5-byte header. Reading: the id names the writer schema, fetched once, mapped to a
 * Connect schema carrying the subject version. Registry calls happen on cache misses only and never block:
 * the converter throws the API's `PendingIoError` and the worker calls it again once the answer is cached.
 */
import {
  DataError,
  type ConfigDef,
  type Converter,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from 'lambda-connect/api';
import type { RegistrySchema } from '../client/registry-client.js';
import { RegistrySerde } from '../shared/registry-serde.js';
import { frame, unframe } from '../shared/wire-format.js';
import { avroConverterConfigDef, parseAvroConverterSettings, type AvroDataSettings } from './avro-data-config.js';
import { fromAnything, toAnything } from './anything.js';
import { AvroSchemaCache, type ReaderPlan } from './avro-schema-cache.js';
import { canRead, decode, encode } from './avro-codec.js';
import { fromConnectData } from './from-connect-data.js';
import { toConnectData } from './to-connect-data.js';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

export class AvroConverter implements Converter, HeaderConverter {
  static readonly className = 'io.confluent.connect.avro.AvroConverter';

  private serde: RegistrySerde | undefined;
  private cache: AvroSchemaCache | undefined;

  /** As a key/value converter pass `isKey`; as a header converter (no `isKey`) it works as a value converter. */
  configure(configs: Readonly<Record<string, string>>, isKey = false): void {
    const { registry, data } = parseAvroConverterSettings(configs, isKey);
    this.serde = new RegistrySerde(registry);
    this.cache = AvroSchemaCache.for(this.serde, data);
  }

  config(): ConfigDef {
    return avroConverterConfigDef();
  }

  fromConnectData(topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const { serde, cache } = this.configured();
    // Schemaless (a null schema): Confluent's Anything record, as AvroData writes it (the value converted
    // first: one with no schemaless form fails before anything is registered).
    const schemaless = schema === null ? this.schemaless(topic, value) : undefined;
    const plan = schema === null ? cache.schemalessWriter() : cache.writer(schema);
    const writer = serde.writerSchema(topic, plan.registrySchema, plan.recordName, (latest: RegistrySchema) =>
      canRead(cache.registeredCodec(latest), plan.codec),
    );
    const codec =
      writer.latest || writer.schema.schema !== plan.codec.text ? cache.registeredCodec(writer.schema) : plan.codec;
    try {
      const avro = schema === null ? schemaless : fromConnectData(schema, codec.node, value, cache.unionFieldName);
      return frame(writer.id, encode(codec, avro));
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to serialize Avro data from topic ${topic}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  toConnectData(topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { serde, cache } = this.configured();
    try {
      const { schemaId, payload } = unframe(value);
      const plan: ReaderPlan = cache.reader(serde, topic, schemaId);
      const decoded = decode(plan.codec, payload);
      if (plan.schema === null) return { schema: null, value: fromAnything(decoded) };
      return { schema: plan.schema, value: toConnectData(plan.schema, plan.codec.node, decoded, cache.unionFieldName) };
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to deserialize data for topic ${topic} to Avro: ${error.message}`, {
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

  private schemaless(topic: string, value: unknown): unknown {
    try {
      return toAnything(value);
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Failed to serialize Avro data from topic ${topic}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  private configured(): { serde: RegistrySerde; cache: AvroSchemaCache } {
    if (this.serde === undefined || this.cache === undefined) throw new DataError('AvroConverter is not configured');
    return { serde: this.serde, cache: this.cache };
  }
}

export type { AvroDataSettings };

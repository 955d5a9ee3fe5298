/**
 * `com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter`: Connect data as Avro in the
 * AWS Glue Schema Registry wire format (header byte 3, compression byte, 16-byte schema version id), with
 * the Connect ↔ Avro mapping of Confluent's AvroData, as the AWS library's converter uses it. The schema
 * name is `schemaName`, else the topic (the library's default strategy, for keys and values alike).
 */
import {
  DataError,
  type ConfigDef,
  type Converter,
  type ConverterContext,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from 'lambda-connect/api';
import { avroCodec, decode, encode, type AvroCodec } from '../avro/avro-codec.js';
import type { AvroNode } from '../avro/avro-schema-node.js';
import { fromConnectData } from '../avro/from-connect-data.js';
import { fromConnectSchema } from '../avro/from-connect-schema.js';
import { toConnectData } from '../avro/to-connect-data.js';
import { toConnectSchema } from '../avro/to-connect-schema.js';
import { glueConverterConfigDef, parseGlueSettings, type GlueSettings } from './glue-config.js';
import { sharedGlueRegistry, type GlueRegistry } from './glue-registry.js';
import { glueFrame, glueUnframe } from './glue-wire-format.js';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

interface Configured {
  readonly settings: GlueSettings;
  readonly registry: GlueRegistry;
  readonly writers: WeakMap<Schema, AvroCodec>;
  readonly readers: Map<string, { codec: AvroCodec; schema: Schema }>;
}

export class AWSKafkaAvroConverter implements Converter, HeaderConverter {
  static readonly className = 'com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter';

  private state: Configured | undefined;
  private context: ConverterContext | undefined;

  /** Plugin API 1.2: the Glue client is built through the runtime's `awsClient` (timeouts, local IAM). */
  initialize(context: ConverterContext): void {
    this.context = context;
  }

  /** As a key/value converter pass `isKey`; as a header converter (no `isKey`) it works as a value converter. */
  configure(configs: Readonly<Record<string, string>>, isKey = false): void {
    const settings = parseGlueSettings(configs, isKey);
    this.state = { settings, registry: sharedGlueRegistry(settings, this.context), ...caches(settings) };
  }

  config(): ConfigDef {
    return glueConverterConfigDef();
  }

  fromConnectData(topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const { settings, registry, writers } = this.configured();
    if (schema === null)
      throw new DataError('Converting Kafka Connect data to byte[] failed: AWSKafkaAvroConverter needs a schema');
    let codec = writers.get(schema);
    if (codec === undefined) {
      codec = avroCodec(JSON.stringify(fromConnectSchema(schema, settings.data)));
      writers.set(schema, codec);
    }
    const versionId = registry.versionId(settings.schemaName ?? topic, codec.text);
    try {
      return glueFrame(
        versionId,
        encode(codec, fromConnectData(schema, codec.node, value, unionFieldName(settings))),
        settings.compression,
      );
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(
          `Converting Kafka Connect data to byte[] failed due to serialization error: ${error.message}`,
          { cause: error },
        );
      throw error;
    }
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { settings, registry, readers } = this.configured();
    try {
      const { versionId, payload } = glueUnframe(value);
      let reader = readers.get(versionId);
      if (reader === undefined) {
        const codec = avroCodec(registry.definition(versionId));
        reader = { codec, schema: toConnectSchema(codec.node, settings.data) };
        readers.set(versionId, reader);
        if (readers.size > settings.cacheSize) readers.delete(readers.keys().next().value as string);
      }
      return {
        schema: reader.schema,
        value: toConnectData(reader.schema, reader.codec.node, decode(reader.codec, payload), unionFieldName(settings)),
      };
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(
          `Converting byte[] to Kafka Connect data failed due to serialization error: ${error.message}`,
          { cause: error },
        );
      throw error;
    }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }

  private configured(): Configured {
    if (this.state === undefined) throw new DataError('AWSKafkaAvroConverter is not configured');
    return this.state;
  }
}

/** Per settings per warm environment, as the registry lookups: converters are built per slice. */
const CACHES = new Map<string, Pick<Configured, 'writers' | 'readers'>>();

function caches(settings: GlueSettings): Pick<Configured, 'writers' | 'readers'> {
  const key = JSON.stringify(settings.data);
  let entry = CACHES.get(key);
  if (entry === undefined) {
    entry = { writers: new WeakMap(), readers: new Map() };
    CACHES.set(key, entry);
  }
  return entry;
}

function unionFieldName(settings: GlueSettings): (member: AvroNode) => string {
  return (member) => {
    if (member.kind === 'record' || member.kind === 'enum' || member.kind === 'fixed')
      return settings.data.enhancedSchemaSupport ? member.fullName : member.name;
    return member.kind === 'primitive' ? member.type : member.kind;
  };
}

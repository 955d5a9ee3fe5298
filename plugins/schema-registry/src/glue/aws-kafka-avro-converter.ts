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
import { ANYTHING_FULL_NAME, ANYTHING_SCHEMA_TEXT, fromAnything, toAnything } from '../avro/anything.js';
import { avroCodec, decode, encode, type AvroCodec } from '../avro/avro-codec.js';
import type { AvroNode } from '../avro/avro-schema-node.js';
import { fromConnectData } from '../avro/from-connect-data.js';
import { fromConnectSchema } from '../avro/from-connect-schema.js';
import { toConnectData } from '../avro/to-connect-data.js';
import { toConnectSchema } from '../avro/to-connect-schema.js';
import { glueConverterConfigDef, parseGlueSettings, type GlueSettings } from './glue-config.js';
import { sharedGlueRegistry, type GlueRegistry } from './glue-registry.js';
import { glueFrame, glueUnframe } from './glue-wire-format.js';

/** The writer cache's key for schemaless values. */
const SCHEMALESS = Object.freeze({ schemaless: true });

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

interface Configured {
  readonly settings: GlueSettings;
  readonly registry: GlueRegistry;
  readonly writers: WeakMap<Schema | typeof SCHEMALESS, AvroCodec>;
  readonly readers: Map<string, { codec: AvroCodec; schema: Schema | null }>;
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
    // Schemaless (a null schema): Confluent's Anything record, as AvroData (which AWS's converter uses) writes it.
    const key = schema ?? SCHEMALESS;
    let codec = writers.get(key);
    if (codec === undefined) {
      codec = avroCodec(
        schema === null ? ANYTHING_SCHEMA_TEXT : JSON.stringify(fromConnectSchema(schema, settings.data)),
      );
      writers.set(key, codec);
    }
    // The value first: one that does not fit fails before anything is registered.
    let avro: unknown;
    try {
      avro = schema === null ? toAnything(value) : fromConnectData(schema, codec.node, value, unionFieldName(settings));
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(
          `Converting Kafka Connect data to byte[] failed due to serialization error: ${error.message}`,
          { cause: error },
        );
      throw error;
    }
    const versionId = registry.versionId(settings.schemaName ?? topic, codec.text);
    try {
      return glueFrame(versionId, encode(codec, avro), settings.compression);
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
        const anything = codec.node.kind === 'record' && codec.node.fullName === ANYTHING_FULL_NAME;
        reader = { codec, schema: anything ? null : toConnectSchema(codec.node, settings.data) };
        readers.set(versionId, reader);
        if (readers.size > settings.cacheSize) readers.delete(readers.keys().next().value as string);
      }
      const decoded = decode(reader.codec, payload);
      if (reader.schema === null) return { schema: null, value: fromAnything(decoded) };
      return {
        schema: reader.schema,
        value: toConnectData(reader.schema, reader.codec.node, decoded, unionFieldName(settings)),
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

/**
 * `AWSKafkaAvroConverter`'s keys, as the AWS Glue Schema Registry library names them
 * (`AWSSchemaRegistryConstants`), plus Confluent's AvroData keys it shares with the AvroConverter.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators } from 'lambda-connect/api';
import { avroConverterConfigDef, AvroDataConfigKeys, type AvroDataSettings } from '../avro/avro-data-config.js';

export const GlueConfigKeys = {
  REGION: 'region',
  ENDPOINT: 'endpoint',
  REGISTRY_NAME: 'registry.name',
  SCHEMA_NAME: 'schemaName',
  AUTO_REGISTRATION: 'schemaAutoRegistrationEnabled',
  AVRO_RECORD_TYPE: 'avroRecordType',
  COMPRESSION: 'compression',
  /** Accepted as a synonym of `compression` (the name the issue and some guides use). */
  COMPRESSION_TYPE: 'compressionType',
  DATA_FORMAT: 'dataFormat',
  COMPATIBILITY: 'compatibility',
  DESCRIPTION: 'description',
  CACHE_SIZE: 'cacheSize',
  CACHE_TTL: 'timeToLiveMillis',
} as const;

export const DEFAULT_REGISTRY_NAME = 'default-registry';
const COMPATIBILITIES = ['NONE', 'DISABLED', 'BACKWARD', 'BACKWARD_ALL', 'FORWARD', 'FORWARD_ALL', 'FULL', 'FULL_ALL'];

export interface GlueSettings {
  readonly isKey: boolean;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly registryName: string;
  /** Undefined: the topic name (the library's default naming strategy). */
  readonly schemaName: string | undefined;
  readonly autoRegistration: boolean;
  readonly compression: 'NONE' | 'ZLIB';
  readonly compatibility: string;
  readonly description: string | undefined;
  readonly cacheSize: number;
  readonly cacheTtlMs: number;
  readonly data: AvroDataSettings;
}

/** Shared registry keys are Confluent's; the Glue converter keeps only the AvroData ones. */
const AVRO_DATA_KEYS: readonly string[] = Object.values(AvroDataConfigKeys);

export function glueConverterConfigDef(): ConfigDef {
  const glue = new ConfigDef();
  for (const key of avroConverterConfigDef().configKeys())
    if (AVRO_DATA_KEYS.includes(key.name) || key.name === 'converter.type') glue.define(key);
  return glue
    .define({
      name: GlueConfigKeys.REGION,
      type: ConfigType.STRING,
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      documentation: 'The AWS region of the Glue Schema Registry.',
    })
    .define({
      name: GlueConfigKeys.ENDPOINT,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.LOW,
      documentation: 'The Glue endpoint to call instead of the regional one (a VPC endpoint, or a local emulator).',
    })
    .define({
      name: GlueConfigKeys.REGISTRY_NAME,
      type: ConfigType.STRING,
      defaultValue: DEFAULT_REGISTRY_NAME,
      importance: Importance.HIGH,
      documentation: 'The registry holding the schemas.',
    })
    .define({
      name: GlueConfigKeys.SCHEMA_NAME,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.MEDIUM,
      documentation: 'The schema name; default: the topic name.',
    })
    .define({
      name: GlueConfigKeys.AUTO_REGISTRATION,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation:
        'Whether to create the schema and register new versions when a record schema is not in the registry.',
    })
    .define({
      name: GlueConfigKeys.AVRO_RECORD_TYPE,
      type: ConfigType.STRING,
      defaultValue: 'GENERIC_RECORD',
      validator: Validators.in(['GENERIC_RECORD', 'SPECIFIC_RECORD', 'UNKNOWN']),
      importance: Importance.LOW,
      documentation:
        'The Java record type the library deserializes to; a converter always yields Connect data, so only validated.',
    })
    .define({
      name: GlueConfigKeys.COMPRESSION,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: compressionValidator,
      importance: Importance.LOW,
      documentation: 'NONE or ZLIB: whether the Avro payload is zlib-compressed (compression byte 5).',
    })
    .define({
      name: GlueConfigKeys.COMPRESSION_TYPE,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: compressionValidator,
      importance: Importance.LOW,
      documentation: 'Synonym of compression.',
    })
    .define({
      name: GlueConfigKeys.DATA_FORMAT,
      type: ConfigType.STRING,
      defaultValue: 'AVRO',
      validator: Validators.in(['AVRO']),
      importance: Importance.LOW,
      documentation: 'The data format; this converter writes AVRO.',
    })
    .define({
      name: GlueConfigKeys.COMPATIBILITY,
      type: ConfigType.STRING,
      defaultValue: 'BACKWARD',
      validator: Validators.in(COMPATIBILITIES, true),
      importance: Importance.LOW,
      documentation: 'The compatibility of a schema the converter creates.',
    })
    .define({
      name: GlueConfigKeys.DESCRIPTION,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.LOW,
      documentation: 'The description of a schema the converter creates.',
    })
    .define({
      name: GlueConfigKeys.CACHE_SIZE,
      type: ConfigType.INT,
      defaultValue: 200,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      documentation: 'Schema versions cached per warm environment.',
    })
    .define({
      name: GlueConfigKeys.CACHE_TTL,
      type: ConfigType.LONG,
      defaultValue: 86_400_000,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      documentation: 'How long a schema definition → version id answer is cached (ms).',
    });
}

function compressionValidator(name: string, value: unknown): void {
  if (value !== null && !['NONE', 'ZLIB'].includes(String(value).toUpperCase()))
    throw ConfigError.invalidValue(name, value, 'Accepted values are : [NONE, ZLIB]');
}

export function parseGlueSettings(configs: Readonly<Record<string, string>>, isKey: boolean): GlueSettings {
  const parsed = glueConverterConfigDef().parse(configs);
  const text = (key: string): string | undefined => (parsed.get(key) === null ? undefined : String(parsed.get(key)));
  const compression = (
    text(GlueConfigKeys.COMPRESSION) ??
    text(GlueConfigKeys.COMPRESSION_TYPE) ??
    'NONE'
  ).toUpperCase() as 'NONE' | 'ZLIB';
  return {
    isKey,
    region: String(parsed.get(GlueConfigKeys.REGION)),
    endpoint: text(GlueConfigKeys.ENDPOINT),
    registryName: String(parsed.get(GlueConfigKeys.REGISTRY_NAME)),
    schemaName: text(GlueConfigKeys.SCHEMA_NAME),
    autoRegistration: parsed.get(GlueConfigKeys.AUTO_REGISTRATION) as boolean,
    compression,
    compatibility: String(parsed.get(GlueConfigKeys.COMPATIBILITY)).toUpperCase(),
    description: text(GlueConfigKeys.DESCRIPTION),
    cacheSize: parsed.get(GlueConfigKeys.CACHE_SIZE) as number,
    cacheTtlMs: parsed.get(GlueConfigKeys.CACHE_TTL) as number,
    data: {
      enhancedSchemaSupport: parsed.get(AvroDataConfigKeys.ENHANCED_SCHEMA_SUPPORT) as boolean,
      connectMetaData: parsed.get(AvroDataConfigKeys.CONNECT_META_DATA) as boolean,
      allowOptionalMapKeys: parsed.get(AvroDataConfigKeys.ALLOW_OPTIONAL_MAP_KEYS) as boolean,
      flattenSingletonUnions: parsed.get(AvroDataConfigKeys.FLATTEN_SINGLETON_UNIONS) as boolean,
      scrubInvalidNames: parsed.get(AvroDataConfigKeys.SCRUB_INVALID_NAMES) as boolean,
    },
  };
}

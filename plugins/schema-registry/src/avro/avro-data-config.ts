/**
 * The AvroConverter's keys: the shared registry keys plus Confluent's `AvroDataConfig` keys this package
 * implements (`enhanced.avro.schema.support`, `connect.meta.data`, `allow.optional.map.keys`,
 * `flatten.singleton.unions`, `scrub.invalid.names`). The others are listed in the README.
 */
import { ConfigType, Importance, type ConfigDef } from 'lambda-connect/api';
import { parseRegistrySettings, registryConfigDef, type RegistrySettings } from '../shared/registry-config.js';

export const AvroDataConfigKeys = {
  ENHANCED_SCHEMA_SUPPORT: 'enhanced.avro.schema.support',
  CONNECT_META_DATA: 'connect.meta.data',
  ALLOW_OPTIONAL_MAP_KEYS: 'allow.optional.map.keys',
  FLATTEN_SINGLETON_UNIONS: 'flatten.singleton.unions',
  SCRUB_INVALID_NAMES: 'scrub.invalid.names',
} as const;

export interface AvroDataSettings {
  readonly enhancedSchemaSupport: boolean;
  readonly connectMetaData: boolean;
  readonly allowOptionalMapKeys: boolean;
  readonly flattenSingletonUnions: boolean;
  readonly scrubInvalidNames: boolean;
}

export const DEFAULT_AVRO_DATA_SETTINGS: AvroDataSettings = {
  enhancedSchemaSupport: false,
  connectMetaData: true,
  allowOptionalMapKeys: false,
  flattenSingletonUnions: true,
  scrubInvalidNames: false,
};

/** The AvroConverter's ConfigDef: shared registry keys, then the Avro data keys. */
export function avroConverterConfigDef(): ConfigDef {
  return registryConfigDef()
    .define({
      name: AvroDataConfigKeys.ENHANCED_SCHEMA_SUPPORT,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation: 'Enable enhanced schema support to preserve package information and Enums.',
    })
    .define({
      name: AvroDataConfigKeys.CONNECT_META_DATA,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        'Allow the Connect converter to add its metadata (connect.name, connect.version, connect.doc, connect.parameters, connect.default) to the output schema.',
    })
    .define({
      name: AvroDataConfigKeys.ALLOW_OPTIONAL_MAP_KEYS,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Allow optional string map keys when converting from Connect to Avro.',
    })
    .define({
      name: AvroDataConfigKeys.FLATTEN_SINGLETON_UNIONS,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation: 'Whether to flatten singleton unions.',
    })
    .define({
      name: AvroDataConfigKeys.SCRUB_INVALID_NAMES,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Whether to replace characters that are not valid in Avro names (with _).',
    });
}

/** Parses the AvroConverter's configs (throws `ConfigError`). */
export function parseAvroConverterSettings(
  configs: Readonly<Record<string, string>>,
  isKey: boolean,
): { registry: RegistrySettings; data: AvroDataSettings } {
  const { settings, parsed } = parseRegistrySettings(configs, isKey, avroConverterConfigDef());
  return {
    registry: settings,
    data: {
      enhancedSchemaSupport: parsed.get(AvroDataConfigKeys.ENHANCED_SCHEMA_SUPPORT) as boolean,
      connectMetaData: parsed.get(AvroDataConfigKeys.CONNECT_META_DATA) as boolean,
      allowOptionalMapKeys: parsed.get(AvroDataConfigKeys.ALLOW_OPTIONAL_MAP_KEYS) as boolean,
      flattenSingletonUnions: parsed.get(AvroDataConfigKeys.FLATTEN_SINGLETON_UNIONS) as boolean,
      scrubInvalidNames: parsed.get(AvroDataConfigKeys.SCRUB_INVALID_NAMES) as boolean,
    },
  };
}

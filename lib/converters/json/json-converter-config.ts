/** `JsonConverterConfig`: the JsonConverter's keys, defaults and docs. */
import { ConfigType, Importance, Validators, Width, type ConfigDef } from '../../api/index.js';
import { newConverterConfigDef } from '../converter-config.js';

export const DecimalFormat = { BASE64: 'BASE64', NUMERIC: 'NUMERIC' } as const;
export type DecimalFormat = (typeof DecimalFormat)[keyof typeof DecimalFormat];

export const JsonConverterConfigKeys = {
  SCHEMAS_ENABLE: 'schemas.enable',
  SCHEMAS_CACHE_SIZE: 'schemas.cache.size',
  DECIMAL_FORMAT: 'decimal.format',
  REPLACE_NULL_WITH_DEFAULT: 'replace.null.with.default',
} as const;

export interface JsonConverterSettings {
  readonly schemasEnabled: boolean;
  readonly schemaCacheSize: number;
  readonly decimalFormat: DecimalFormat;
  readonly replaceNullWithDefault: boolean;
}

export function jsonConverterConfigDef(): ConfigDef {
  return newConverterConfigDef()
    .define({
      name: JsonConverterConfigKeys.SCHEMAS_ENABLE,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.HIGH,
      documentation: 'Include schemas within each of the serialized values and keys.',
      group: 'Schemas',
      orderInGroup: 0,
      width: Width.MEDIUM,
      displayName: 'Enable Schemas',
    })
    .define({
      name: JsonConverterConfigKeys.SCHEMAS_CACHE_SIZE,
      type: ConfigType.INT,
      defaultValue: 1000,
      importance: Importance.HIGH,
      documentation: 'The maximum number of schemas that can be cached in this converter instance.',
      group: 'Schemas',
      orderInGroup: 1,
      width: Width.MEDIUM,
      displayName: 'Schema Cache Size',
    })
    .define({
      name: JsonConverterConfigKeys.DECIMAL_FORMAT,
      type: ConfigType.STRING,
      defaultValue: DecimalFormat.BASE64,
      validator: Validators.in([DecimalFormat.BASE64, DecimalFormat.NUMERIC], true),
      importance: Importance.LOW,
      documentation:
        "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
      group: 'Serialization',
      orderInGroup: 0,
      width: Width.MEDIUM,
      displayName: 'Decimal Format',
    })
    .define({
      name: JsonConverterConfigKeys.REPLACE_NULL_WITH_DEFAULT,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
      group: 'Serialization',
      orderInGroup: 1,
      width: Width.MEDIUM,
      displayName: 'Replace null with default',
    });
}

/** Parses the converter's configs (throws `ConfigError` on bad values). */
export function parseJsonConverterSettings(configs: Readonly<Record<string, string>>): JsonConverterSettings {
  const parsed = jsonConverterConfigDef().parse(configs);
  return {
    schemasEnabled: parsed.get(JsonConverterConfigKeys.SCHEMAS_ENABLE) as boolean,
    schemaCacheSize: parsed.get(JsonConverterConfigKeys.SCHEMAS_CACHE_SIZE) as number,
    decimalFormat: String(parsed.get(JsonConverterConfigKeys.DECIMAL_FORMAT)).toUpperCase() as DecimalFormat,
    replaceNullWithDefault: parsed.get(JsonConverterConfigKeys.REPLACE_NULL_WITH_DEFAULT) as boolean,
  };
}

/** JsonSchemaData's settings and the JSON Schema converter's own keys, Confluent's names and defaults. */
import { type ConfigDef, ConfigType, Importance, parseType, Validators } from 'lambda-connect/api';

export interface JsonSchemaDataOptions {
  /** `object.additional.properties`: a struct's JSON Schema allows properties it does not list. */
  readonly allowAdditionalProperties: boolean;
  /** `use.optional.for.nonrequired`: a property not in `required` reads as an optional field. */
  readonly useOptionalForNonRequired: boolean;
  /** `decimal.format`: BASE64 (a string of the unscaled bytes) or NUMERIC (a JSON number). */
  readonly decimalFormat: 'BASE64' | 'NUMERIC';
  /** `generalized.sum.type.support`: enums and oneOfs with Connect's generic Enum/Union parameters. */
  readonly generalizedSumTypeSupport: boolean;
  /** `flatten.singleton.unions`: a oneOf of one schema reads as that schema. */
  readonly flattenSingletonUnions: boolean;
  /** `json.fail.invalid.schema`: validate payloads against the schema (ajv) when writing and reading. */
  readonly failInvalidSchema: boolean;
}

export const JSON_SCHEMA_DATA_DEFAULTS: JsonSchemaDataOptions = Object.freeze({
  allowAdditionalProperties: true,
  useOptionalForNonRequired: false,
  decimalFormat: 'BASE64',
  generalizedSumTypeSupport: false,
  flattenSingletonUnions: true,
  failInvalidSchema: false,
});

const BOOLEAN_KEYS: ReadonlyArray<readonly [Exclude<keyof JsonSchemaDataOptions, 'decimalFormat'>, string, string]> = [
  [
    'allowAdditionalProperties',
    'object.additional.properties',
    'Whether to allow additional properties for object schemas.',
  ],
  [
    'useOptionalForNonRequired',
    'use.optional.for.nonrequired',
    'Whether to set non-required properties to be optional.',
  ],
  ['generalizedSumTypeSupport', 'generalized.sum.type.support', "Use Connect's generic Enum and Union parameters."],
  ['flattenSingletonUnions', 'flatten.singleton.unions', 'Whether to flatten singleton unions.'],
  [
    'failInvalidSchema',
    'json.fail.invalid.schema',
    'Whether to fail serialization and deserialization if the payload does not match the schema.',
  ],
];
const DECIMAL_FORMAT = 'decimal.format';

export function defineJsonSchemaDataConfig(def: ConfigDef): ConfigDef {
  for (const [field, name, documentation] of BOOLEAN_KEYS) {
    def.define({
      name,
      type: ConfigType.BOOLEAN,
      defaultValue: JSON_SCHEMA_DATA_DEFAULTS[field],
      importance: Importance.LOW,
      documentation,
    });
  }
  return def.define({
    name: DECIMAL_FORMAT,
    type: ConfigType.STRING,
    defaultValue: 'BASE64',
    validator: Validators.in(['BASE64', 'NUMERIC']),
    importance: Importance.LOW,
    documentation: 'Controls which format this converter will serialize decimals in: BASE64 or NUMERIC.',
  });
}

/** Reads the options from raw settings; a bad value is a `ConfigError` in Kafka's words. */
export function jsonSchemaDataOptions(configs: Readonly<Record<string, string>>): JsonSchemaDataOptions {
  const options: Record<string, unknown> = { ...JSON_SCHEMA_DATA_DEFAULTS };
  for (const [field, key] of BOOLEAN_KEYS) {
    const raw = configs[key];
    if (raw !== undefined) options[field] = parseType(key, raw, ConfigType.BOOLEAN);
  }
  const format = configs[DECIMAL_FORMAT];
  if (format !== undefined) {
    Validators.in(['BASE64', 'NUMERIC'])(DECIMAL_FORMAT, format.toUpperCase());
    options.decimalFormat = format.toUpperCase();
  }
  return options as unknown as JsonSchemaDataOptions;
}

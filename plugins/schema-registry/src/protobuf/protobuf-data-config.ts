/**
 * ProtobufData's settings, Confluent's `ProtobufDataConfig` keys with its defaults. Read from the
 * converter's configuration (prefix stripped).
 */
import { type ConfigDef, ConfigType, Importance, parseType } from 'lambda-connect/api';

export interface ProtobufDataOptions {
  /** `enhanced.protobuf.schema.support`: full (package-qualified) names in Connect schemas. */
  readonly enhancedSchemaSupport: boolean;
  /** `scrub.invalid.names`: replace characters Protobuf names may not hold. */
  readonly scrubInvalidNames: boolean;
  /** `int.for.enums`: enums as int32 instead of string. */
  readonly intForEnums: boolean;
  /** `optional.for.nullables`: optional Connect fields as proto3 `optional`. */
  readonly optionalForNullables: boolean;
  /** `wrapper.for.nullables`: optional Connect primitives as `google.protobuf.*Value` wrappers. */
  readonly wrapperForNullables: boolean;
  /** `wrapper.for.raw.primitives`: a record whose type is a wrapper reads as the bare primitive. */
  readonly wrapperForRawPrimitives: boolean;
  /** `generate.index.for.unions`: a oneof's Connect field is named `<oneof>_<index>`. */
  readonly generateIndexForUnions: boolean;
  /** `generalized.sum.type.support`: enums and oneofs with Connect's generic Enum/Union parameters. */
  readonly generalizedSumTypeSupport: boolean;
  /** `flatten.unions`: a oneof's members are optional fields of the message's struct, not a Union struct. */
  readonly flattenUnions: boolean;
}

export const PROTOBUF_DATA_DEFAULTS: ProtobufDataOptions = Object.freeze({
  enhancedSchemaSupport: false,
  scrubInvalidNames: false,
  intForEnums: false,
  optionalForNullables: false,
  wrapperForNullables: false,
  wrapperForRawPrimitives: true,
  generateIndexForUnions: true,
  generalizedSumTypeSupport: false,
  flattenUnions: false,
});

const KEYS: ReadonlyArray<readonly [keyof ProtobufDataOptions, string, string]> = [
  ['enhancedSchemaSupport', 'enhanced.protobuf.schema.support', 'Use package-qualified names for Connect schemas.'],
  ['scrubInvalidNames', 'scrub.invalid.names', 'Replace characters that are not valid in Protobuf names.'],
  ['intForEnums', 'int.for.enums', 'Represent enums as int32 instead of string.'],
  ['optionalForNullables', 'optional.for.nullables', 'Write optional Connect fields as proto3 optional fields.'],
  [
    'wrapperForNullables',
    'wrapper.for.nullables',
    'Write optional Connect primitives as google.protobuf wrapper types.',
  ],
  ['wrapperForRawPrimitives', 'wrapper.for.raw.primitives', 'Read a wrapper-typed record as its primitive.'],
  ['generateIndexForUnions', 'generate.index.for.unions', 'Suffix the Connect field of a oneof with its index.'],
  ['generalizedSumTypeSupport', 'generalized.sum.type.support', "Use Connect's generic Enum and Union parameters."],
  ['flattenUnions', 'flatten.unions', "Read a oneof's members as optional fields of the message, not a nested struct."],
];

/** Adds ProtobufData's keys to a converter's ConfigDef. */
export function defineProtobufDataConfig(def: ConfigDef): ConfigDef {
  for (const [field, name, documentation] of KEYS) {
    def.define({
      name,
      type: ConfigType.BOOLEAN,
      defaultValue: PROTOBUF_DATA_DEFAULTS[field],
      importance: Importance.LOW,
      documentation,
    });
  }
  return def;
}

/** Reads ProtobufData's options from raw settings; a non-boolean value is a `ConfigError` in Kafka's words. */
export function protobufDataOptions(configs: Readonly<Record<string, string>>): ProtobufDataOptions {
  const options: Record<string, boolean> = { ...PROTOBUF_DATA_DEFAULTS };
  for (const [field, key] of KEYS) {
    const raw = configs[key];
    if (raw !== undefined) options[field] = parseType(key, raw, ConfigType.BOOLEAN) as boolean;
  }
  return options as unknown as ProtobufDataOptions;
}

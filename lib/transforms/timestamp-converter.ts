/**
 * `org.apache.kafka.connect.transforms.TimestampConverter$Key` / `$Value`: converts a timestamp (one field,
 * or the whole key/value when `field` is empty) between unix epoch numbers, formatted strings
 * (SimpleDateFormat, UTC) and Connect's Date, Time and Timestamp types.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  ConnectError,
  DataError,
  Importance,
  SchemaBuilder,
  Schemas,
  Struct,
  Validators,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { javaClassOf } from '../common/java-class.js';
import { describeSchema } from '../common/schema-type-names.js';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../api/logical-types.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapGet, mapWith } from './util/schemaless-map.js';
import { requireMap, requireStructOrNull } from './util/requirements.js';
import { SimpleDateFormat } from './util/simple-date-format.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/transform-config.js';
import { TimestampType, timestampTranslators, type TimestampSettings } from './util/timestamp-translators.js';

const PURPOSE = 'converting timestamp formats';
const Keys = {
  FIELD: 'field',
  TARGET_TYPE: 'target.type',
  FORMAT: 'format',
  UNIX_PRECISION: 'unix.precision',
} as const;

export function timestampConverterConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: Keys.FIELD,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.HIGH,
      documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp',
    })
    .define({
      name: Keys.TARGET_TYPE,
      type: ConfigType.STRING,
      validator: Validators.in(Object.values(TimestampType)),
      importance: Importance.HIGH,
      documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
    })
    .define({
      name: Keys.FORMAT,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation:
        'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
    })
    .define({
      name: Keys.UNIX_PRECISION,
      type: ConfigType.STRING,
      defaultValue: 'milliseconds',
      validator: Validators.in(['nanoseconds', 'microseconds', 'milliseconds', 'seconds']),
      importance: Importance.LOW,
      documentation:
        'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
    });
  return defineReplaceNullWithDefault(def);
}

export abstract class TimestampConverter extends KeyOrValueTransformation {
  private field = '';
  private settings: TimestampSettings = {
    targetType: TimestampType.TIMESTAMP,
    format: null,
    unixPrecision: 'milliseconds',
  };
  private replaceNullWithDefault = true;
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = timestampConverterConfigDef().parse(configs);
    const targetType = parsed.get(Keys.TARGET_TYPE) as TimestampType;
    const pattern = parsed.get(Keys.FORMAT) as string;
    if (targetType === TimestampType.STRING && pattern.trim() === '') {
      throw new ConfigError('TimestampConverter requires format option to be specified when using string timestamps');
    }
    let format: SimpleDateFormat | null = null;
    if (pattern.trim() !== '') {
      try {
        format = new SimpleDateFormat(pattern);
      } catch (error) {
        // Connect's message, garbled as Connect builds it (the exception lands where the key name belongs).
        const reason = error instanceof Error ? error.message : String(error);
        throw new ConfigError(
          `Invalid value java.lang.IllegalArgumentException: ${reason} for configuration TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`,
          { cause: error },
        );
      }
    }
    this.field = parsed.get(Keys.FIELD) as string;
    this.settings = {
      targetType,
      format,
      unixPrecision: parsed.get(Keys.UNIX_PRECISION) as TimestampSettings['unixPrecision'],
    };
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return timestampConverterConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      if (value === null || value === undefined || this.field === '')
        return withOperating(record, this.side, null, this.convert(value ?? null));
      const map = requireMap(value, PURPOSE);
      return withOperating(
        record,
        this.side,
        null,
        mapWith(map, new Map([[this.field, this.convert(mapGet(map, this.field) ?? null)]])),
      );
    }
    const target = timestampTranslators[this.settings.targetType];
    if (this.field === '')
      return withOperating(
        record,
        this.side,
        target.typeSchema(schema.optional),
        this.convert(value ?? null, typeFromSchema(schema)),
      );
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.schemaCache.getOrCompute(schema, (s) => this.updatedSchema(s));
    return withOperating(record, this.side, updatedSchema, this.convertStruct(struct, updatedSchema));
  }

  private updatedSchema(schema: Schema): Schema {
    const target = timestampTranslators[this.settings.targetType];
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields ?? [])
      builder.field(field.name, field.name === this.field ? target.typeSchema(field.schema.optional) : field.schema);
    if (schema.optional) builder.optional();
    if (schema.defaultValue instanceof Struct)
      builder.defaultValue(this.convertStruct(schema.defaultValue, builder.build()));
    return builder.build();
  }

  private convertStruct(struct: Struct | null, updatedSchema: Schema): Struct | null {
    if (struct === null) return null;
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields ?? []) {
      const value = structField(struct, field.name, this.replaceNullWithDefault);
      updated.put(field.name, field.name === this.field ? this.convert(value, typeFromSchema(field.schema)) : value);
    }
    return updated;
  }

  private convert(timestamp: unknown, sourceType?: TimestampType): unknown {
    if (timestamp === null || timestamp === undefined) return null;
    const source = timestampTranslators[sourceType ?? inferType(timestamp)];
    return timestampTranslators[this.settings.targetType].toType(this.settings, source.toRaw(this.settings, timestamp));
  }
}

function typeFromSchema(schema: Schema): TimestampType {
  if (schema.name === LogicalTimestamp.LOGICAL_NAME) return TimestampType.TIMESTAMP;
  if (schema.name === LogicalDate.LOGICAL_NAME) return TimestampType.DATE;
  if (schema.name === LogicalTime.LOGICAL_NAME) return TimestampType.TIME;
  if (schema.type === Schemas.STRING.type) return TimestampType.STRING;
  if (schema.type === Schemas.INT64.type) return TimestampType.UNIX;
  throw new ConnectError(`Schema ${describeSchema(schema)} does not correspond to a known timestamp type format`);
}

function inferType(timestamp: unknown): TimestampType {
  if (timestamp instanceof Date) return TimestampType.TIMESTAMP;
  if (typeof timestamp === 'bigint' || (typeof timestamp === 'number' && Number.isInteger(timestamp)))
    return TimestampType.UNIX;
  if (typeof timestamp === 'string') return TimestampType.STRING;
  throw new DataError(`TimestampConverter does not support ${javaClassOf(timestamp)} objects as timestamps`);
}

export class TimestampConverterKey extends TimestampConverter {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampConverter$Key';
  protected readonly side = RecordSide.KEY;
}

export class TimestampConverterValue extends TimestampConverter {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampConverter$Value';
  protected readonly side = RecordSide.VALUE;
}

/**
 * `org.apache.kafka.connect.transforms.InsertField$Key` / `$Value`: adds fields from record metadata (topic,
 * partition, offset of sink records, timestamp) or a static string. A field name ending in `!` is required,
 * `?` (the default) optional. Null values pass through.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  SchemaBuilder,
  Schemas,
  Struct,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { LogicalTimestamp } from '../api/logical-types.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapWith } from './util/schemaless-map.js';
import { requireMap, requireSinkRecord, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/transform-config.js';

const PURPOSE = 'field insertion';
const OPTIONAL_TIMESTAMP_SCHEMA = LogicalTimestamp.builder().optional().build();

const Keys = {
  TOPIC: 'topic.field',
  PARTITION: 'partition.field',
  OFFSET: 'offset.field',
  TIMESTAMP: 'timestamp.field',
  STATIC_FIELD: 'static.field',
  STATIC_VALUE: 'static.value',
} as const;

const SUFFIX_DOC =
  'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

export function insertFieldConfigDef(): ConfigDef {
  const field = (name: string, documentation: string) =>
    ({ name, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM, documentation }) as const;
  const def = new ConfigDef()
    .define(field(Keys.TOPIC, `Field name for Kafka topic. ${SUFFIX_DOC}`))
    .define(field(Keys.PARTITION, `Field name for Kafka partition. ${SUFFIX_DOC}`))
    .define(field(Keys.OFFSET, `Field name for Kafka offset - only applicable to sink connectors.<br/>${SUFFIX_DOC}`))
    .define(field(Keys.TIMESTAMP, `Field name for record timestamp. ${SUFFIX_DOC}`))
    .define(field(Keys.STATIC_FIELD, `Field name for static data field. ${SUFFIX_DOC}`))
    .define(field(Keys.STATIC_VALUE, 'Static field value, if field name configured.'));
  return defineReplaceNullWithDefault(def);
}

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

function parseSpec(spec: unknown): InsertionSpec | undefined {
  if (typeof spec !== 'string') return undefined;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export abstract class InsertField extends KeyOrValueTransformation {
  private topic: InsertionSpec | undefined;
  private partition: InsertionSpec | undefined;
  private offset: InsertionSpec | undefined;
  private timestamp: InsertionSpec | undefined;
  private staticField: InsertionSpec | undefined;
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = insertFieldConfigDef().parse(configs);
    this.topic = parseSpec(parsed.get(Keys.TOPIC));
    this.partition = parseSpec(parsed.get(Keys.PARTITION));
    this.offset = parseSpec(parsed.get(Keys.OFFSET));
    this.timestamp = parseSpec(parsed.get(Keys.TIMESTAMP));
    this.staticField = parseSpec(parsed.get(Keys.STATIC_FIELD));
    this.staticValue = parsed.get(Keys.STATIC_VALUE) as string | null;
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
    if ([this.topic, this.partition, this.offset, this.timestamp, this.staticField].every((s) => s === undefined)) {
      throw new ConfigError('No field insertion configured');
    }
    if (this.staticField !== undefined && this.staticValue === null) {
      throw ConfigError.invalidValue(
        Keys.STATIC_VALUE,
        null,
        `No value specified for static field: ${this.staticField.name}`,
      );
    }
  }

  config(): ConfigDef {
    return insertFieldConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    const inserted = this.insertions(record, schema !== null);
    if (schema === null) return withOperating(record, this.side, null, mapWith(requireMap(value, PURPOSE), inserted));
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.schemaCache.getOrCompute(struct.schema, (s) => this.updatedSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields ?? [])
      updated.put(field.name, structField(struct, field.name, this.replaceNullWithDefault));
    for (const [name, fieldValue] of inserted) updated.put(name, fieldValue);
    return withOperating(record, this.side, updatedSchema, updated);
  }

  /** The fields to add, in Connect's order; the timestamp is a Date for structs and epoch millis for maps. */
  private insertions(record: ConnectRecord, withSchema: boolean): Map<string, unknown> {
    const inserted = new Map<string, unknown>();
    if (this.topic !== undefined) inserted.set(this.topic.name, record.topic);
    if (this.partition !== undefined && record.kafkaPartition !== null)
      inserted.set(this.partition.name, record.kafkaPartition);
    if (this.offset !== undefined) inserted.set(this.offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.timestamp !== undefined && record.timestamp !== null) {
      inserted.set(this.timestamp.name, withSchema ? new Date(record.timestamp) : record.timestamp);
    }
    if (this.staticField !== undefined && this.staticValue !== null)
      inserted.set(this.staticField.name, this.staticValue);
    return inserted;
  }

  private updatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields ?? []) builder.field(field.name, field.schema);
    const add = (spec: InsertionSpec | undefined, optional: Schema, required: Schema): void => {
      if (spec !== undefined) builder.field(spec.name, spec.optional ? optional : required);
    };
    add(this.topic, Schemas.OPTIONAL_STRING, Schemas.STRING);
    add(this.partition, Schemas.OPTIONAL_INT32, Schemas.INT32);
    add(this.offset, Schemas.OPTIONAL_INT64, Schemas.INT64);
    add(this.timestamp, OPTIONAL_TIMESTAMP_SCHEMA, LogicalTimestamp.SCHEMA);
    add(this.staticField, Schemas.OPTIONAL_STRING, Schemas.STRING);
    return builder.build();
  }
}

export class InsertFieldKey extends InsertField {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertField$Key';
  protected readonly side = RecordSide.KEY;
}

export class InsertFieldValue extends InsertField {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertField$Value';
  protected readonly side = RecordSide.VALUE;
}

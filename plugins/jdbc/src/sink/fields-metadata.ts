/**
 * Which columns a record writes and which of them form the primary key, from `pk.mode`, `pk.fields`,
 * `fields.whitelist` and the record's key and value schemas: the rules of Confluent's `FieldsMetadata`.
 * The result depends only on the schemas, so it is computed once per schema pair and reused.
 */
import { ConnectError, SchemaType, Schemas, fieldOf, type Schema } from 'lambda-connect/api';
import { DEFAULT_KAFKA_PK_NAMES, PrimaryKeyMode, type JdbcSinkConfig } from './jdbc-sink-config.js';

/** Where a column's value comes from. */
export const FieldSource = {
  TOPIC: 'topic',
  PARTITION: 'partition',
  OFFSET: 'offset',
  KEY: 'key',
  KEY_FIELD: 'key-field',
  VALUE_FIELD: 'value-field',
} as const;
export type FieldSource = (typeof FieldSource)[keyof typeof FieldSource];

export interface SinkField {
  readonly name: string;
  readonly schema: Schema;
  readonly primaryKey: boolean;
  readonly source: FieldSource;
}

export interface FieldsMetadata {
  readonly keyFields: readonly SinkField[];
  readonly nonKeyFields: readonly SinkField[];
  /** Key fields then the others, in Confluent's column order. */
  readonly allFields: readonly SinkField[];
}

type PkConfig = Pick<JdbcSinkConfig, 'pkMode' | 'pkFields' | 'fieldsWhitelist'>;

/** Throws a `ConnectError` worded as Confluent's when the schemas do not fit the primary key settings. */
export function extractFields(
  table: string,
  config: PkConfig,
  keySchema: Schema | null,
  valueSchema: Schema | null,
): FieldsMetadata {
  if (valueSchema !== null && valueSchema.type !== SchemaType.STRUCT)
    throw new ConnectError('Value schema must be of type Struct');
  const keyFields = primaryKeyFields(table, config, keySchema, valueSchema);
  const keyNames = new Set(keyFields.map((field) => field.name));
  const nonKeyFields: SinkField[] = [];
  for (const field of valueSchema?.fields ?? []) {
    if (keyNames.has(field.name)) continue;
    if (config.fieldsWhitelist.size > 0 && !config.fieldsWhitelist.has(field.name)) continue;
    nonKeyFields.push({ name: field.name, schema: field.schema, primaryKey: false, source: FieldSource.VALUE_FIELD });
  }
  if (keyFields.length + nonKeyFields.length === 0)
    throw new ConnectError(`No fields found using key and value schemas for table: ${table}`);
  return { keyFields, nonKeyFields, allFields: orderColumns(keyFields, nonKeyFields, valueSchema) };
}

function primaryKeyFields(
  table: string,
  config: PkConfig,
  keySchema: Schema | null,
  valueSchema: Schema | null,
): SinkField[] {
  switch (config.pkMode) {
    case PrimaryKeyMode.NONE:
      return [];
    case PrimaryKeyMode.KAFKA:
      return kafkaKey(table, config.pkFields);
    case PrimaryKeyMode.RECORD_KEY:
      return recordKey(table, config.pkFields, keySchema);
    case PrimaryKeyMode.RECORD_VALUE:
      return recordValueKey(table, config.pkFields, valueSchema);
  }
}

function kafkaKey(table: string, pkFields: readonly string[]): SinkField[] {
  if (pkFields.length !== 0 && pkFields.length !== 3) {
    throw new ConnectError(
      `PK mode for table '${table}' is KAFKA so there should either be no field names defined for defaults [${DEFAULT_KAFKA_PK_NAMES.join(', ')}] to be applicable, or exactly 3, defined fields are: [${pkFields.join(', ')}]`,
    );
  }
  const [topic, partition, offset] = pkFields.length === 3 ? pkFields : DEFAULT_KAFKA_PK_NAMES;
  return [
    { name: topic!, schema: Schemas.STRING, primaryKey: true, source: FieldSource.TOPIC },
    { name: partition!, schema: Schemas.INT32, primaryKey: true, source: FieldSource.PARTITION },
    { name: offset!, schema: Schemas.INT64, primaryKey: true, source: FieldSource.OFFSET },
  ];
}

function recordKey(table: string, pkFields: readonly string[], keySchema: Schema | null): SinkField[] {
  if (keySchema === null)
    throw new ConnectError(`PK mode for table '${table}' is RECORD_KEY, but record key schema is missing`);
  if (keySchema.type === SchemaType.STRUCT) {
    return structKey(table, 'RECORD_KEY', 'key', pkFields, keySchema, FieldSource.KEY_FIELD);
  }
  if (keySchema.type === SchemaType.ARRAY || keySchema.type === SchemaType.MAP) {
    throw new ConnectError(
      `Key schema must be primitive type or Struct, but is of type: ${keySchema.type.toUpperCase()}`,
    );
  }
  if (pkFields.length !== 1) {
    throw new ConnectError(
      `Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: [${pkFields.join(', ')}]`,
    );
  }
  return [{ name: pkFields[0]!, schema: keySchema, primaryKey: true, source: FieldSource.KEY }];
}

function recordValueKey(table: string, pkFields: readonly string[], valueSchema: Schema | null): SinkField[] {
  if (valueSchema === null)
    throw new ConnectError(`PK mode for table '${table}' is RECORD_VALUE, but record value schema is missing`);
  return structKey(table, 'RECORD_VALUE', 'value', pkFields, valueSchema, FieldSource.VALUE_FIELD);
}

function structKey(
  table: string,
  mode: string,
  part: string,
  pkFields: readonly string[],
  schema: Schema,
  source: FieldSource,
): SinkField[] {
  const names = pkFields.length === 0 ? (schema.fields ?? []).map((field) => field.name) : pkFields;
  return names.map((name) => {
    const field = fieldOf(schema, name);
    if (field === undefined) {
      throw new ConnectError(
        `PK mode for table '${table}' is ${mode} with configured PK fields [${pkFields.join(', ')}], but record ${part} schema does not contain field: ${name}`,
      );
    }
    return { name, schema: field.schema, primaryKey: true, source };
  });
}

/** Kafka coordinates first, then the value's field order, then any remaining (key) fields by name. */
function orderColumns(
  keyFields: readonly SinkField[],
  nonKeyFields: readonly SinkField[],
  valueSchema: Schema | null,
): SinkField[] {
  const byName = new Map([...keyFields, ...nonKeyFields].map((field) => [field.name, field]));
  const ordered = new Map<string, SinkField>();
  for (const field of keyFields)
    if (
      field.source === FieldSource.TOPIC ||
      field.source === FieldSource.PARTITION ||
      field.source === FieldSource.OFFSET
    )
      ordered.set(field.name, field);
  for (const field of valueSchema?.fields ?? []) {
    const chosen = byName.get(field.name);
    if (chosen !== undefined) ordered.set(field.name, chosen);
  }
  for (const name of [...byName.keys()].sort()) if (!ordered.has(name)) ordered.set(name, byName.get(name)!);
  return [...ordered.values()];
}

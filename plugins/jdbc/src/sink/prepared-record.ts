/**
 * A sink record ready to write: its table, whether it writes or deletes, its columns and its parameters.
 * Everything that can be wrong with one record (a null value without `delete.enabled`, a value without a
 * Struct schema, a value of the wrong type) is found here, before any SQL runs, so it can be reported on
 * its own.
 */
import { DataError, SchemaType, Struct, type Schema, type SinkRecord } from 'lambda-connect/api';
import { parseTableId, type TableId } from '../common/identifiers.js';
import { extractFields, FieldSource, type FieldsMetadata, type SinkField } from './fields-metadata.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { toParameter } from './sql-types.js';

export type Parameter = ReturnType<typeof toParameter>;

export const Operation = { WRITE: 'write', DELETE: 'delete' } as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

export interface PreparedRecord {
  readonly record: SinkRecord;
  readonly table: TableId;
  readonly operation: Operation;
  readonly fields: FieldsMetadata;
  /** Records with the same group share table, operation and columns: they can share a statement. */
  readonly group: string;
  readonly keyParameters: readonly Parameter[];
  readonly nonKeyParameters: readonly Parameter[];
}

/** Caches what depends only on the schemas (fields metadata, fingerprints) across records and puts. */
export class RecordPreparer {
  private readonly fingerprints = new WeakMap<Schema, string>();
  private readonly fields = new Map<string, FieldsMetadata>();
  private readonly tables = new Map<string, TableId>();

  constructor(private readonly config: JdbcSinkConfig) {}

  /** Throws `DataError` (or `ConnectError` for schemas the primary key settings cannot use) for a bad record. */
  prepare(record: SinkRecord): PreparedRecord {
    const table = this.tableFor(record.topic);
    const operation = record.value === null || record.value === undefined ? Operation.DELETE : Operation.WRITE;
    if (operation === Operation.DELETE && !this.config.deleteEnabled) {
      throw new DataError(
        `Sink connector is configured with 'delete.enabled=false' and 'pk.mode=${this.config.pkMode}' and therefore requires records with a non-null Struct value and non-null Struct schema, but found record at ${coordinates(record)} with a null value`,
      );
    }
    const valueSchema = operation === Operation.DELETE ? null : record.valueSchema;
    if (
      operation === Operation.WRITE &&
      (valueSchema === null || valueSchema.type !== SchemaType.STRUCT || !(record.value instanceof Struct))
    ) {
      throw new DataError(
        `Sink connector requires records with a non-null Struct value and non-null Struct schema, but found record at ${coordinates(record)} with a ${record.value instanceof Struct ? 'Struct' : typeof record.value} value and ${valueSchema === null ? 'null' : valueSchema.type} value schema`,
      );
    }
    const group = `${record.topic}\u0000${operation}\u0000${this.fingerprint(record.keySchema)}\u0000${this.fingerprint(valueSchema)}`;
    let fields = this.fields.get(group);
    if (fields === undefined) {
      fields = extractFields(this.config.tableFor(record.topic), this.config, record.keySchema, valueSchema);
      this.fields.set(group, fields);
    }
    const keyParameters = fields.keyFields.map((field) => this.parameter(record, field));
    const nonKeyParameters =
      operation === Operation.DELETE ? [] : fields.nonKeyFields.map((field) => this.parameter(record, field));
    return { record, table, operation, fields, group, keyParameters, nonKeyParameters };
  }

  private tableFor(topic: string): TableId {
    let table = this.tables.get(topic);
    if (table === undefined) {
      const name = this.config.tableFor(topic);
      try {
        table = parseTableId(name);
      } catch (error) {
        throw new DataError(`Invalid table name '${name}' from table.name.format for topic ${topic}`, { cause: error });
      }
      this.tables.set(topic, table);
    }
    return table;
  }

  private parameter(record: SinkRecord, field: SinkField): Parameter {
    const value = fieldValue(record, field);
    if ((value === null || value === undefined) && !field.schema.optional) {
      throw new DataError(
        `Invalid value: null used for required field: "${field.name}", schema type: ${field.schema.type} (record at ${coordinates(record)})`,
      );
    }
    return toParameter(field.schema, value, this.config.dbTimezone);
  }

  /** A stable text for a schema, computed once per schema object (converters reuse them). */
  private fingerprint(schema: Schema | null): string {
    if (schema === null) return 'null';
    let text = this.fingerprints.get(schema);
    if (text === undefined) {
      text = JSON.stringify(schema, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
      this.fingerprints.set(schema, text);
    }
    return text;
  }
}

function fieldValue(record: SinkRecord, field: SinkField): unknown {
  switch (field.source) {
    case FieldSource.TOPIC:
      return record.topic;
    case FieldSource.PARTITION:
      return record.kafkaPartition;
    case FieldSource.OFFSET:
      return record.kafkaOffset;
    case FieldSource.KEY:
      return record.key;
    case FieldSource.KEY_FIELD:
      if (!(record.key instanceof Struct))
        throw new DataError(`The record key at ${coordinates(record)} is not a Struct, as its key schema says`);
      return record.key.get(field.name);
    case FieldSource.VALUE_FIELD:
      return (record.value as Struct).get(field.name);
  }
}

/** `(topic='t',partition=0,offset=12,timestamp=…)`, as Confluent's messages place a record. */
export function coordinates(record: SinkRecord): string {
  return `(topic='${record.topic}',partition=${record.kafkaPartition},offset=${record.kafkaOffset},timestamp=${record.timestamp ?? 'null'})`;
}

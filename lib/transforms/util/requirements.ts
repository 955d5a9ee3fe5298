/** Connect's `Requirements`: the checks SMTs make on records and values, with Connect's messages. */
import { DataError, Struct, type ConnectRecord, type Schema, type SinkRecord } from '../../api/index.js';
import { javaClassOf } from '../../common/java-class.js';
import { isSchemalessMap, type SchemalessMap } from './schemaless-map.js';

/** Java's `getClass().getName()` for a value (no `class ` prefix), or `null`. */
export function javaClassName(value: unknown): string {
  return value === null || value === undefined ? 'null' : javaClassOf(value).replace(/^class /, '');
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataError(`Schema required for [${purpose}]`);
  return schema;
}

export function requireMap(value: unknown, purpose: string): SchemalessMap {
  if (!isSchemalessMap(value)) {
    throw new DataError(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`,
    );
  }
  return value;
}

export function requireMapOrNull(value: unknown, purpose: string): SchemalessMap | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct))
    throw new DataError(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`);
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function isSinkRecord(record: ConnectRecord): record is SinkRecord {
  return typeof (record as Partial<SinkRecord>).kafkaOffset === 'number';
}

export function requireSinkRecord(record: ConnectRecord, purpose: string): SinkRecord {
  if (!isSinkRecord(record)) {
    throw new DataError(
      `Only SinkRecord supported for [${purpose}], found: org.apache.kafka.connect.source.SourceRecord`,
    );
  }
  return record;
}

/**
 * `schema.compatibility` (kafka-connect-storage-common's `StorageSchemaCompatibility`): the step between a
 * record and the format writers that decides, per encoded partition, whether a record's value schema
 * closes the open objects or is projected to the schema they hold. Every format gets it for free: the
 * partition writer hands the projected record to the encoders.
 *
 * - `NONE`: any change of value schema (Connect's schema equality) rotates; records are never projected.
 * - `BACKWARD`, `FULL`: a record with a newer schema version rotates (the new object holds the new
 *   schema); an older or equal version is projected to the open object's schema.
 * - `FORWARD`: a record with an older version rotates; a newer one is projected to the open (older) schema.
 *
 * An open object's schema is that of its first record (a newer one in `BACKWARD` would have rotated, so
 * it is also the newest it holds). Only value schemas count; keys are written as they come. A value
 * schema without a version in a mode other than `NONE`, a switch from schema'd to schemaless values, and a
 * projection that fails are `DataError`s: record errors for the dead letter queue.
 *
 * Decisions depend only on the records since the last rotation, so a slice that re-reads them from the
 * committed offset decides the same way: the same objects, keys and bytes (docs/decisions/0017-s3-sink.md).
 */
import { DataError, type Schema, type SinkRecord } from 'lambda-connect/api';
import { projectValue, schemasEqual } from './schema-projector.js';

export const SchemaCompatibility = { NONE: 'NONE', BACKWARD: 'BACKWARD', FORWARD: 'FORWARD', FULL: 'FULL' } as const;
export type SchemaCompatibility = (typeof SchemaCompatibility)[keyof typeof SchemaCompatibility];

/** The open objects' value schemas of one Kafka partition, by encoded partition. */
export class ValueSchemas {
  /** Confluent's `currentSchemas`: null for schemaless values (then set by the next schema'd record). */
  private readonly current = new Map<string, Schema | null>();

  constructor(readonly mode: SchemaCompatibility) {}

  /**
   * Confluent's `shouldChangeSchema` for a record of `encoded`: true when its value schema must start new
   * objects (the caller rotates if it holds records). Changes nothing: a record that fails later (its
   * projection, its encoding) leaves the open objects' schemas as they were.
   */
  shouldChange(record: SinkRecord, encoded: string): boolean {
    const schema = record.valueSchema;
    const current = this.current.get(encoded) ?? schema;
    if (current === null && schema === null) return false;
    if (current === null || schema === null)
      throw new DataError(
        `Switch between schema-based and schema-less data is not supported (${where(record)}, schema.compatibility=${this.mode})`,
      );
    if (this.mode === SchemaCompatibility.NONE) return !schemasEqual(schema, current);
    if (schema.version === undefined || current.version === undefined)
      throw new DataError(
        `Schema version required for ${this.mode} compatibility: ${where(record)} has a value schema${schema.version === undefined ? ' without a version' : ` of version ${schema.version}, the open object one without`}; use a converter that sets schema versions (AvroConverter, ProtobufConverter, JsonSchemaConverter) or schema.compatibility=NONE`,
      );
    return this.mode === SchemaCompatibility.FORWARD
      ? schema.version < current.version
      : schema.version > current.version;
  }

  /** The record with its value as a value of the open object's schema (itself when the schemas are equal). */
  project(record: SinkRecord, encoded: string): SinkRecord {
    if (this.mode === SchemaCompatibility.NONE) return record;
    const target = this.current.get(encoded) ?? null;
    const source = record.valueSchema;
    if (source === null || target === null || schemasEqual(source, target)) return record;
    try {
      return { ...record, valueSchema: target, value: projectValue(source, record.value, target) };
    } catch (error) {
      throw new DataError(
        `${where(record)}: its value (schema version ${source.version}) cannot be projected to version ${target.version} of the open object (schema.compatibility=${this.mode}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** A record of `encoded` was buffered: the first schema'd one sets the open object's schema. */
  opened(encoded: string, schema: Schema | null): void {
    if ((this.current.get(encoded) ?? null) === null) this.current.set(encoded, schema);
  }

  /** The objects were uploaded: the next record of each encoded partition sets its schema again. */
  clear(): void {
    this.current.clear();
  }
}

function where(record: SinkRecord): string {
  return `${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`;
}

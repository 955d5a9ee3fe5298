import type { ConnectRecord } from './connect-record.js';

/** A partition of the source system (e.g. `{ filename: "/tmp/in.txt" }`): string keys, primitive values. */
export type SourcePartition = Readonly<Record<string, unknown>>;
/** A position within a source partition (e.g. `{ position: 30 }`): string keys, primitive values. */
export type SourceOffset = Readonly<Record<string, unknown>>;

/**
 * A record produced by a `SourceTask`, with where it came from in the source system. The framework
 * stores `sourceOffset` under `sourcePartition` once Kafka acknowledged the record. Mirrors `SourceRecord`.
 */
export interface SourceRecord extends ConnectRecord {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;
}

/** The header list of records without headers: shared, since header lists are read-only. */
const NO_HEADERS: readonly never[] = Object.freeze([]);

/** Builds a source record; unset fields take Connect's defaults (no key, no partition, no headers). */
export function sourceRecord(fields: Partial<SourceRecord> & Pick<SourceRecord, 'topic'>): SourceRecord {
  return {
    sourcePartition: null,
    sourceOffset: null,
    kafkaPartition: null,
    keySchema: null,
    key: null,
    valueSchema: null,
    value: null,
    timestamp: null,
    headers: NO_HEADERS,
    ...fields,
  };
}

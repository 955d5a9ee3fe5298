import type { SourceOffset, SourcePartition } from './source-record.js';

/** Reads the committed offsets of the task's connector. Mirrors Connect's `OffsetStorageReader`. */
export interface OffsetStorageReader {
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}

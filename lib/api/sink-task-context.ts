import type { SinkRecord } from './sink-record.js';
import type { TaskRuntimeContext } from './task-runtime.js';
import type { TopicPartition } from './topic-partition.js';

/** Lets a sink task report a record it cannot handle; it goes to the DLQ / error log per `errors.*`. */
export type ErrantRecordReporter = (record: SinkRecord, error: Error) => Promise<void>;

/**
 * What a sink task may ask of the framework. Mirrors Connect's `SinkTaskContext`, plus the runtime's
 * {@link TaskRuntimeContext} (API 1.1: time left, logger, AWS clients).
 */
export interface SinkTaskContext extends TaskRuntimeContext {
  configs(): Readonly<Record<string, string>>;
  /** Rewind or skip: the next read of this partition starts at `offset`. */
  offset(tp: TopicPartition, offset: number): void;
  /** Ask the framework to retry `put` after `timeoutMs` (after a `RetriableError`). */
  timeout(timeoutMs: number): void;
  assignment(): readonly TopicPartition[];
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Ask for offsets to be committed as soon as possible. */
  requestCommit(): void;
  errantRecordReporter(): ErrantRecordReporter | null;
}

import type { SinkRecord } from './sink-record.js';
import type { SinkTaskContext } from './sink-task-context.js';
import type { Task } from './task.js';
import type { TopicPartition } from './topic-partition.js';

/** Committed positions per partition: the offset of the next record to read. */
export type PartitionOffsets = Map<string, { tp: TopicPartition; offset: number }>;

/**
 * Writes Kafka records to another system. Within a slice the framework calls `initialize`, `start`,
 * `open(assigned partitions)`, then `put` batches; before committing offsets it calls `preCommit`
 * (default: `flush`, then commit what was put), and finally `close` and `stop`.
 * Mirrors Connect's `SinkTask`.
 */
export abstract class SinkTask implements Task {
  protected context: SinkTaskContext | undefined;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  abstract put(records: readonly SinkRecord[]): void | Promise<void>;
  abstract stop(): void | Promise<void>;

  open(_partitions: readonly TopicPartition[]): void | Promise<void> {}
  close(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  /** Make everything `put` so far durable. */
  flush(_currentOffsets: PartitionOffsets): void | Promise<void> {}

  /** The offsets safe to commit; the default flushes and returns `currentOffsets`. */
  async preCommit(currentOffsets: PartitionOffsets): Promise<PartitionOffsets> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }
}

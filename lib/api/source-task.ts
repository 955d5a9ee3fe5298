import type { RecordMetadata } from './record-metadata.js';
import type { SourceRecord } from './source-record.js';
import type { SourceTaskContext } from './source-task-context.js';
import type { Task } from './task.js';

/**
 * Reads from another system. The framework calls `initialize`, `start`, then `poll` repeatedly within a
 * slice; records from one `poll` are produced and, once acknowledged, their offsets committed.
 * `poll` returns quickly: an empty array or null means "nothing now" and lets the slice end early.
 * Mirrors Connect's `SourceTask`.
 */
export abstract class SourceTask implements Task {
  protected context: SourceTaskContext | undefined;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  abstract poll(): Promise<SourceRecord[] | null>;
  abstract stop(): void | Promise<void>;

  /** All records returned so far were acknowledged and their offsets committed. */
  commit(): void | Promise<void> {}

  /** One record was acknowledged by Kafka (metadata) or dropped by a transform or filter (null). */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void | Promise<void> {}
}

/**
 * Per-record error handling of conversion and transform stages (Connect's RetryWithToleranceOperator):
 * `errors.tolerance=none` fails the task on the first error, `all` skips the record, reporting it to the
 * log (`errors.log.enable`, with record details when `errors.log.include.messages`) and to the dead letter
 * queue when the connector has one.
 */
import { ConnectError } from '../api/errors.js';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { WorkerLog } from './slice-context.js';

export type Stage = 'TRANSFORMATION' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME';

export interface RecordContext {
  /** The record as read from Kafka (sinks), for the DLQ and the log. */
  readonly raw?: FetchedRecord;
  /** The class that was executing (converter or transform). */
  readonly className?: string;
}

export class RecordErrorHandler {
  private readonly tolerateAll: boolean;
  private readonly logErrors: boolean;
  private readonly logMessages: boolean;
  failures = 0;

  constructor(
    config: Readonly<Record<string, string>>,
    private readonly log: WorkerLog,
    private readonly connector: string,
    private readonly dlq: DeadLetterQueue | null = null,
  ) {
    this.tolerateAll = (config['errors.tolerance'] ?? 'none').toLowerCase() === 'all';
    this.logErrors = (config['errors.log.enable'] ?? 'false').toLowerCase() === 'true';
    this.logMessages = (config['errors.log.include.messages'] ?? 'false').toLowerCase() === 'true';
  }

  /** Runs one stage for one record; undefined when it failed and the failure is tolerated. */
  attempt<T>(stage: Stage, operation: () => T, context: RecordContext = {}): T | undefined {
    try {
      return operation();
    } catch (error) {
      this.failures++;
      if (!this.tolerateAll) throw new ConnectError('Tolerance exceeded in error handler', { cause: error });
      if (this.logErrors) this.logFailure(stage, error, context);
      if (this.dlq !== null && context.raw !== undefined) this.dlq.report(context.raw, stage, context.className ?? 'unknown', error);
      return undefined;
    }
  }

  private logFailure(stage: Stage, error: unknown, context: RecordContext): void {
    const details: Record<string, unknown> = { connector: this.connector, stage, className: context.className, error: error instanceof Error ? error.message : String(error) };
    if (context.raw !== undefined) {
      details['topic'] = context.raw.topic;
      details['partition'] = context.raw.partition;
      details['offset'] = context.raw.offset;
      details['timestamp'] = context.raw.timestamp;
      if (this.logMessages) {
        details['key'] = context.raw.key === null ? null : Buffer.from(context.raw.key).toString('utf8');
        details['value'] = context.raw.value === null ? null : Buffer.from(context.raw.value).toString('utf8');
      }
    }
    this.log.error('Error encountered in task', details);
  }
}

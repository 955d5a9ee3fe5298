/**
 * Sends planned writes, batch after batch, and does not move on until a batch is fully written: items
 * DynamoDB leaves in UnprocessedItems and whole calls refused by throttling are sent again after a
 * backoff that starts at `retry.backoff.ms` and doubles (with jitter), up to `max.retries` retries per
 * batch and the put's time budget. Past either it throws `RetriableError`: the framework then delivers
 * the same records again (items already written are rewritten with the same content). A batch DynamoDB
 * rejects (ValidationException) is sent again item by item so only the offending records go to the DLQ.
 */
import { DataError, RetriableError, type SinkRecord } from 'lambda-connect/api';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import type { DynamoDbSinkConfig } from './dynamodb-sink-config.js';
import type { TableClient } from './table-client.js';
import { configurationError, isRejection, isTransient } from './write-errors.js';
import { toBatches, writeIdentity, type PlannedWrite } from './write-plan.js';

/** The clock, the pause and the dice, replaceable in unit tests. */
export interface WriterTiming {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const REAL_TIMING: WriterTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Called for a record DynamoDB refused; it reports the record (DLQ) or throws. */
export type RejectRecord = (record: SinkRecord, error: Error) => Promise<void>;

/** What one `write` did, for logs and tests. */
export interface WriteStats {
  calls: number;
  retries: number;
}

type Settings = Pick<
  DynamoDbSinkConfig,
  'batchSize' | 'maxRetries' | 'retryBackoffMs' | 'maxRetryTimeMs' | 'hashKey' | 'sortKey'
>;

export class BatchWriter {
  constructor(
    private readonly client: TableClient,
    private readonly settings: Settings,
    private readonly timing: WriterTiming = REAL_TIMING,
  ) {}

  /** Writes every planned write, in order; throws `RetriableError` when the budget runs out first. */
  async write(writes: readonly PlannedWrite[], reject: RejectRecord): Promise<WriteStats> {
    const stats: WriteStats = { calls: 0, retries: 0 };
    const deadline = this.timing.now() + this.settings.maxRetryTimeMs;
    for (const batch of toBatches(writes, this.settings.batchSize)) {
      if (this.settings.batchSize === 1) await this.writeSingle(batch[0] as PlannedWrite, reject, deadline, stats);
      else await this.writeBatch(batch, reject, deadline, stats);
    }
    return stats;
  }

  private async writeBatch(
    batch: PlannedWrite[],
    reject: RejectRecord,
    deadline: number,
    stats: WriteStats,
  ): Promise<void> {
    let pending = batch;
    for (let retry = 0; ; retry++) {
      let cause: unknown;
      try {
        stats.calls++;
        const unprocessed = await this.client.batchWrite(groupByTable(pending));
        pending = this.stillPending(pending, unprocessed);
        if (pending.length === 0) return;
        cause = `${pending.length} of the batch's items came back in UnprocessedItems`;
      } catch (error) {
        if (isRejection(error)) {
          for (const write of pending) await this.writeSingle(write, reject, deadline, stats);
          return;
        }
        if (!isTransient(error)) throw configurationError('BatchWriteItem', tablesOf(pending), error);
        cause = error;
      }
      await this.backOff(retry, deadline, stats, `BatchWriteItem on ${tablesOf(pending)}`, cause);
    }
  }

  private async writeSingle(
    write: PlannedWrite,
    reject: RejectRecord,
    deadline: number,
    stats: WriteStats,
  ): Promise<void> {
    const operation = write.request.PutRequest !== undefined ? 'PutItem' : 'DeleteItem';
    for (let retry = 0; ; retry++) {
      try {
        stats.calls++;
        if (write.request.PutRequest?.Item !== undefined)
          await this.client.putItem(write.table, write.request.PutRequest.Item);
        else if (write.request.DeleteRequest?.Key !== undefined)
          await this.client.deleteItem(write.table, write.request.DeleteRequest.Key);
        return;
      } catch (error) {
        if (isRejection(error)) {
          const message = error instanceof Error ? error.message : String(error);
          await reject(
            write.record,
            new RejectedItemError(`DynamoDB rejected ${operation} on table ${write.table}: ${message}`, error),
          );
          return;
        }
        if (!isTransient(error)) throw configurationError(operation, write.table, error);
        await this.backOff(retry, deadline, stats, `${operation} on ${write.table}`, error);
      }
    }
  }

  /** Pauses before retry `retry + 1`, or throws `RetriableError` when that retry is not allowed. */
  private async backOff(
    retry: number,
    deadline: number,
    stats: WriteStats,
    what: string,
    cause: unknown,
  ): Promise<void> {
    const base = this.settings.retryBackoffMs * 2 ** Math.min(retry, 20);
    const delay = Math.round(base / 2 + (this.timing.random() * base) / 2);
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    if (retry >= this.settings.maxRetries || this.timing.now() + delay > deadline) {
      throw new RetriableError(
        `${what} not done after ${retry} retries (max.retries=${this.settings.maxRetries}, time budget ${this.settings.maxRetryTimeMs} ms): ${reason}`,
        { cause },
      );
    }
    stats.retries++;
    await this.timing.sleep(delay);
  }

  private stillPending(sent: PlannedWrite[], unprocessed: Record<string, WriteRequest[]>): PlannedWrite[] {
    const left = new Set<string>();
    for (const [table, requests] of Object.entries(unprocessed)) {
      for (const request of requests) {
        const keyOrItem = request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {};
        left.add(writeIdentity(table, keyOrItem, this.settings));
      }
    }
    return left.size === 0 ? [] : sent.filter((write) => left.has(write.identity));
  }
}

/** A record DynamoDB refused to store (what the DLQ's error header carries). */
export class RejectedItemError extends DataError {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'RejectedItemError';
  }
}

function groupByTable(writes: readonly PlannedWrite[]): Record<string, WriteRequest[]> {
  const grouped: Record<string, WriteRequest[]> = {};
  for (const write of writes) (grouped[write.table] ??= []).push(write.request);
  return grouped;
}

function tablesOf(writes: readonly PlannedWrite[]): string {
  return [...new Set(writes.map((w) => w.table))].join(', ');
}

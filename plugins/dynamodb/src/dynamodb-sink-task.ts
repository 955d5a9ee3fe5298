/**
 * `io.confluent.connect.aws.dynamodb.DynamoDbSinkTask`: writes each record as one item, keyed as
 * `aws.dynamodb.pk.hash` / `aws.dynamodb.pk.sort` say, to the table `table.name.format` names.
 *
 * Flushing and offsets: `put` returns only once every record of the batch is written (or sent to the DLQ),
 * so the framework's default `preCommit` (commit what was put) is right and `flush` has nothing to do.
 * A put that cannot finish (throttling past the budget) throws `RetriableError` having written a prefix of
 * the batch; the redelivered batch rewrites those items with the same content (PutItem replaces the whole
 * item), so redelivery converges on the last record per key.
 */
import { ConnectError, DataError, RetriableError, SinkTask, type SinkRecord } from 'lambda-connect/api';
import { BatchWriter, REAL_TIMING, type WriterTiming, type WriteStats } from './batch-writer.js';
import { parseDynamoDbSinkConfig, type DynamoDbSinkConfig } from './dynamodb-sink-config.js';
import { SdkTableClient } from './sdk-table-client.js';
import type { KeySchema, TableClient } from './table-client.js';
import { configurationError, isTransient } from './write-errors.js';
import { SKIPPED, planWrite, type PlannedWrite } from './write-plan.js';
import { DYNAMODB_PLUGIN_VERSION } from './version.js';

/** Counters a test or a log line can read. */
export interface DynamoDbSinkStats {
  written: number;
  skippedTombstones: number;
  rejected: number;
  calls: number;
  retries: number;
}

export class DynamoDbSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.aws.dynamodb.DynamoDbSinkTask';

  readonly stats: DynamoDbSinkStats = { written: 0, skippedTombstones: 0, rejected: 0, calls: 0, retries: 0 };
  private config: DynamoDbSinkConfig | undefined;
  private client: TableClient | undefined;
  private writer: BatchWriter | undefined;
  /** Tables whose key schema was checked against the config. */
  private readonly checkedTables = new Set<string>();

  version(): string {
    return DYNAMODB_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.config = parseDynamoDbSinkConfig(props);
    this.client = this.createClient(this.config);
    this.writer = new BatchWriter(this.client, this.config, this.timing());
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const { config, writer } = this.started();
    const writes: PlannedWrite[] = [];
    for (const record of records) {
      let write: PlannedWrite | typeof SKIPPED;
      try {
        write = planWrite(config, record);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        await this.reject(record, error);
        continue;
      }
      if (write === SKIPPED) this.stats.skippedTombstones++;
      else writes.push(write);
    }
    let done: WriteStats;
    try {
      await this.checkTables(writes);
      done = await writer.write(writes, (record, error) => this.reject(record, error));
    } catch (error) {
      // Connect's way for a sink to pace the redelivery of a batch it could not finish.
      if (error instanceof RetriableError) this.context?.timeout(config.retryBackoffMs);
      throw error;
    }
    this.stats.calls += done.calls;
    this.stats.retries += done.retries;
    this.stats.written += writes.length;
  }

  stop(): void {
    this.client?.destroy();
    this.client = undefined;
  }

  /** The SDK adapter; unit tests override this to pass a fake. */
  protected createClient(config: DynamoDbSinkConfig): TableClient {
    return new SdkTableClient(config, this.context);
  }

  /** Real time; unit tests override this to run backoffs instantly. */
  protected timing(): WriterTiming {
    return REAL_TIMING;
  }

  /** Sends `record` to the DLQ when one is configured; else the error fails the task, as in Connect. */
  private async reject(record: SinkRecord, error: Error): Promise<void> {
    const reporter = this.context?.errantRecordReporter() ?? null;
    if (reporter === null) throw error;
    this.stats.rejected++;
    await reporter(record, error);
  }

  /** Once per table: its key attributes must be the ones the config names, else nothing could be written. */
  private async checkTables(writes: readonly PlannedWrite[]): Promise<void> {
    const { config, client } = this.started();
    for (const table of new Set(writes.map((w) => w.table))) {
      if (this.checkedTables.has(table)) continue;
      let schema: KeySchema;
      try {
        schema = await client.describeKeySchema(table);
      } catch (error) {
        if (isTransient(error))
          throw new RetriableError(`DescribeTable on ${table} failed: ${String(error)}`, { cause: error });
        throw configurationError('DescribeTable', table, error);
      }
      const wanted = { hash: config.hashKey.attribute, sort: config.sortKey?.attribute };
      if (schema.hash !== wanted.hash || schema.sort !== wanted.sort) {
        throw new ConnectError(
          `DynamoDB table ${table} has key (hash ${schema.hash}, sort ${schema.sort ?? 'none'}) but aws.dynamodb.pk.hash=${config.hashKey.text} ` +
            `and aws.dynamodb.pk.sort=${config.sortKey?.text ?? ''} give (hash ${wanted.hash}, sort ${wanted.sort ?? 'none'}); ` +
            'give the references aliases (value.id:<attribute>) that match the table',
        );
      }
      this.checkedTables.add(table);
    }
  }

  private started(): { config: DynamoDbSinkConfig; client: TableClient; writer: BatchWriter } {
    if (this.config === undefined || this.client === undefined || this.writer === undefined) {
      throw new ConnectError('DynamoDbSinkTask is not started');
    }
    return { config: this.config, client: this.client, writer: this.writer };
  }
}

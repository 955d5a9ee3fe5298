/**
 * `io.confluent.connect.jdbc.sink.JdbcSinkTask`: each `put` is written, and committed, in one database
 * transaction before `put` returns, so `flush` has nothing left to do and the framework may commit the
 * offsets of everything put.
 *
 * Retries (Confluent's `max.retries` / `retry.backoff.ms`): when the database is unavailable the put is
 * rolled back and a `RetriableError` asks the framework to deliver the same batch again after
 * `retry.backoff.ms`; after `max.retries` consecutive failures the task fails. A successful put resets the
 * count. Failures that retrying cannot fix (bad credentials, a missing table without auto.create) fail the
 * task at once.
 */
import { ConnectError, SinkTask, type SinkRecord } from 'lambda-connect/api';
import { leasePool, type PoolLease } from '../common/pool-registry.js';
import { JDBC_PLUGIN_VERSION } from '../version.js';
import { JdbcSinkConfig } from './jdbc-sink-config.js';
import { JdbcWriter } from './jdbc-writer.js';

export class JdbcSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.jdbc.sink.JdbcSinkTask';

  private config: JdbcSinkConfig | undefined;
  private pool: PoolLease | undefined;
  private writer: JdbcWriter | undefined;
  private remainingRetries = 0;

  version(): string {
    return JDBC_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.config = new JdbcSinkConfig(props);
    this.remainingRetries = this.config.maxRetries;
    this.pool = leasePool(this.config.connection);
    this.writer = new JdbcWriter(this.config, this.pool, this.context?.errantRecordReporter() ?? null);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { config, writer } = this.started();
    try {
      await writer.write(records);
      this.remainingRetries = config.maxRetries;
    } catch (error) {
      if (!(error instanceof ConnectError && error.retriable)) throw error;
      if (this.remainingRetries <= 0) {
        throw new ConnectError(
          `Writing ${records.length} record(s) failed after ${config.maxRetries} retries: ${error.message}`,
          { cause: error },
        );
      }
      this.remainingRetries -= 1;
      this.context?.timeout(config.retryBackoffMs);
      throw error;
    }
  }

  stop(): void {
    this.pool?.release();
    this.pool = undefined;
    this.writer = undefined;
  }

  private started(): { config: JdbcSinkConfig; writer: JdbcWriter } {
    if (this.config === undefined || this.writer === undefined) throw new ConnectError('JdbcSinkTask is not started');
    return { config: this.config, writer: this.writer };
  }
}

/**
 * `io.confluent.connect.http.HttpSinkTask`: sends the values of the records `put` hands it to one URL,
 * `batch.max.size` records per request, in the order they were read.
 *
 * Flushing and offsets: `put` returns only once every record it was given is delivered (or, when the
 * endpoint rejected it, reported to the dead letter queue or skipped per `behavior.on.error`), so what was
 * put is what may be committed. When a retriable failure outlasts `max.retries` or the slice's budget, `put`
 * throws `RetriableError`; the framework puts the same records again, and `put` skips those it already
 * delivered (tracked per partition), so a redelivery within the slice sends nothing twice. `preCommit` also
 * offers those delivered offsets, so a slice that ends on an outage does not send them again in the next.
 */
import { ConnectError, SinkTask, topicPartitionKey, type PartitionOffsets, type SinkRecord } from 'lambda-connect/api';
import { deliverBatch, SYSTEM_CLOCK, type DeliveryClock } from './batch-delivery.js';
import { HttpResponseError, redactedUrl } from './errors.js';
import { HttpClient } from './http-client.js';
import { HttpSinkConfig } from './http-sink-config.js';
import { log } from './log.js';
import { PLUGIN_VERSION } from './plugin-version.js';
import { requestBody } from './request-body.js';

/** The framework's default `slice.max.ms`: the budget for retries inside `put` when the connector sets none. */
export const DEFAULT_SLICE_MAX_MS = 60_000;

export class HttpSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.http.HttpSinkTask';

  /** Replaceable by tests that must not wait on real time. */
  clock: DeliveryClock = SYSTEM_CLOCK;
  private config: HttpSinkConfig | undefined;
  private client: HttpClient | undefined;
  private tolerateAll = false;
  private budgetEnd = 0;
  /** Per partition (as read, before transforms): the offset after the last record handled. */
  private readonly handled = new Map<string, { topic: string; partition: number; offset: number }>();

  version(): string {
    return PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.config = new HttpSinkConfig(props);
    this.client = new HttpClient(this.config);
    this.tolerateAll = (props['errors.tolerance'] ?? 'none').trim().toLowerCase() === 'all';
    const sliceMs = Number(props['slice.max.ms']);
    this.budgetEnd = this.clock.now() + (Number.isFinite(sliceMs) && sliceMs > 0 ? sliceMs : DEFAULT_SLICE_MAX_MS);
    this.handled.clear();
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const config = this.started();
    let batch: SinkRecord[] = [];
    for (const record of records) {
      if (this.wasHandled(record)) continue;
      if (record.value === null || record.value === undefined) {
        // Keep order: what is queued goes first, then the tombstone is handled.
        await this.send(batch);
        batch = [];
        await this.nullValue(config, record);
        continue;
      }
      batch.push(record);
      if (batch.length >= config.batchMaxSize) {
        await this.send(batch);
        batch = [];
      }
    }
    await this.send(batch);
  }

  /** Offsets as the framework has them, raised to what was delivered in a put that then failed. */
  override async preCommit(currentOffsets: PartitionOffsets): Promise<PartitionOffsets> {
    const safe: PartitionOffsets = new Map(currentOffsets);
    for (const [key, done] of this.handled) {
      const current = safe.get(key);
      if (current === undefined || current.offset < done.offset)
        safe.set(key, { tp: { topic: done.topic, partition: done.partition }, offset: done.offset });
    }
    return safe;
  }

  stop(): void {
    this.client?.close();
    this.client = undefined;
  }

  private started(): HttpSinkConfig {
    if (this.config === undefined || this.client === undefined) throw new ConnectError('HttpSinkTask is not started');
    return this.config;
  }

  private async send(batch: readonly SinkRecord[]): Promise<void> {
    if (batch.length === 0) return;
    const config = this.started();
    const request = {
      url: config.url,
      method: config.method,
      headers: config.headers,
      body: requestBody(config, batch),
    };
    const result = await deliverBatch(request, {
      client: this.client as HttpClient,
      settings: config,
      budgetEnd: this.budgetEnd,
      clock: this.clock,
      onRetriableFailure: (attempt, delayMs, reason) => {
        // The framework waits as long before it puts the batch again, should this be the last try.
        this.context?.timeout(delayMs);
        log('WARN', 'HTTP request failed; retrying', {
          url: redactedUrl(config.url),
          records: batch.length,
          attempt,
          delayMs,
          reason,
        });
      },
    });
    if (!result.delivered) await this.rejected(config, batch, result.error);
    this.markHandled(batch);
  }

  /**
   * Records the endpoint refused. Under `errors.tolerance=all` they are skipped: reported to the dead letter
   * queue when there is one (with the status and body in the error), else logged, as Connect's reporter
   * does. Otherwise `behavior.on.error` decides.
   */
  private async rejected(config: HttpSinkConfig, batch: readonly SinkRecord[], error: ConnectError): Promise<void> {
    if (this.tolerateAll) {
      const reporter = this.context?.errantRecordReporter() ?? null;
      if (reporter === null)
        logRejected('records rejected and skipped (errors.tolerance=all, no dead letter queue)', batch, error);
      else for (const record of batch) await reporter(record, error);
      return;
    }
    if (config.behaviorOnError === 'fail') throw error;
    if (config.behaviorOnError === 'log')
      logRejected('records rejected and skipped (behavior.on.error=log)', batch, error);
  }

  private async nullValue(config: HttpSinkConfig, record: SinkRecord): Promise<void> {
    if (config.behaviorOnNullValues === 'log')
      log('INFO', 'record with a null value skipped (behavior.on.null.values=log)', coordinates(record));
    if (config.behaviorOnNullValues === 'fail') {
      await this.rejected(
        config,
        [record],
        new ConnectError(
          `Record ${JSON.stringify(coordinates(record))} has a null value (behavior.on.null.values=fail)`,
        ),
      );
    }
    this.markHandled([record]);
  }

  private wasHandled(record: SinkRecord): boolean {
    const done = this.handled.get(
      topicPartitionKey({ topic: record.originalTopic, partition: record.originalKafkaPartition }),
    );
    return done !== undefined && record.originalKafkaOffset < done.offset;
  }

  private markHandled(batch: readonly SinkRecord[]): void {
    for (const record of batch) {
      const topic = record.originalTopic;
      const partition = record.originalKafkaPartition;
      this.handled.set(topicPartitionKey({ topic, partition }), {
        topic,
        partition,
        offset: record.originalKafkaOffset + 1,
      });
    }
  }
}

function logRejected(message: string, batch: readonly SinkRecord[], error: ConnectError): void {
  const status = error instanceof HttpResponseError ? error.status : undefined;
  log('ERROR', message, { error: error.message, status, records: batch.map(coordinates) });
}

function coordinates(record: SinkRecord): { topic: string; partition: number; offset: number } {
  return { topic: record.originalTopic, partition: record.originalKafkaPartition, offset: record.originalKafkaOffset };
}

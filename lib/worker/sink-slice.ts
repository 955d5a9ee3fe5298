/**
 * One slice of a sink task (Connect's WorkerSinkTask, bounded and without a consumer group), in the same
 * steps: `poll` the assigned partitions from the committed offsets with group-less fetches,
 * `convertMessages` and transform, `deliverMessages` (`put`, redelivered on a retriable error), then
 * `commitOffsets` (`preCommit`, fenced in DynamoDB, mirrored to the consumer group `connect-<name>` so
 * Kafka's own tools show progress and lag).
 *
 * Life cycle, symmetric under failure: `start` and `open` run inside the block whose `finally` closes the
 * partitions opened and stops a task whose `start` was called (as Connect stops a task whose start threw).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectError } from '../api/errors.js';
import type { SinkRecord } from '../api/sink-record.js';
import type { ErrantRecordReporter } from '../api/sink-task-context.js';
import type { SinkTask } from '../api/sink-task.js';
import { topicPartitionKey, type TopicPartition } from '../api/topic-partition.js';
import { TASK_CLASS_CONFIG } from '../common/connector-config.js';
import type { FetchedRecord, FetchOptions, FetchPosition, FetchResult, SendOptions } from '../kafka/kafka-port.js';
import { ActiveTopics } from './active-topics.js';
import { createConverters, type TaskConverters } from './converters.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { isRetriableFailure } from './outage.js';
import { Prefetcher } from './prefetcher.js';
import { producerSendOptions } from './producer-settings.js';
import { RecordErrorHandler } from './record-errors.js';
import { commitSinkOffsets, nextPositions, startPositions } from './sink-offsets.js';
import { convertBatch } from './sink-record-conversion.js';
import { sliceBudgetSpent, type SliceContext, type SliceResult } from './slice-context.js';
import { converterContext, taskRuntimeContext } from './task-runtime-context.js';
import { TransformChain } from './transform-chain.js';

const FETCH_WAIT_MS = 250;
const MAX_FETCH_BYTES = 8 * 1024 * 1024;
/** While data flows, offsets are committed (after `preCommit` flushed the task) at least this often. */
const COMMIT_INTERVAL_MS = 1_000;

/** What one loop iteration tells the loop. */
type Next = 'continue' | 'stop';

export async function runSinkSlice(ctx: SliceContext, task: SinkTask): Promise<SliceResult> {
  const slice = new SinkSlice(ctx, task, await startPositions(ctx, ctx.task.partitions));
  return slice.run();
}

class SinkSlice {
  private readonly assigned: readonly TopicPartition[];
  private readonly paused = new Set<string>();
  private readonly converters: TaskConverters;
  private readonly transforms: TransformChain;
  private readonly dlq: DeadLetterQueue | null;
  private readonly dlqSendOptions: SendOptions;
  private readonly errors: RecordErrorHandler;
  /** The raw records of the batch being delivered, for the errant record reporter (DLQ only). */
  private readonly inFlight = new Map<string, FetchedRecord>();
  private readonly prefetcher: Prefetcher;
  private readonly activeTopics: ActiveTopics;
  private commitRequested = false;
  /** The task's `context.timeout`: the redelivery delay after a retriable `put` error. */
  private retryDelayMs: number | null = null;
  private records = 0;
  private bytes = 0;
  private pending = false;
  private lag = 0;
  private lastData: number;
  private uncommitted = 0;
  private lastCommit: number;

  constructor(
    private readonly ctx: SliceContext,
    private readonly task: SinkTask,
    private readonly positions: Map<string, FetchPosition>,
  ) {
    this.assigned = ctx.task.partitions;
    this.lastData = ctx.now();
    this.lastCommit = ctx.now();
    this.converters = createConverters(ctx.plugins, ctx.workerProperties, ctx.connector.config, converterContext(ctx));
    this.transforms = TransformChain.fromConfig(ctx.plugins, ctx.settings, ctx.connector.config);
    this.dlq = DeadLetterQueue.fromConfig(ctx.settings.deadLetterQueue, {
      connector: ctx.connector.name,
      task: ctx.task.id,
    });
    this.dlqSendOptions = this.dlq === null ? {} : producerSendOptions(ctx.connector.config, ctx.workerProperties);
    this.errors = new RecordErrorHandler(ctx.settings.errors, ctx.log, ctx.connector.name, this.dlq);
    this.prefetcher = new Prefetcher(ctx.kafka);
    this.activeTopics = new ActiveTopics(ctx);
    this.initializeTask();
  }

  async run(): Promise<SliceResult> {
    let started = false;
    let opened = false;
    try {
      started = true;
      await this.task.start(this.ctx.task.config);
      await this.task.open(this.assigned);
      opened = true;
      await this.iterate();
      if (this.uncommitted > 0) await this.commitOffsets();
    } catch (error) {
      // An outage ends the slice: first commit what the task already took (when the state store is
      // reachable), so the next slice does not deliver it again.
      if (this.uncommitted > 0 && isRetriableFailure(error)) await this.commitOffsets().catch(() => undefined);
      throw error;
    } finally {
      await this.close(started, opened);
    }
    return { records: this.records, bytes: this.bytes, pending: this.pending && this.lag > 0, lag: this.lag };
  }

  /** The task's context: its view of the slice (assignment, pause, offsets, commit requests, errant records). */
  private initializeTask(): void {
    const { positions, paused } = this;
    const dlq = this.dlq;
    const reporter: ErrantRecordReporter | null =
      dlq === null
        ? null
        : async (record, error) => {
            const raw = this.inFlight.get(
              `${record.originalTopic}-${record.originalKafkaPartition}-${record.originalKafkaOffset}`,
            );
            if (raw !== undefined)
              dlq.report(raw, 'TASK_PUT', this.ctx.task.config[TASK_CLASS_CONFIG] ?? 'unknown', error);
          };
    this.task.initialize({
      ...taskRuntimeContext(this.ctx),
      configs: () => this.ctx.task.config,
      offset: (tp, offset) => positions.set(topicPartitionKey(tp), { ...tp, offset }),
      timeout: (ms) => {
        this.retryDelayMs = ms;
      },
      assignment: () => this.assigned,
      pause: (...tps) => tps.forEach((tp) => paused.add(topicPartitionKey(tp))),
      resume: (...tps) => tps.forEach((tp) => paused.delete(topicPartitionKey(tp))),
      requestCommit: () => {
        this.commitRequested = true;
      },
      errantRecordReporter: () => reporter,
    });
  }

  /** Iterations until the slice's budget is spent, the lease is lost, or there is nothing more to read. */
  private async iterate(): Promise<void> {
    const started = this.ctx.now();
    while (this.assigned.length > 0) {
      if (sliceBudgetSpent(this.ctx, started, { records: this.records, bytes: this.bytes })) {
        this.pending = this.lag > 0 || this.records > 0;
        return;
      }
      if (!(await this.ctx.keepAlive())) return;
      if ((await this.iteration()) === 'stop') return;
    }
  }

  /** One poll → convert → deliver → (commit) round. */
  private async iteration(): Promise<Next> {
    const wanted = [...this.positions.values()].filter((p) => !this.paused.has(topicPartitionKey(p)));
    if (wanted.length === 0) return 'stop';
    const result = await this.poll(wanted);
    if (result.records.length === 0) return this.idle(result);
    this.lastData = this.ctx.now();
    const batchBytes = sizeOf(result.records);
    this.prefetchNext(wanted, result, batchBytes);
    const batch = await this.convertMessages(result.records);
    const delivered = batch !== undefined && (await this.deliverMessages(batch));
    if (!delivered) {
      this.pending = true;
      return 'stop';
    }
    await this.activeTopics.record(result.records.map((r) => r.topic));
    this.bytes += batchBytes;
    this.advance(result);
    this.records += result.records.length;
    this.uncommitted += result.records.length;
    this.lag = this.lagOf(result);
    if (this.commitRequested || this.ctx.now() - this.lastCommit >= COMMIT_INTERVAL_MS) await this.commitOffsets();
    return 'continue';
  }

  /** Fetches the wanted partitions (a prefetch started last round answers at once); out-of-range partitions restart at the log start. */
  private async poll(wanted: readonly FetchPosition[]): Promise<FetchResult> {
    const lingering =
      this.records > 0 && !this.ctx.limits.continuous
        ? Math.max(0, this.ctx.limits.lingerMs - (this.ctx.now() - this.lastData))
        : FETCH_WAIT_MS;
    const result = await this.prefetcher.fetch(wanted, this.fetchOptions(this.bytes, lingering));
    for (const state of result.partitions) {
      if (state.offsetOutOfRange)
        this.positions.set(topicPartitionKey(state), {
          topic: state.topic,
          partition: state.partition,
          offset: state.logStartOffset,
        });
    }
    this.lag = this.lagOf(result);
    return result;
  }

  /** A fetch without records: move past what cannot be delivered, commit what was put, linger or stop. */
  private async idle(result: FetchResult): Promise<Next> {
    // Batches with no deliverable records (transaction markers, compacted away) still move the position.
    const skipped = result.partitions.filter(
      (s) => !s.offsetOutOfRange && s.nextOffset > (this.positions.get(topicPartitionKey(s))?.offset ?? s.nextOffset),
    );
    for (const state of skipped)
      this.positions.set(topicPartitionKey(state), {
        topic: state.topic,
        partition: state.partition,
        offset: state.nextOffset,
      });
    if (result.partitions.some((s) => s.offsetOutOfRange) || skipped.length > 0) return 'continue';
    // Nothing new: a good moment to make what was put durable and visible.
    if (this.uncommitted > 0) await this.commitOffsets();
    // After activity, keep long-polling for a moment instead of waiting for the next tick.
    // Continuous mode keeps long-polling until the slice's budget is spent.
    const lingering = this.records > 0 && this.ctx.now() - this.lastData < this.ctx.limits.lingerMs;
    return lingering || this.ctx.limits.continuous ? 'continue' : 'stop';
  }

  /** Starts the next fetch while this batch is converted and put, unless this batch fills the slice. */
  private prefetchNext(wanted: readonly FetchPosition[], result: FetchResult, batchBytes: number): void {
    const { limits } = this.ctx;
    if (this.records + result.records.length < limits.maxRecords && this.bytes + batchBytes < limits.maxBytes) {
      this.prefetcher.start(nextPositions(wanted, result), this.fetchOptions(this.bytes + batchBytes, limits.lingerMs));
    }
  }

  /** Converts and transforms the batch; undefined when a record's retries outlast the slice. */
  private async convertMessages(fetched: readonly FetchedRecord[]): Promise<SinkRecord[] | undefined> {
    if (this.dlq !== null) {
      // Only a DLQ needs the raw record behind an errant record (building the map costs on the hot path).
      this.inFlight.clear();
      for (const raw of fetched) this.inFlight.set(`${raw.topic}-${raw.partition}-${raw.offset}`, raw);
    }
    return convertBatch(fetched, this.transforms, this.converters, this.errors, this.ctx.deadline);
  }

  /**
   * `put` with Connect's redelivery: a `RetriableError` makes the framework deliver the same batch again
   * after the task's `context.timeout` (else a backoff capped by `errors.retry.delay.max.ms`), for as long
   * as the slice may run. False when it could not be delivered in this slice: nothing past it is
   * committed, and the next slice reads it again.
   */
  private async deliverMessages(batch: SinkRecord[]): Promise<boolean> {
    const { ctx } = this;
    const maxDelay = ctx.settings.errors.retryDelayMaxMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await keepingLease(ctx, () => this.task.put(batch));
        return true;
      } catch (error) {
        if (!(error instanceof ConnectError && error.retriable)) throw error;
        const delay = this.retryDelayMs ?? Math.min(100 * 2 ** attempt, maxDelay);
        if (ctx.now() + delay >= ctx.deadline) return false;
        ctx.log.warn('retriable error from put; delivering the batch again', {
          connector: ctx.connector.name,
          attempt,
          delayMs: delay,
          error: error.message,
        });
        await keepingLease(ctx, () => sleep(delay));
      }
    }
  }

  /** After a delivered batch: each fetched partition continues at its next offset. */
  private advance(result: FetchResult): void {
    for (const state of result.partitions) {
      if (!state.offsetOutOfRange)
        this.positions.set(topicPartitionKey(state), {
          topic: state.topic,
          partition: state.partition,
          offset: state.nextOffset,
        });
    }
  }

  private async commitOffsets(): Promise<void> {
    await commitSinkOffsets(this.ctx, this.task, this.positions, this.dlq, this.dlqSendOptions);
    this.uncommitted = 0;
    this.lastCommit = this.ctx.now();
    this.commitRequested = false;
  }

  /** Undoes what `run` did, in reverse, whatever failed: the partitions opened are closed, a started task stopped. */
  private async close(started: boolean, opened: boolean): Promise<void> {
    try {
      await this.prefetcher.discard();
      if (opened) await this.task.close(this.assigned);
    } finally {
      try {
        if (started) await this.task.stop();
      } finally {
        this.transforms.close();
      }
    }
  }

  private fetchOptions(bytesSoFar: number, waitMs: number): FetchOptions {
    const { ctx } = this;
    return {
      maxBytes: Math.min(ctx.limits.maxBytes - bytesSoFar, MAX_FETCH_BYTES),
      maxWaitMs: Math.min(waitMs, FETCH_WAIT_MS, Math.max(0, ctx.deadline - ctx.now())),
    };
  }

  /** Records behind the high watermarks of the fetched partitions. */
  private lagOf(result: FetchResult): number {
    return result.partitions.reduce(
      (n, s) =>
        n + Math.max(0, s.highWatermark - (this.positions.get(topicPartitionKey(s))?.offset ?? s.highWatermark)),
      0,
    );
  }
}

function sizeOf(records: readonly FetchedRecord[]): number {
  let bytes = 0;
  for (const fetched of records) bytes += (fetched.value?.length ?? 0) + (fetched.key?.length ?? 0);
  return bytes;
}

/** How often the lease is checked while a task's `put` runs (`keepAlive` renews only once half its TTL is gone). */
const PUT_KEEP_ALIVE_MS = 250;

/**
 * `work` (a task's `put`, which may take long: an HTTP sink waiting on a slow endpoint; or the wait before
 * a batch is put again) with the lease kept meanwhile. Without it a `put` longer than the lease's TTL let
 * the scheduler start a second slice of the task from the last committed offsets, which delivered the same
 * records again while this one's commit was then fenced off. A stop request seen here is acted on by the
 * slice loop after `put`.
 */
async function keepingLease<T>(ctx: SliceContext, work: () => T | Promise<T>): Promise<T> {
  let renewing: Promise<unknown> = Promise.resolve();
  // Renewals are chained, never concurrent: two renewals of the same lease would race on its condition.
  const timer = setInterval(() => {
    renewing = renewing.then(() => ctx.keepAlive()).catch(() => undefined);
  }, PUT_KEEP_ALIVE_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}

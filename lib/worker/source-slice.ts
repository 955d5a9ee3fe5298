/**
 * One slice of a source task (Connect's WorkerSourceTask, bounded): poll, transform, convert, produce
 * with acks=all, then commit the source offsets of acknowledged records, fenced by the lease. Ends when
 * the task has nothing (idle), at the record/byte/time limits, or when the lease says stop.
 *
 * Two things keep the task busy while Kafka and DynamoDB answer: one produce is in flight while the next
 * batch is polled and converted (acks are applied in order, so offsets never pass an unacknowledged
 * record), and offsets are flushed every `offset.flush.interval.ms` and at the end of the slice rather
 * than after every batch. After a crash a task therefore re-sends at most what was acknowledged since the
 * last flush plus the batch in flight: never more than the slice.
 *
 * The steps are AbstractWorkerSourceTask's: `poll`, `convertTransformedRecords`, `sendRecords`, and
 * `commitOffsets`; `settle` applies a batch's acks (`commitRecord`) in poll order. `start` runs inside the
 * block whose `finally` stops the task, so a task whose `start` threw is stopped too, as Connect does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SourceRecord } from '../api/source-record.js';
import type { SourceTask } from '../api/source-task.js';
import type { RecordMetadata } from '../api/record-metadata.js';
import type { SendOptions } from '../kafka/kafka-port.js';
import { canonicalJson } from '../stores/canonical-json.js';
import type { SourceOffsetEntry } from '../stores/model.js';
import { ActiveTopics } from './active-topics.js';
import { createConverters, type TaskConverters } from './converters.js';
import { isRetriableFailure } from './outage.js';
import { producerSendOptions } from './producer-settings.js';
import { RecordErrorHandler } from './record-errors.js';
import { sliceBudgetSpent, type SliceContext, type SliceResult } from './slice-context.js';
import { converterContext, taskRuntimeContext } from './task-runtime-context.js';
import { convertBatch, lastOffsets, type Produced } from './source-record-conversion.js';
import { TopicCreation } from './topic-creation.js';
import { TransformChain } from './transform-chain.js';

/** How often an idle source task is polled while the slice lingers. */
const IDLE_POLL_MS = 100;

/** A batch whose produce is in flight: what to apply once Kafka acknowledged it. */
interface InFlight {
  readonly produced: readonly Produced[];
  readonly dropped: readonly SourceRecord[];
  /** The batch's last offset per source partition, by canonical partition key. */
  readonly offsets: ReadonlyMap<string, SourceOffsetEntry>;
  /** Settles, never rejects: a failure is rethrown when the acks are applied, in order. */
  readonly acks: Promise<{ readonly metadata: RecordMetadata[] } | { readonly error: unknown }>;
}

/** What one loop iteration tells the loop. */
type Next = 'continue' | 'stop';

export async function runSourceSlice(ctx: SliceContext, task: SourceTask): Promise<SliceResult> {
  const committed = new Map(
    (await ctx.stores.offsets.getSourceOffsets(ctx.connector.name)).map((e) => [canonicalJson(e.partition), e.offset]),
  );
  return new SourceSlice(ctx, task, committed).run();
}

class SourceSlice {
  private readonly converters: TaskConverters;
  private readonly transforms: TransformChain;
  private readonly errors: RecordErrorHandler;
  private readonly activeTopics: ActiveTopics;
  private readonly topicCreation: TopicCreation | null;
  private readonly sendOptions: SendOptions;
  /** Offsets of acknowledged records not yet written to the state store. */
  private readonly unflushed = new Map<string, SourceOffsetEntry>();
  private lastFlush: number;
  private inFlight: InFlight | null = null;
  private records = 0;
  private bytes = 0;
  private pending = false;
  private lastData: number;

  constructor(
    private readonly ctx: SliceContext,
    private readonly task: SourceTask,
    /** Committed offsets by canonical partition key: what the task's offset reader sees. */
    private readonly committed: Map<string, SourceOffsetEntry['offset']>,
  ) {
    this.task.initialize({
      ...taskRuntimeContext(ctx),
      configs: () => ctx.task.config,
      offsetStorageReader: () => ({
        offset: async (partition) => committed.get(canonicalJson(partition)) ?? null,
        offsets: async (partitions) => new Map(partitions.map((p) => [p, committed.get(canonicalJson(p)) ?? null])),
      }),
    });
    this.converters = createConverters(ctx.plugins, ctx.workerProperties, ctx.connector.config, converterContext(ctx));
    this.transforms = TransformChain.fromConfig(ctx.plugins, ctx.settings, ctx.connector.config);
    this.errors = new RecordErrorHandler(ctx.settings.errors, ctx.log, ctx.connector.name);
    this.activeTopics = new ActiveTopics(ctx);
    this.topicCreation = TopicCreation.fromConfig(ctx.connector.config, ctx.worker.topicCreationEnable);
    this.sendOptions = producerSendOptions(ctx.connector.config, ctx.workerProperties);
    this.lastFlush = ctx.now();
    this.lastData = ctx.now();
  }

  async run(): Promise<SliceResult> {
    let started = false;
    try {
      started = true;
      await this.task.start(this.ctx.task.config);
      await this.iterate();
      await this.settle();
      await this.commitOffsets();
    } catch (error) {
      // An outage ends the slice: first make the acknowledged records' offsets durable (when the state
      // store is reachable), so the next slice does not send them again.
      if (this.unflushed.size > 0 && isRetriableFailure(error)) await this.commitOffsets().catch(() => undefined);
      throw error;
    } finally {
      await this.close(started);
    }
    return { records: this.records, bytes: this.bytes, pending: this.pending };
  }

  /** Iterations until the slice's budget is spent, the lease is lost, or the task is idle. */
  private async iterate(): Promise<void> {
    const started = this.ctx.now();
    while (true) {
      if (sliceBudgetSpent(this.ctx, started, { records: this.records, bytes: this.bytes })) {
        this.pending = true;
        return;
      }
      if (!(await this.ctx.keepAlive())) return;
      if ((await this.iteration()) === 'stop') return;
    }
  }

  /** One poll → convert → send round; the previous batch's acks are applied before this one is sent. */
  private async iteration(): Promise<Next> {
    const batch = await this.task.poll();
    if (batch === null || batch.length === 0) return this.idle();
    this.lastData = this.ctx.now();
    const converted = await convertBatch(batch, this.transforms, this.converters, this.errors, this.ctx.deadline);
    // Retries outlasted the slice: stop before this batch; the next slice polls it again.
    if (converted === undefined) {
      this.pending = true;
      return 'stop';
    }
    await this.settle();
    await this.commitOffsetsWhenDue();
    await this.sendRecords(batch, converted.produced, converted.dropped);
    return 'continue';
  }

  /** The task had nothing: apply acks, flush when due, then linger for more or stop. */
  private async idle(): Promise<Next> {
    await this.settle();
    await this.commitOffsetsWhenDue();
    // After activity, linger a moment for more data instead of waiting for the next tick.
    const { ctx } = this;
    // Continuous mode keeps polling until the slice's budget is spent.
    const lingering = ctx.limits.continuous || (this.records > 0 && ctx.now() - this.lastData < ctx.limits.lingerMs);
    if (lingering && ctx.now() + IDLE_POLL_MS < ctx.deadline) {
      await sleep(IDLE_POLL_MS);
      return 'continue';
    }
    return 'stop';
  }

  /** Produces the converted batch (creating its topics first when configured); its acks are applied by the next `settle`. */
  private async sendRecords(
    batch: readonly SourceRecord[],
    produced: readonly Produced[],
    dropped: readonly SourceRecord[],
  ): Promise<void> {
    const { ctx } = this;
    const toSend = produced.map((p) => p.record);
    if (this.topicCreation !== null)
      await this.topicCreation.ensure(
        ctx.kafka,
        toSend.map((r) => r.topic),
      );
    this.inFlight = {
      produced,
      dropped,
      offsets: lastOffsets(batch),
      acks:
        toSend.length === 0
          ? Promise.resolve({ metadata: [] })
          : ctx.kafka.send(toSend, this.sendOptions).then(
              (metadata) => ({ metadata }),
              (error: unknown) => ({ error }),
            ),
    };
    await this.activeTopics.record(toSend.map((r) => r.topic));
    this.records += batch.length;
    for (const record of toSend) this.bytes += (record.value?.length ?? 0) + (record.key?.length ?? 0);
  }

  /** Waits for the batch in flight, then records its offsets and tells the task, in poll order. */
  private async settle(): Promise<void> {
    const inFlight = this.inFlight;
    if (inFlight === null) return;
    this.inFlight = null;
    const outcome = await inFlight.acks;
    if ('error' in outcome) throw outcome.error;
    for (const [key, entry] of inFlight.offsets) this.unflushed.set(key, entry);
    const { produced, dropped } = inFlight;
    for (let i = 0; i < produced.length; i++)
      await this.task.commitRecord(produced[i]!.source, outcome.metadata[i] ?? null);
    for (const source of dropped) await this.task.commitRecord(source, null);
  }

  private async commitOffsetsWhenDue(): Promise<void> {
    if (this.ctx.now() - this.lastFlush >= this.ctx.worker.offsetFlushIntervalMs) await this.commitOffsets();
  }

  /** Writes the acknowledged offsets, fenced by the lease, then tells the task (`commit`). */
  private async commitOffsets(): Promise<void> {
    const { ctx } = this;
    this.lastFlush = ctx.now();
    if (this.unflushed.size === 0) return;
    await ctx.stores.offsets.putSourceOffsets(ctx.connector.name, [...this.unflushed.values()], ctx.fence);
    for (const [key, entry] of this.unflushed) this.committed.set(key, entry.offset);
    this.unflushed.clear();
    await this.task.commit();
  }

  /** Whatever failed: a produce still in flight is awaited (nothing outlives the slice), a started task stopped. */
  private async close(started: boolean): Promise<void> {
    try {
      await this.inFlight?.acks;
    } finally {
      try {
        if (started) await this.task.stop();
      } finally {
        this.transforms.close();
      }
    }
  }
}

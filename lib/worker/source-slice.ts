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
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SourcePartition, SourceRecord } from '../api/source-record.js';
import type { SourceTask } from '../api/source-task.js';
import type { RecordMetadata } from '../api/record-metadata.js';
import type { ProduceRecord } from '../kafka/kafka-port.js';
import { canonicalJson } from '../stores/canonical-json.js';
import type { SourceOffsetEntry } from '../stores/model.js';
import { ActiveTopics } from './active-topics.js';
import { createConverters, type TaskConverters } from './converters.js';
import { pluginClassName } from './plugin-factory.js';
import { producerSendOptions } from './producer-settings.js';
import { OUT_OF_TIME, RecordErrorHandler } from './record-errors.js';
import { isRetriableFailure } from './outage.js';
import type { SliceContext, SliceResult } from './slice-context.js';
import { TopicCreation } from './topic-creation.js';
import { TransformChain } from './transform-chain.js';

/** Shared by every record without headers (header lists are read-only). */
const NO_HEADERS: readonly never[] = Object.freeze([]);
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

export async function runSourceSlice(ctx: SliceContext, task: SourceTask): Promise<SliceResult> {
  const config = ctx.task.config;
  const committed = new Map((await ctx.stores.offsets.getSourceOffsets(ctx.connector.name)).map((e) => [canonicalJson(e.partition), e.offset]));
  task.initialize({
    configs: () => config,
    offsetStorageReader: () => ({
      offset: async (partition) => committed.get(canonicalJson(partition)) ?? null,
      offsets: async (partitions) => new Map(partitions.map((p) => [p, committed.get(canonicalJson(p)) ?? null])),
    }),
  });
  const converters = createConverters(ctx.plugins, ctx.workerProperties, ctx.connector.config);
  const transforms = TransformChain.fromConfig(ctx.plugins, ctx.settings, ctx.connector.config);
  const errors = new RecordErrorHandler(ctx.settings.errors, ctx.log, ctx.connector.name);
  const activeTopics = new ActiveTopics(ctx);
  const topicCreation = TopicCreation.fromConfig(ctx.connector.config, ctx.worker.topicCreationEnable);
  const flushIntervalMs = ctx.worker.offsetFlushIntervalMs;
  const sendOptions = producerSendOptions(ctx.connector.config, ctx.workerProperties);
  const unflushed = new Map<string, SourceOffsetEntry>();
  let lastFlush = ctx.now();
  let inFlight: InFlight | null = null;
  let records = 0;
  let bytes = 0;
  let pending = false;
  let lastData = ctx.now();

  /** Waits for the batch in flight, then records its offsets and tells the task, in poll order. */
  const settle = async (): Promise<void> => {
    if (inFlight === null) return;
    const { produced, dropped, offsets, acks } = inFlight;
    inFlight = null;
    const outcome = await acks;
    if ('error' in outcome) throw outcome.error;
    for (const [key, entry] of offsets) unflushed.set(key, entry);
    for (let i = 0; i < produced.length; i++) await task.commitRecord(produced[i]!.source, outcome.metadata[i] ?? null);
    for (const source of dropped) await task.commitRecord(source, null);
  };
  const flushOffsets = async (): Promise<void> => {
    lastFlush = ctx.now();
    if (unflushed.size === 0) return;
    await ctx.stores.offsets.putSourceOffsets(ctx.connector.name, [...unflushed.values()], ctx.fence);
    for (const [key, entry] of unflushed) committed.set(key, entry.offset);
    unflushed.clear();
    await task.commit();
  };

  await task.start(config);
  try {
    const started = ctx.now();
    while (true) {
      if (records >= ctx.limits.maxRecords || bytes >= ctx.limits.maxBytes || ctx.now() - started >= ctx.limits.maxMs || ctx.now() >= ctx.deadline) {
        pending = true;
        break;
      }
      if (!(await ctx.keepAlive())) break;
      const batch = await task.poll();
      if (batch === null || batch.length === 0) {
        await settle();
        if (ctx.now() - lastFlush >= flushIntervalMs) await flushOffsets();
        // After activity, linger a moment for more data instead of waiting for the next tick.
        if (records > 0 && ctx.now() - lastData < ctx.limits.lingerMs && ctx.now() + IDLE_POLL_MS < ctx.deadline) {
          await sleep(IDLE_POLL_MS);
          continue;
        }
        break;
      }
      lastData = ctx.now();
      const converted = await convertBatch(batch, transforms, converters, errors, ctx.deadline);
      // Retries outlasted the slice: stop before this batch; the next slice polls it again.
      if (converted === undefined) {
        pending = true;
        break;
      }
      await settle();
      if (ctx.now() - lastFlush >= flushIntervalMs) await flushOffsets();
      const { produced, dropped } = converted;
      const toSend = produced.map((p) => p.record);
      if (topicCreation !== null) await topicCreation.ensure(ctx.kafka, toSend.map((r) => r.topic));
      inFlight = {
        produced,
        dropped,
        offsets: lastOffsets(batch),
        acks: toSend.length === 0 ? Promise.resolve({ metadata: [] }) : ctx.kafka.send(toSend, sendOptions).then((metadata) => ({ metadata }), (error: unknown) => ({ error })),
      };
      await activeTopics.record(toSend.map((r) => r.topic));
      records += batch.length;
      for (const record of toSend) bytes += (record.value?.length ?? 0) + (record.key?.length ?? 0);
    }
    await settle();
    await flushOffsets();
  } catch (error) {
    // An outage ends the slice: first make the acknowledged records' offsets durable (when the state
    // store is reachable), so the next slice does not send them again.
    if (unflushed.size > 0 && isRetriableFailure(error)) await flushOffsets().catch(() => undefined);
    throw error;
  } finally {
    // A failure may leave a produce in flight: wait for it so nothing outlives the slice.
    await (inFlight as InFlight | null)?.acks;
    await task.stop();
    transforms.close();
  }
  return { records, bytes, pending };
}

interface Produced {
  readonly source: SourceRecord;
  readonly record: ProduceRecord;
}

/**
 * Transforms and converts one polled batch (each transform and converter its own stage, as in Connect);
 * undefined when a record's retries outlast the slice.
 */
async function convertBatch(batch: readonly SourceRecord[], transforms: TransformChain, converters: TaskConverters, errors: RecordErrorHandler, deadline: number): Promise<{ produced: Produced[]; dropped: SourceRecord[] } | undefined> {
  const names = { key: pluginClassName(converters.key), value: pluginClassName(converters.value), header: pluginClassName(converters.header) };
  const pipeline = (source: SourceRecord): ProduceRecord | undefined => {
    const record = transforms.apply(source, errors);
    if (record === undefined || record === null) return undefined;
    const key = errors.attempt('KEY_CONVERTER', () => converters.key.fromConnectData(record.topic, record.headers, record.keySchema, record.key), names.key);
    if (key === undefined) return undefined;
    const value = errors.attempt('VALUE_CONVERTER', () => converters.value.fromConnectData(record.topic, record.headers, record.valueSchema, record.value), names.value);
    if (value === undefined) return undefined;
    const headers = record.headers.length === 0 ? NO_HEADERS : errors.attempt('HEADER_CONVERTER', () => record.headers.map((h) => ({ key: h.key, value: converters.header.fromConnectHeader(record.topic, h.key, h.schema, h.value) })), names.header);
    if (headers === undefined) return undefined;
    return { topic: record.topic, partition: record.kafkaPartition, key, value, timestamp: record.timestamp, headers };
  };
  const results = await errors.mapRecords(batch, pipeline, deadline);
  if (results === OUT_OF_TIME) return undefined;
  const produced: Produced[] = [];
  const dropped: SourceRecord[] = [];
  batch.forEach((source, i) => {
    const record = results[i];
    if (record === undefined) dropped.push(source);
    else produced.push({ source, record });
  });
  return { produced, dropped };
}

/**
 * The last offset of each source partition in the batch (records are in order within a partition),
 * copied: a task may reuse and change its offset objects after `poll` returned.
 */
function lastOffsets(batch: readonly SourceRecord[]): Map<string, SourceOffsetEntry> {
  const last = new Map<string, SourceRecord>();
  let previous: SourcePartition | null = null;
  let previousKey = '';
  for (const record of batch) {
    const partition = record.sourcePartition;
    if (partition === null || record.sourceOffset === null) continue;
    // Consecutive records nearly always share a partition: compare before computing a canonical key.
    if (previous === null || (partition !== previous && !sameFlatObject(partition, previous))) previousKey = partitionKey(partition);
    previous = partition;
    last.set(previousKey, record);
  }
  const offsets = new Map<string, SourceOffsetEntry>();
  for (const [key, record] of last) offsets.set(key, { partition: { ...record.sourcePartition }, offset: record.sourceOffset === null ? null : { ...record.sourceOffset } });
  return offsets;
}

/** Same keys with the same primitive values (objects count as equal only when identical). */
function sameFlatObject(a: SourcePartition, b: SourcePartition): boolean {
  let count = 0;
  for (const key in a) {
    if (a[key] !== b[key] || !Object.hasOwn(b, key)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

/** Tasks usually reuse one partition object for many records: key it once (profiling showed this hot). */
const partitionKeys = new WeakMap<object, string>();
function partitionKey(partition: Readonly<Record<string, unknown>>): string {
  let key = partitionKeys.get(partition);
  if (key === undefined) {
    key = canonicalJson(partition);
    partitionKeys.set(partition, key);
  }
  return key;
}

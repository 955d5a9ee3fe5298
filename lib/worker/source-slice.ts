/**
 * One slice of a source task (Connect's WorkerSourceTask, bounded): poll, transform, convert, produce
 * with acks=all, then commit the source offsets of acknowledged records, fenced by the lease. Ends when
 * the task has nothing (idle), at the record/byte/time limits, or when the lease says stop.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SourceRecord } from '../api/source-record.js';
import type { SourceTask } from '../api/source-task.js';
import { canonicalJson } from '../stores/canonical-json.js';
import type { SourceOffsetEntry } from '../stores/model.js';
import type { ProduceRecord } from '../kafka/kafka-port.js';
import { ActiveTopics } from './active-topics.js';
import { createConverters, type TaskConverters } from './converters.js';
import { RecordErrorHandler } from './record-errors.js';
import type { SliceContext, SliceResult } from './slice-context.js';
import { TopicCreation } from './topic-creation.js';
import { TransformChain } from './transform-chain.js';

/** How often an idle source task is polled while the slice lingers. */
const IDLE_POLL_MS = 100;

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
  const transforms = TransformChain.fromConfig(ctx.plugins, ctx.connector.config);
  const errors = new RecordErrorHandler(ctx.connector.config, ctx.log, ctx.connector.name);
  const activeTopics = new ActiveTopics(ctx);
  const topicCreation = TopicCreation.fromConfig(ctx.connector.config, ctx.workerProperties);
  let records = 0;
  let bytes = 0;
  let pending = false;
  let lastData = ctx.now();
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
        // After activity, linger a moment for more data instead of waiting for the next tick.
        if (records > 0 && ctx.now() - lastData < ctx.limits.lingerMs && ctx.now() + IDLE_POLL_MS < ctx.deadline) {
          await sleep(IDLE_POLL_MS);
          continue;
        }
        break;
      }
      lastData = ctx.now();
      const { produced, dropped } = convertBatch(batch, transforms, converters, errors);
      if (topicCreation !== null) await topicCreation.ensure(ctx.kafka, produced.map((p) => p.record.topic));
      const metadata = produced.length === 0 ? [] : await ctx.kafka.send(produced.map((p) => p.record));
      await activeTopics.record(produced.map((p) => p.record.topic));
      const offsets = lastOffsets(batch);
      await ctx.stores.offsets.putSourceOffsets(ctx.connector.name, offsets, ctx.fence);
      for (const entry of offsets) committed.set(partitionKey(entry.partition), entry.offset);
      for (const [i, p] of produced.entries()) await task.commitRecord(p.source, metadata[i] ?? null);
      for (const source of dropped) await task.commitRecord(source, null);
      records += batch.length;
      bytes += produced.reduce((n, p) => n + (p.record.value?.length ?? 0) + (p.record.key?.length ?? 0), 0);
    }
    await task.commit();
  } finally {
    await task.stop();
    transforms.close();
  }
  return { records, bytes, pending };
}

interface Produced {
  readonly source: SourceRecord;
  readonly record: ProduceRecord;
}

function convertBatch(batch: readonly SourceRecord[], transforms: TransformChain, converters: TaskConverters, errors: RecordErrorHandler): { produced: Produced[]; dropped: SourceRecord[] } {
  const produced: Produced[] = [];
  const dropped: SourceRecord[] = [];
  for (const source of batch) {
    const record = errors.attempt('TRANSFORMATION', () => transforms.apply(source));
    if (record === undefined || record === null) {
      dropped.push(source);
      continue;
    }
    const converted = errors.attempt('VALUE_CONVERTER', () => ({
      topic: record.topic,
      partition: record.kafkaPartition,
      key: converters.key.fromConnectData(record.topic, record.headers, record.keySchema, record.key),
      value: converters.value.fromConnectData(record.topic, record.headers, record.valueSchema, record.value),
      timestamp: record.timestamp,
      headers: record.headers.map((h) => ({ key: h.key, value: converters.header.fromConnectHeader(record.topic, h.key, h.schema, h.value) })),
    }));
    if (converted === undefined) dropped.push(source);
    else produced.push({ source, record: converted });
  }
  return { produced, dropped };
}

/** The last offset of each source partition in the batch (records are in order within a partition). */
function lastOffsets(batch: readonly SourceRecord[]): SourceOffsetEntry[] {
  const last = new Map<string, SourceOffsetEntry>();
  for (const record of batch) {
    if (record.sourcePartition === null || record.sourceOffset === null) continue;
    last.set(partitionKey(record.sourcePartition), { partition: record.sourcePartition, offset: record.sourceOffset });
  }
  return [...last.values()].map((e) => ({ partition: { ...e.partition }, offset: e.offset === null ? null : { ...e.offset } }));
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

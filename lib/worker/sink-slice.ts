/**
 * One slice of a sink task (Connect's WorkerSinkTask, bounded and without a consumer group): read the
 * assigned partitions from the committed offsets with group-less fetches, convert and transform, `put`,
 * then `preCommit` and commit the offsets (fenced) in DynamoDB, mirrored to the consumer group
 * `connect-<name>` so Kafka's own tools show progress and lag.
 */
import type { SinkRecord } from '../api/sink-record.js';
import type { PartitionOffsets, SinkTask } from '../api/sink-task.js';
import { topicPartitionKey, type TopicPartition } from '../api/topic-partition.js';
import type { FetchedRecord, FetchPosition } from '../kafka/kafka-port.js';
import { createConverters, type TaskConverters } from './converters.js';
import { RecordErrorHandler } from './record-errors.js';
import type { SliceContext, SliceResult } from './slice-context.js';
import { TransformChain } from './transform-chain.js';

const FETCH_WAIT_MS = 250;

export function sinkGroupId(connector: string, config: Readonly<Record<string, string>>): string {
  return config['consumer.override.group.id'] ?? `connect-${connector}`;
}

export async function runSinkSlice(ctx: SliceContext, task: SinkTask): Promise<SliceResult> {
  const assigned = ctx.task.partitions;
  const positions = await startPositions(ctx, assigned);
  const paused = new Set<string>();
  let commitRequested = false;
  task.initialize({
    configs: () => ctx.task.config,
    offset: (tp, offset) => positions.set(topicPartitionKey(tp), { ...tp, offset }),
    timeout: () => undefined,
    assignment: () => assigned,
    pause: (...tps) => tps.forEach((tp) => paused.add(topicPartitionKey(tp))),
    resume: (...tps) => tps.forEach((tp) => paused.delete(topicPartitionKey(tp))),
    requestCommit: () => {
      commitRequested = true;
    },
    errantRecordReporter: () => null,
  });
  const converters = createConverters(ctx.plugins, ctx.workerProperties, ctx.connector.config);
  const transforms = TransformChain.fromConfig(ctx.plugins, ctx.connector.config);
  const errors = new RecordErrorHandler(ctx.connector.config, ctx.log, ctx.connector.name);
  let records = 0;
  let bytes = 0;
  let pending = false;
  let lag = 0;
  await task.start(ctx.task.config);
  await task.open(assigned);
  try {
    const started = ctx.now();
    while (assigned.length > 0) {
      if (records >= ctx.limits.maxRecords || bytes >= ctx.limits.maxBytes || ctx.now() - started >= ctx.limits.maxMs || ctx.now() >= ctx.deadline) {
        pending = lag > 0 || records > 0;
        break;
      }
      if (!(await ctx.keepAlive())) break;
      const wanted = [...positions.values()].filter((p) => !paused.has(topicPartitionKey(p)));
      if (wanted.length === 0) break;
      const result = await ctx.kafka.fetch(wanted, { maxBytes: Math.min(ctx.limits.maxBytes - bytes, 8 * 1024 * 1024), maxWaitMs: records === 0 ? FETCH_WAIT_MS : 0 });
      for (const state of result.partitions) {
        if (state.offsetOutOfRange) positions.set(topicPartitionKey(state), { topic: state.topic, partition: state.partition, offset: state.logStartOffset });
      }
      lag = result.partitions.reduce((n, s) => n + Math.max(0, s.highWatermark - (positions.get(topicPartitionKey(s))?.offset ?? s.highWatermark)), 0);
      if (result.records.length === 0) {
        if (result.partitions.some((s) => s.offsetOutOfRange)) continue;
        break;
      }
      const batch = convertBatch(result.records, transforms, converters, errors);
      await task.put(batch);
      for (const fetched of result.records) {
        positions.set(topicPartitionKey(fetched), { topic: fetched.topic, partition: fetched.partition, offset: fetched.offset + 1 });
        bytes += (fetched.value?.length ?? 0) + (fetched.key?.length ?? 0);
      }
      records += result.records.length;
      lag = result.partitions.reduce((n, s) => n + Math.max(0, s.highWatermark - (positions.get(topicPartitionKey(s))?.offset ?? s.highWatermark)), 0);
      if (commitRequested) {
        await commit(ctx, task, positions);
        commitRequested = false;
      }
    }
    if (records > 0) await commit(ctx, task, positions);
  } finally {
    await task.close(assigned);
    await task.stop();
    transforms.close();
  }
  return { records, bytes, pending: pending && lag > 0, lag };
}

/** Committed offsets for the assigned partitions; the earliest available offset where none is stored. */
async function startPositions(ctx: SliceContext, assigned: readonly TopicPartition[]): Promise<Map<string, FetchPosition>> {
  const stored = new Map((await ctx.stores.offsets.getSinkOffsets(ctx.connector.name)).map((o) => [topicPartitionKey(o), o.offset]));
  const missing = assigned.filter((tp) => !stored.has(topicPartitionKey(tp)));
  const earliest = missing.length === 0 ? new Map<string, number>() : await ctx.kafka.listOffsets(missing, 'earliest');
  return new Map(assigned.map((tp) => {
    const key = topicPartitionKey(tp);
    return [key, { ...tp, offset: stored.get(key) ?? earliest.get(key) ?? 0 }];
  }));
}

async function commit(ctx: SliceContext, task: SinkTask, positions: Map<string, FetchPosition>): Promise<void> {
  const current: PartitionOffsets = new Map([...positions.entries()].map(([k, p]) => [k, { tp: { topic: p.topic, partition: p.partition }, offset: p.offset }]));
  const safe = await task.preCommit(current);
  const entries = [...safe.values()].map((o) => ({ topic: o.tp.topic, partition: o.tp.partition, offset: o.offset }));
  if (entries.length === 0) return;
  await ctx.stores.offsets.putSinkOffsets(ctx.connector.name, entries, ctx.fence);
  try {
    await ctx.kafka.commitGroupOffsets(sinkGroupId(ctx.connector.name, ctx.connector.config), entries);
  } catch (error) {
    // The mirror is for Kafka's tools; DynamoDB stays authoritative, so a failed mirror loses nothing.
    ctx.log.warn('consumer group offset mirror failed', { connector: ctx.connector.name, error: error instanceof Error ? error.message : String(error) });
  }
}

function convertBatch(fetched: readonly FetchedRecord[], transforms: TransformChain, converters: TaskConverters, errors: RecordErrorHandler): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (const raw of fetched) {
    const record = errors.attempt('VALUE_CONVERTER', () => toSinkRecord(raw, converters));
    if (record === undefined) continue;
    const transformed = errors.attempt('TRANSFORMATION', () => transforms.apply(record));
    if (transformed !== undefined && transformed !== null) out.push(transformed);
  }
  return out;
}

function toSinkRecord(raw: FetchedRecord, converters: TaskConverters): SinkRecord {
  const headers = raw.headers.map((h) => {
    const sv = converters.header.toConnectHeader(raw.topic, h.key, h.value);
    return { key: h.key, value: sv.value, schema: sv.schema };
  });
  const key = converters.key.toConnectData(raw.topic, headers, raw.key);
  const value = converters.value.toConnectData(raw.topic, headers, raw.value);
  return {
    topic: raw.topic,
    kafkaPartition: raw.partition,
    kafkaOffset: raw.offset,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: raw.timestamp,
    timestampType: raw.timestampType,
    headers,
    originalTopic: raw.topic,
    originalKafkaPartition: raw.partition,
    originalKafkaOffset: raw.offset,
  };
}

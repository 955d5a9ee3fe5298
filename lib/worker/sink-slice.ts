/**
 * One slice of a sink task (Connect's WorkerSinkTask, bounded and without a consumer group): read the
 * assigned partitions from the committed offsets with group-less fetches, convert and transform, `put`,
 * then `preCommit` and commit the offsets (fenced) in DynamoDB, mirrored to the consumer group
 * `connect-<name>` so Kafka's own tools show progress and lag.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectError } from '../api/errors.js';
import type { SinkRecord } from '../api/sink-record.js';
import type { ErrantRecordReporter } from '../api/sink-task-context.js';
import type { PartitionOffsets, SinkTask } from '../api/sink-task.js';
import { topicPartitionKey, type TopicPartition } from '../api/topic-partition.js';
import type { FetchedRecord, FetchOptions, FetchPosition, FetchResult, SendOptions } from '../kafka/kafka-port.js';
import { ActiveTopics } from './active-topics.js';
import { createConverters, type TaskConverters } from './converters.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { pluginClassName } from './plugin-factory.js';
import { Prefetcher } from './prefetcher.js';
import { producerSendOptions } from './producer-settings.js';
import { OUT_OF_TIME, RecordErrorHandler } from './record-errors.js';
import { isRetriableFailure } from './outage.js';
import type { SliceContext, SliceResult } from './slice-context.js';
import { TransformChain } from './transform-chain.js';

/** Shared by every record without headers (header lists are read-only). */
const NO_HEADERS: readonly never[] = Object.freeze([]);
const FETCH_WAIT_MS = 250;
const MAX_FETCH_BYTES = 8 * 1024 * 1024;
/** While data flows, offsets are committed (after `preCommit` flushed the task) at least this often. */
const COMMIT_INTERVAL_MS = 1_000;
/** How far past the slice's deadline the consumer-group offset mirror may run (inside the runner's margin). */
const MIRROR_GRACE_MS = 1_000;

/** `work`, or a rejection once `ms` pass (the work itself goes on, its outcome ignored). */
async function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function sinkGroupId(connector: string, config: Readonly<Record<string, string>>): string {
  return config['consumer.override.group.id'] ?? `connect-${connector}`;
}

export async function runSinkSlice(ctx: SliceContext, task: SinkTask): Promise<SliceResult> {
  const assigned = ctx.task.partitions;
  const positions = await startPositions(ctx, assigned);
  const paused = new Set<string>();
  let commitRequested = false;
  let retryDelayMs: number | null = null;
  let reporter: ErrantRecordReporter | null = null;
  task.initialize({
    configs: () => ctx.task.config,
    offset: (tp, offset) => positions.set(topicPartitionKey(tp), { ...tp, offset }),
    timeout: (ms) => {
      retryDelayMs = ms;
    },
    assignment: () => assigned,
    pause: (...tps) => tps.forEach((tp) => paused.add(topicPartitionKey(tp))),
    resume: (...tps) => tps.forEach((tp) => paused.delete(topicPartitionKey(tp))),
    requestCommit: () => {
      commitRequested = true;
    },
    errantRecordReporter: () => reporter,
  });
  const converters = createConverters(ctx.plugins, ctx.workerProperties, ctx.connector.config);
  const transforms = TransformChain.fromConfig(ctx.plugins, ctx.connector.config);
  const dlq = DeadLetterQueue.fromConfig(ctx.connector.config, { connector: ctx.connector.name, task: ctx.task.id });
  const dlqSendOptions = dlq === null ? {} : producerSendOptions(ctx.connector.config, ctx.workerProperties);
  const errors = new RecordErrorHandler(ctx.connector.config, ctx.log, ctx.connector.name, dlq);
  const inFlight = new Map<string, FetchedRecord>();
  const prefetcher = new Prefetcher(ctx.kafka);
  const fetchOptions = (bytesSoFar: number, waitMs: number): FetchOptions => ({
    maxBytes: Math.min(ctx.limits.maxBytes - bytesSoFar, MAX_FETCH_BYTES),
    maxWaitMs: Math.min(waitMs, FETCH_WAIT_MS, Math.max(0, ctx.deadline - ctx.now())),
  });
  const activeTopics = new ActiveTopics(ctx);
  reporter = dlq === null ? null : async (record, error) => {
    const raw = inFlight.get(`${record.originalTopic}-${record.originalKafkaPartition}-${record.originalKafkaOffset}`);
    if (raw !== undefined) dlq.report(raw, 'TASK_PUT', ctx.task.config['task.class'] ?? 'unknown', error);
  };
  let records = 0;
  let bytes = 0;
  let pending = false;
  let lag = 0;
  let lastData = ctx.now();
  let uncommitted = 0;
  let lastCommit = ctx.now();
  const flushAndCommit = async (): Promise<void> => {
    await commit(ctx, task, positions, dlq, dlqSendOptions);
    uncommitted = 0;
    lastCommit = ctx.now();
    commitRequested = false;
  };
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
      const lingering = records > 0 ? Math.max(0, ctx.limits.lingerMs - (ctx.now() - lastData)) : FETCH_WAIT_MS;
      const result = await prefetcher.fetch(wanted, fetchOptions(bytes, lingering));
      for (const state of result.partitions) {
        if (state.offsetOutOfRange) positions.set(topicPartitionKey(state), { topic: state.topic, partition: state.partition, offset: state.logStartOffset });
      }
      lag = result.partitions.reduce((n, s) => n + Math.max(0, s.highWatermark - (positions.get(topicPartitionKey(s))?.offset ?? s.highWatermark)), 0);
      if (result.records.length === 0) {
        // Batches with no deliverable records (transaction markers, compacted away) still move the position.
        const skipped = result.partitions.filter((s) => !s.offsetOutOfRange && s.nextOffset > (positions.get(topicPartitionKey(s))?.offset ?? s.nextOffset));
        for (const state of skipped) positions.set(topicPartitionKey(state), { topic: state.topic, partition: state.partition, offset: state.nextOffset });
        if (result.partitions.some((s) => s.offsetOutOfRange) || skipped.length > 0) continue;
        // Nothing new: a good moment to make what was put durable and visible.
        if (uncommitted > 0) await flushAndCommit();
        // After activity, keep long-polling for a moment instead of waiting for the next tick.
        if (records > 0 && ctx.now() - lastData < ctx.limits.lingerMs) continue;
        break;
      }
      lastData = ctx.now();
      let batchBytes = 0;
      for (const fetched of result.records) batchBytes += (fetched.value?.length ?? 0) + (fetched.key?.length ?? 0);
      if (records + result.records.length < ctx.limits.maxRecords && bytes + batchBytes < ctx.limits.maxBytes) {
        prefetcher.start(nextPositions(wanted, result), fetchOptions(bytes + batchBytes, ctx.limits.lingerMs));
      }
      if (dlq !== null) {
        // Only a DLQ needs the raw record behind an errant record (building the map costs on the hot path).
        inFlight.clear();
        for (const raw of result.records) inFlight.set(`${raw.topic}-${raw.partition}-${raw.offset}`, raw);
      }
      const batch = await convertBatch(result.records, transforms, converters, errors, ctx.deadline);
      const delivered = batch !== undefined && (await putWithRetries(ctx, task, batch, () => retryDelayMs));
      if (!delivered) {
        pending = true;
        break;
      }
      await activeTopics.record(result.records.map((r) => r.topic));
      bytes += batchBytes;
      for (const state of result.partitions) {
        if (!state.offsetOutOfRange) positions.set(topicPartitionKey(state), { topic: state.topic, partition: state.partition, offset: state.nextOffset });
      }
      records += result.records.length;
      uncommitted += result.records.length;
      lag = result.partitions.reduce((n, s) => n + Math.max(0, s.highWatermark - (positions.get(topicPartitionKey(s))?.offset ?? s.highWatermark)), 0);
      if (commitRequested || ctx.now() - lastCommit >= COMMIT_INTERVAL_MS) await flushAndCommit();
    }
    if (uncommitted > 0) await flushAndCommit();
  } catch (error) {
    // An outage ends the slice: first commit what the task already took (when the state store is
    // reachable), so the next slice does not deliver it again.
    if (uncommitted > 0 && isRetriableFailure(error)) await flushAndCommit().catch(() => undefined);
    throw error;
  } finally {
    await prefetcher.discard();
    await task.close(assigned);
    await task.stop();
    transforms.close();
  }
  return { records, bytes, pending: pending && lag > 0, lag };
}

/** Where `wanted` continues after `result`: each fetched partition's next offset. */
function nextPositions(wanted: readonly FetchPosition[], result: FetchResult): FetchPosition[] {
  const next = new Map<string, number>();
  for (const state of result.partitions) if (!state.offsetOutOfRange) next.set(topicPartitionKey(state), state.nextOffset);
  return wanted.map((p) => ({ topic: p.topic, partition: p.partition, offset: next.get(topicPartitionKey(p)) ?? p.offset }));
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

async function commit(ctx: SliceContext, task: SinkTask, positions: Map<string, FetchPosition>, dlq: DeadLetterQueue | null, dlqSendOptions: SendOptions): Promise<void> {
  // Failed records reach the DLQ before the offsets that skip them are committed.
  await dlq?.flush(ctx.kafka, dlqSendOptions);
  const current: PartitionOffsets = new Map([...positions.entries()].map(([k, p]) => [k, { tp: { topic: p.topic, partition: p.partition }, offset: p.offset }]));
  const safe = await task.preCommit(current);
  const entries = [...safe.values()].map((o) => ({ topic: o.tp.topic, partition: o.tp.partition, offset: o.offset }));
  if (entries.length === 0) return;
  await ctx.stores.offsets.putSinkOffsets(ctx.connector.name, entries, ctx.fence);
  try {
    // The first group commit on a cluster can take seconds (coordinator lookup, __consumer_offsets
    // creation); the mirror may use the slice's time and a second past its deadline, never the margin
    // kept for releasing the lease before the function times out.
    await withinMs(ctx.kafka.commitGroupOffsets(sinkGroupId(ctx.connector.name, ctx.connector.config), entries), Math.max(0, ctx.deadline - ctx.now()) + MIRROR_GRACE_MS);
  } catch (error) {
    // The mirror is for Kafka's tools; DynamoDB stays authoritative, so a failed mirror loses nothing.
    ctx.log.warn('consumer group offset mirror failed', { connector: ctx.connector.name, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Converts and transforms one fetched batch; undefined when a record's retries outlast the slice (then
 * nothing of this batch is put, and the next slice fetches it again).
 */
async function convertBatch(fetched: readonly FetchedRecord[], transforms: TransformChain, converters: TaskConverters, errors: RecordErrorHandler, deadline: number): Promise<SinkRecord[] | undefined> {
  const names = { key: pluginClassName(converters.key), value: pluginClassName(converters.value), header: pluginClassName(converters.header) };
  const pipeline = (raw: FetchedRecord): SinkRecord | undefined => {
    const record = toSinkRecord(raw, converters, errors, names);
    return record === undefined ? undefined : (transforms.apply(record, errors, raw) ?? undefined);
  };
  const results = await errors.mapRecords(fetched, pipeline, deadline);
  if (results === OUT_OF_TIME) return undefined;
  return results.filter((r): r is SinkRecord => r !== undefined);
}

/**
 * `put` with Connect's redelivery: a `RetriableError` makes the framework deliver the same batch again
 * after the task's `context.timeout` (else a backoff capped by `errors.retry.delay.max.ms`), for as long as
 * the slice may run. False when it could not be delivered in this slice: nothing past it is committed, and
 * the next slice reads it again.
 */
async function putWithRetries(ctx: SliceContext, task: SinkTask, batch: SinkRecord[], requestedDelay: () => number | null): Promise<boolean> {
  const maxDelay = Number(ctx.connector.config['errors.retry.delay.max.ms'] ?? '60000');
  for (let attempt = 0; ; attempt++) {
    try {
      await keepingLease(ctx, () => task.put(batch));
      return true;
    } catch (error) {
      if (!(error instanceof ConnectError && error.retriable)) throw error;
      const delay = requestedDelay() ?? Math.min(100 * 2 ** attempt, maxDelay);
      if (ctx.now() + delay >= ctx.deadline) return false;
      ctx.log.warn('retriable error from put; delivering the batch again', { connector: ctx.connector.name, attempt, delayMs: delay, error: error.message });
      await keepingLease(ctx, () => sleep(delay));
    }
  }
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

/** Headers first: our converters receive the record's converted headers (Connect passes the raw ones). */
function toSinkRecord(raw: FetchedRecord, converters: TaskConverters, errors: RecordErrorHandler, names: { readonly key: string; readonly value: string; readonly header: string }): SinkRecord | undefined {
  const headers = raw.headers.length === 0 ? NO_HEADERS : errors.attempt('HEADER_CONVERTER', () => raw.headers.map((h) => {
    const sv = converters.header.toConnectHeader(raw.topic, h.key, h.value);
    return { key: h.key, value: sv.value, schema: sv.schema };
  }), names.header, raw);
  if (headers === undefined) return undefined;
  const key = errors.attempt('KEY_CONVERTER', () => converters.key.toConnectData(raw.topic, headers, raw.key), names.key, raw);
  if (key === undefined) return undefined;
  const value = errors.attempt('VALUE_CONVERTER', () => converters.value.toConnectData(raw.topic, headers, raw.value), names.value, raw);
  if (value === undefined) return undefined;
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

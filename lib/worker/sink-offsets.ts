/**
 * Where a sink slice starts and how it commits: the committed offsets from the state store (the earliest
 * available where none is stored), and the commit after `preCommit`, fenced in DynamoDB and mirrored to
 * the consumer group (Connect's WorkerSinkTask.commitOffsets, without a consumer of its own).
 */
import type { PartitionOffsets, SinkTask } from '../api/sink-task.js';
import { topicPartitionKey, type TopicPartition } from '../api/topic-partition.js';
import type { FetchPosition, FetchResult, SendOptions } from '../kafka/kafka-port.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { SliceContext } from './slice-context.js';

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

/** Where `wanted` continues after `result`: each fetched partition's next offset. */
export function nextPositions(wanted: readonly FetchPosition[], result: FetchResult): FetchPosition[] {
  const next = new Map<string, number>();
  for (const state of result.partitions)
    if (!state.offsetOutOfRange) next.set(topicPartitionKey(state), state.nextOffset);
  return wanted.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    offset: next.get(topicPartitionKey(p)) ?? p.offset,
  }));
}

/** Committed offsets for the assigned partitions; the earliest available offset where none is stored. */
export async function startPositions(
  ctx: SliceContext,
  assigned: readonly TopicPartition[],
): Promise<Map<string, FetchPosition>> {
  const stored = new Map(
    (await ctx.stores.offsets.getSinkOffsets(ctx.connector.name)).map((o) => [topicPartitionKey(o), o.offset]),
  );
  const missing = assigned.filter((tp) => !stored.has(topicPartitionKey(tp)));
  const earliest = missing.length === 0 ? new Map<string, number>() : await ctx.kafka.listOffsets(missing, 'earliest');
  return new Map(
    assigned.map((tp) => {
      const key = topicPartitionKey(tp);
      return [key, { ...tp, offset: stored.get(key) ?? earliest.get(key) ?? 0 }];
    }),
  );
}

/** Flushes the DLQ, asks the task what is safe (`preCommit`), writes it fenced, then mirrors it to the group. */
export async function commitSinkOffsets(
  ctx: SliceContext,
  task: SinkTask,
  positions: Map<string, FetchPosition>,
  dlq: DeadLetterQueue | null,
  dlqSendOptions: SendOptions,
): Promise<void> {
  // Failed records reach the DLQ before the offsets that skip them are committed.
  await dlq?.flush(ctx.kafka, dlqSendOptions);
  const current: PartitionOffsets = new Map(
    [...positions.entries()].map(([k, p]) => [k, { tp: { topic: p.topic, partition: p.partition }, offset: p.offset }]),
  );
  const safe = await task.preCommit(current);
  const entries = [...safe.values()].map((o) => ({ topic: o.tp.topic, partition: o.tp.partition, offset: o.offset }));
  if (entries.length === 0) return;
  await ctx.stores.offsets.putSinkOffsets(ctx.connector.name, entries, ctx.fence);
  try {
    // The first group commit on a cluster can take seconds (coordinator lookup, __consumer_offsets
    // creation); the mirror may use the slice's time and a second past its deadline, never the margin
    // kept for releasing the lease before the function times out.
    await withinMs(
      ctx.kafka.commitGroupOffsets(ctx.settings.consumerGroupId, entries),
      Math.max(0, ctx.deadline - ctx.now()) + MIRROR_GRACE_MS,
    );
  } catch (error) {
    // The mirror is for Kafka's tools; DynamoDB stays authoritative, so a failed mirror loses nothing.
    ctx.log.warn('consumer group offset mirror failed', {
      connector: ctx.connector.name,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Routing partitions to their leaders, with the one rule every partition-level request here follows:
 * on a leadership error, refresh metadata and try once more, then give up with Kafka's error.
 */
import type { TopicPartition } from '../../api/topic-partition.js';
import type { BrokerDirectory } from './broker-directory.js';
import { kafkaErrorFromCode } from './errors.js';
import { setTimeout as sleep } from 'node:timers/promises';

const LEADER_ATTEMPTS = 6;
const LEADER_BACKOFF_MS = 50;

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;

/** Partition error codes that mean "ask the metadata again": the leader moved or is not known yet. */
export const LEADERSHIP_ERRORS: ReadonlySet<number> = new Set([3, 5, 6, 9, 56, 74, 75, 78, 100]);

/**
 * Groups `items` by the node id of their partition's leader. Items whose topic, partition or leader is
 * unknown are returned in `unavailable` with the error code that explains why.
 */
export async function groupByLeader<T extends TopicPartition>(
  directory: BrokerDirectory,
  items: readonly T[],
  fresh: boolean,
): Promise<{ byLeader: Map<number, T[]>; unavailable: Array<{ item: T; errorCode: number }> }> {
  const metadata = await directory.topics(
    items.map((item) => item.topic),
    { fresh },
  );
  const byLeader = new Map<number, T[]>();
  const unavailable: Array<{ item: T; errorCode: number }> = [];
  for (const item of items) {
    const topic = metadata.get(item.topic);
    const partition = topic?.partitions.find((p) => p.partition === item.partition);
    if (topic === undefined || (topic.errorCode !== 0 && topic.errorCode !== LEADER_NOT_AVAILABLE)) {
      unavailable.push({ item, errorCode: topic?.errorCode ?? UNKNOWN_TOPIC_OR_PARTITION });
    } else if (partition === undefined) {
      unavailable.push({
        item,
        errorCode: topic.partitions.length === 0 ? LEADER_NOT_AVAILABLE : UNKNOWN_TOPIC_OR_PARTITION,
      });
    } else if (partition.leader < 0) {
      unavailable.push({ item, errorCode: LEADER_NOT_AVAILABLE });
    } else {
      const group = byLeader.get(partition.leader) ?? [];
      group.push(item);
      byLeader.set(partition.leader, group);
    }
  }
  return { byLeader, unavailable };
}

/**
 * Runs `perLeader` for every leader of `items`; items it reports as failed with a leadership error
 * (or whose leader is unknown) get more rounds on fresh metadata, with a growing pause (about 1.5 s in
 * all). Other errors are thrown.
 */
export async function withLeaderRetry<T extends TopicPartition>(
  directory: BrokerDirectory,
  items: readonly T[],
  what: string,
  perLeader: (
    leader: number,
    items: T[],
    attempt: number,
    leaderCount: number,
  ) => Promise<Array<{ item: T; errorCode: number }>>,
): Promise<void> {
  let pending: readonly T[] = items;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const fresh = attempt > 0;
    if (fresh) directory.invalidate();
    const { byLeader, unavailable } = await groupByLeader(directory, pending, fresh);
    const failed = [...unavailable];
    const results = await Promise.all(
      [...byLeader].map(([leader, group]) => perLeader(leader, group, attempt, byLeader.size)),
    );
    for (const result of results) failed.push(...result);
    const fatal = failed.find((f) => !LEADERSHIP_ERRORS.has(f.errorCode) || attempt >= LEADER_ATTEMPTS - 1);
    if (fatal !== undefined) {
      throw kafkaErrorFromCode(fatal.errorCode, `${what} ${fatal.item.topic}-${fatal.item.partition}`);
    }
    pending = failed.map((f) => f.item);
    // A leader is being elected (a new topic, a moved partition): give it a moment before asking again.
    if (pending.length > 0) await sleep(LEADER_BACKOFF_MS * 2 ** attempt);
  }
}

/**
 * Sink partition assignment, done by the scheduler instead of a consumer-group rebalance: partitions
 * sorted by topic and number are dealt round-robin to tasks, so a `tasks.max` change moves as few as the
 * deal allows and every partition has exactly one task.
 */
import type { TopicPartition } from '../api/topic-partition.js';
import type { ConnectorConfig } from '../common/connector-config.js';
import { safeRegex } from '../common/topic-matcher.js';

/** The topics a sink reads: its `topics` list, or the existing topics its `topics.regex` matches. */
export function sinkTopics(
  config: Pick<ConnectorConfig, 'topics' | 'topicsRegex'>,
  existing: readonly string[],
): string[] {
  // Connect subscribes to the distinct names: `topics=a,b,a` must not give `a`'s partitions twice (the parse dedupes).
  if (config.topics.length > 0) return [...config.topics];
  const pattern = config.topicsRegex.trim();
  const regex = pattern === '' ? null : safeRegex(pattern);
  return regex === null ? [] : existing.filter((t) => !t.startsWith('__') && regex.test(t)).sort();
}

export function assignPartitions(partitions: readonly TopicPartition[], taskCount: number): TopicPartition[][] {
  const assignment: TopicPartition[][] = Array.from({ length: taskCount }, () => []);
  if (taskCount === 0) return assignment;
  const distinct = new Map(partitions.map((tp) => [`${tp.partition}:${tp.topic}`, tp]));
  const sorted = [...distinct.values()].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  sorted.forEach((tp, i) => assignment[i % taskCount]?.push(tp));
  return assignment;
}

export function partitionsOf(counts: ReadonlyMap<string, number>, topics: readonly string[]): TopicPartition[] {
  return topics.flatMap((topic) =>
    Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })),
  );
}

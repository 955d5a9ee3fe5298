import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TopicPartition } from '../../../lib/api/topic-partition.js';
import { parseConnectorConfig, type ConnectorConfig } from '../../../lib/common/connector-config.js';
import { assignPartitions, partitionsOf, sinkTopics } from '../../../lib/scheduler/assignment.js';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const key = (p: TopicPartition): string => `${p.topic}:${p.partition}`;

/** A fixed shuffle (no randomness in tests): reverse, then interleave the halves. */
function shuffled<T>(items: readonly T[]): T[] {
  const reversed = [...items].reverse();
  const half = Math.ceil(reversed.length / 2);
  return reversed
    .slice(0, half)
    .flatMap((item, i) => (reversed[half + i] === undefined ? [item] : [item, reversed[half + i] as T]));
}

describe('assignPartitions', () => {
  test('deals partitions sorted by topic, then partition number, round-robin', () => {
    const partitions = [tp('b', 0), tp('a', 10), tp('a', 2), tp('a', 9), tp('b', 1)];
    assert.deepEqual(assignPartitions(partitions, 2), [
      [tp('a', 2), tp('a', 10), tp('b', 1)],
      [tp('a', 9), tp('b', 0)],
    ]);
  });

  test('every partition exactly once, whatever the counts and the input order', () => {
    for (let tasks = 1; tasks <= 7; tasks++) {
      for (const counts of [[0], [1], [3, 5], [12, 1, 4], [16, 16, 16]]) {
        const all = partitionsOf(
          new Map(counts.map((n, i) => [`topic-${i}`, n])),
          counts.map((_, i) => `topic-${i}`),
        );
        const assignment = assignPartitions(shuffled(all), tasks);
        assert.equal(assignment.length, tasks);
        const dealt = assignment.flat().map(key);
        assert.deepEqual([...dealt].sort(), all.map(key).sort(), `tasks=${tasks} counts=${counts.join(',')}`);
        const sizes = assignment.map((a) => a.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced: ${sizes.join(',')}`);
        assert.deepEqual(assignment, assignPartitions(all, tasks), 'the input order does not matter');
      }
    }
  });

  test('a partition listed twice is still assigned once', () => {
    const assignment = assignPartitions([tp('a', 0), tp('a', 1), tp('a', 0)], 2);
    assert.deepEqual(assignment.flat().map(key).sort(), ['a:0', 'a:1']);
  });

  test('more tasks than partitions leaves tasks empty; no tasks, no assignment', () => {
    assert.deepEqual(assignPartitions([tp('a', 0)], 3), [[tp('a', 0)], [], []]);
    assert.deepEqual(assignPartitions([tp('a', 0)], 0), []);
  });
});

describe('partitionsOf', () => {
  test('one entry per partition of each listed topic; unknown topics have none', () => {
    assert.deepEqual(
      partitionsOf(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
        ['b', 'a', 'missing'],
      ),
      [tp('b', 0), tp('a', 0), tp('a', 1)],
    );
  });
});

describe('sinkTopics', () => {
  const parsed = (raw: Record<string, string>): ConnectorConfig => parseConnectorConfig('c', raw);
  const existing = ['orders', 'orders-v2', 'orders.eu', 'audit', '__consumer_offsets', '__transaction_state', 'x__y'];

  test('topics: the list, trimmed, without blanks or duplicates; the regex is then ignored', () => {
    assert.deepEqual(sinkTopics(parsed({ topics: ' orders , audit,,orders ', 'topics.regex': '.*' }), existing), [
      'orders',
      'audit',
    ]);
  });

  test('topics.regex: existing topics it fully matches, sorted, internal "__" topics excluded', () => {
    assert.deepEqual(
      sinkTopics(parsed({ 'topics.regex': 'orders' }), existing),
      ['orders'],
      'the whole name must match',
    );
    assert.deepEqual(sinkTopics(parsed({ 'topics.regex': 'orders.*' }), existing), [
      'orders',
      'orders-v2',
      'orders.eu',
    ]);
    assert.deepEqual(sinkTopics(parsed({ 'topics.regex': '.*' }), existing), [
      'audit',
      'orders',
      'orders-v2',
      'orders.eu',
      'x__y',
    ]);
    assert.deepEqual(sinkTopics(parsed({ 'topics.regex': '__.*' }), existing), []);
    assert.deepEqual(
      sinkTopics(parsed({ 'topics.regex': 'a|orders' }), existing),
      ['orders'],
      'alternation is anchored as a whole',
    );
  });

  test('no topics, a blank regex or an invalid one: nothing', () => {
    assert.deepEqual(sinkTopics(parsed({}), existing), []);
    assert.deepEqual(sinkTopics(parsed({ topics: ' ', 'topics.regex': ' ' }), existing), []);
    // Validation refuses an invalid pattern; a stored one from before matches nothing.
    assert.deepEqual(sinkTopics({ topics: [], topicsRegex: '(' }, existing), []);
  });
});

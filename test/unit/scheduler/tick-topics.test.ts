import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { TickTopics } from '../../../lib/scheduler/tick-topics.js';

/** The memory Kafka, counting the metadata requests the view makes. */
async function countingKafka(): Promise<{
  kafka: MemoryKafka;
  counts: string[][];
  lists: () => number;
  failNext: (n: number) => void;
}> {
  const kafka = new MemoryKafka();
  await kafka.createTopics([
    { topic: 'a', numPartitions: 3, replicationFactor: 1 },
    { topic: 'b', numPartitions: 1, replicationFactor: 1 },
    { topic: 'c', numPartitions: 12, replicationFactor: 1 },
  ]);
  const counts: string[][] = [];
  let lists = 0;
  let failures = 0;
  const partitionCounts = kafka.partitionCounts.bind(kafka);
  const listTopics = kafka.listTopics.bind(kafka);
  kafka.partitionCounts = async (topics) => {
    counts.push([...topics]);
    if (failures > 0) {
      failures--;
      throw new Error('broker unreachable');
    }
    return partitionCounts(topics);
  };
  kafka.listTopics = async () => {
    lists++;
    return listTopics();
  };
  return { kafka, counts, lists: () => lists, failNext: (n) => (failures = n) };
}

test('a prefetch asks once for all named topics; sinks then read counts, missing topics included, without asking again', async () => {
  const { kafka, counts } = await countingKafka();
  const view = new TickTopics(kafka);
  await view.prefetch(['a', 'b', 'a', 'gone']);
  assert.deepEqual(counts, [['a', 'b', 'gone']]);
  assert.deepEqual(await view.partitionCounts(['a']), new Map([['a', 3]]));
  assert.deepEqual(
    await view.partitionCounts(['b', 'gone']),
    new Map([['b', 1]]),
    'a topic that does not exist is absent, as from Kafka',
  );
  assert.equal(counts.length, 1);
  assert.deepEqual(
    await view.partitionCounts(['a', 'c']),
    new Map([
      ['a', 3],
      ['c', 12],
    ]),
  );
  assert.deepEqual(counts[1], ['c'], 'only the topic the prefetch missed is asked for');
  await view.partitionCounts(['c']);
  assert.equal(counts.length, 2, 'and remembered for the rest of the tick');
});

test('answers equal Kafka’s own for the same topics', async () => {
  const { kafka } = await countingKafka();
  const view = new TickTopics(kafka);
  await view.prefetch(['a', 'c']);
  for (const topics of [['a'], ['b', 'c'], ['x', 'a', 'b']])
    assert.deepEqual(await view.partitionCounts(topics), await kafka.partitionCounts(topics));
});

test('a failed prefetch remembers nothing: each sink asks again and sees the failure or the answer itself', async () => {
  const { kafka, counts, failNext } = await countingKafka();
  const view = new TickTopics(kafka);
  failNext(2);
  await view.prefetch(['a', 'b']);
  await assert.rejects(view.partitionCounts(['a']), /broker unreachable/);
  assert.deepEqual(
    await view.partitionCounts(['a', 'b']),
    new Map([
      ['a', 3],
      ['b', 1],
    ]),
  );
  assert.equal(counts.length, 3);
});

test('the topic list is read once per view; a new view (the next tick) reads it again', async () => {
  const { kafka, lists } = await countingKafka();
  const view = new TickTopics(kafka);
  const [first, second] = await Promise.all([view.listTopics(), view.listTopics()]);
  assert.deepEqual(first, second);
  assert.ok(first.includes('c'));
  assert.equal(lists(), 1);
  await kafka.createTopics([{ topic: 'd', numPartitions: 1, replicationFactor: 1 }]);
  assert.ok((await new TickTopics(kafka).listTopics()).includes('d'));
  assert.equal(lists(), 2);
});

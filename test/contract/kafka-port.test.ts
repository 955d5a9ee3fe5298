/**
 * One suite of KafkaPort behaviours, run against the memory adapter and against the kafkajs adapter
 * on a real broker: whatever unit tests learn from MemoryKafka must hold for real Kafka.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { topicPartitionKey } from '../../lib/api/topic-partition.js';
import { KafkaError } from '../../lib/kafka/errors.js';
import type { FetchPosition, KafkaHeader, KafkaPort, ProduceRecord } from '../../lib/kafka/kafka-port.js';
import { MemoryKafka } from '../../lib/kafka/memory/memory-kafka.js';
import { uniqueTopic, useKafka } from '../helpers/kafka.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array | null): string | null => (value === null ? null : new TextDecoder().decode(value));
const WAIT = { maxBytes: 1 << 20, maxWaitMs: 0 };

function record(
  topic: string,
  partition: number | null,
  value: string | null,
  extra: Partial<ProduceRecord> = {},
): ProduceRecord {
  return {
    topic,
    partition,
    key: null,
    value: value === null ? null : bytes(value),
    timestamp: null,
    headers: [],
    ...extra,
  };
}

/** Reads everything from `position` up to the high watermark, following `nextOffset`. */
async function readAll(port: KafkaPort, position: FetchPosition, maxBytes = 1 << 20): Promise<string[]> {
  const values: string[] = [];
  let offset = position.offset;
  for (let round = 0; round < 1000; round++) {
    const result = await port.fetch([{ ...position, offset }], { maxBytes, maxWaitMs: 0 });
    values.push(...result.records.map((r) => text(r.value) ?? '<null>'));
    const state = result.partitions[0]!;
    offset = state.nextOffset;
    if (offset >= state.highWatermark) return values;
  }
  throw new Error('readAll did not reach the high watermark');
}

function portContract(name: string, makePort: () => KafkaPort): void {
  describe(`KafkaPort contract: ${name}`, () => {
    test('reports a cluster id', async () => {
      const id = await makePort().clusterId();
      assert.equal(typeof id, 'string');
      assert.ok(id.length > 0);
    });

    test('produce, then fetch at an explicit offset', async () => {
      const port = makePort();
      const topic = uniqueTopic('fetch');
      await port.createTopics([{ topic, numPartitions: 3, replicationFactor: -1 }]);
      const sent = await port.send(
        ['a', 'b', 'c', 'd', 'e'].map((v) => record(topic, 1, v, { timestamp: 1_700_000_000_000 })),
      );
      assert.deepEqual(
        sent.map((m) => [m.topic, m.partition, m.offset]),
        [0, 1, 2, 3, 4].map((o) => [topic, 1, o]),
      );
      assert.ok(sent.every((m) => m.timestamp === 1_700_000_000_000));

      const result = await port.fetch([{ topic, partition: 1, offset: 2 }], WAIT);
      assert.deepEqual(
        result.records.map((r) => [r.partition, r.offset, text(r.value)]),
        [
          [1, 2, 'c'],
          [1, 3, 'd'],
          [1, 4, 'e'],
        ],
      );
      assert.deepEqual(result.partitions, [
        { topic, partition: 1, highWatermark: 5, logStartOffset: 0, offsetOutOfRange: false, nextOffset: 5 },
      ]);
    });

    test('keys, null values, headers (repeated keys, null values, order) and timestamps round-trip', async () => {
      const port = makePort();
      const topic = uniqueTopic('roundtrip');
      await port.createTopics([{ topic, numPartitions: 1, replicationFactor: -1 }]);
      const headers: KafkaHeader[] = [
        { key: 'b', value: bytes('1') },
        { key: '10', value: null },
        { key: 'a', value: new Uint8Array([0, 255, 7]) },
        { key: 'b', value: bytes('2') },
      ];
      const binaryKey = new Uint8Array([1, 2, 3, 0, 250]);
      await port.send([
        record(topic, 0, null, { key: binaryKey, headers, timestamp: 1234 }),
        record(topic, 0, '', { key: bytes('') }),
      ]);
      const { records } = await port.fetch([{ topic, partition: 0, offset: 0 }], WAIT);
      assert.equal(records.length, 2);
      const [tombstone, empty] = records as [(typeof records)[0], (typeof records)[0]];
      assert.deepEqual([...(tombstone.key ?? [])], [...binaryKey]);
      assert.equal(tombstone.value, null);
      assert.equal(tombstone.timestamp, 1234);
      assert.equal(tombstone.timestampType, 'CreateTime');
      assert.deepEqual(
        tombstone.headers.map((h) => [h.key, h.value === null ? null : [...h.value]]),
        headers.map((h) => [h.key, h.value === null ? null : [...h.value]]),
      );
      assert.equal(text(empty.key), '');
      assert.equal(text(empty.value), '');
      assert.deepEqual(empty.headers, []);
    });

    test('metadata comes back in input order across topics and partitions; a key always maps to one partition', async () => {
      const port = makePort();
      const [t1, t2] = [uniqueTopic('order'), uniqueTopic('order')];
      await port.createTopics([
        { topic: t1, numPartitions: 4, replicationFactor: -1 },
        { topic: t2, numPartitions: 2, replicationFactor: -1 },
      ]);
      const input = Array.from({ length: 40 }, (_, i) =>
        record(i % 3 === 0 ? t2 : t1, null, `v${i}`, { key: bytes(`key-${i % 5}`) }),
      );
      const sent = await port.send(input);
      assert.deepEqual(
        sent.map((m) => m.topic),
        input.map((r) => r.topic),
      );
      const partitionOfKey = new Map<string, number>();
      for (const [i, m] of sent.entries()) {
        const key = `${input[i]!.topic}/${text(input[i]!.key)}`;
        assert.equal(partitionOfKey.get(key) ?? m.partition, m.partition, `key ${key} stays on one partition`);
        partitionOfKey.set(key, m.partition);
        const { records } = await port.fetch([{ topic: m.topic, partition: m.partition, offset: m.offset }], {
          maxBytes: 1,
          maxWaitMs: 0,
        });
        assert.equal(text(records[0]!.value), `v${i}`, `record ${i} is where its metadata says`);
      }
    });

    test('an offset past the end is reported out of range with both ends of the log', async () => {
      const port = makePort();
      const topic = uniqueTopic('range');
      await port.createTopics([{ topic, numPartitions: 2, replicationFactor: -1 }]);
      await port.send([record(topic, 0, 'x'), record(topic, 0, 'y'), record(topic, 1, 'z')]);
      const result = await port.fetch(
        [
          { topic, partition: 0, offset: 7 },
          { topic, partition: 1, offset: 0 },
        ],
        WAIT,
      );
      assert.deepEqual(
        result.records.map((r) => text(r.value)),
        ['z'],
      );
      const byPartition = new Map(result.partitions.map((s) => [s.partition, s]));
      assert.deepEqual(byPartition.get(0), {
        topic,
        partition: 0,
        highWatermark: 2,
        logStartOffset: 0,
        offsetOutOfRange: true,
        nextOffset: 7,
      });
      assert.equal(byPartition.get(1)?.offsetOutOfRange, false);
      assert.equal(byPartition.get(1)?.nextOffset, 1);
    });

    test('fetching at the high watermark returns nothing and stays there', async () => {
      const port = makePort();
      const topic = uniqueTopic('empty');
      await port.createTopics([{ topic, numPartitions: 1, replicationFactor: -1 }]);
      const result = await port.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1024, maxWaitMs: 10 });
      assert.deepEqual(result.records, []);
      assert.deepEqual(result.partitions, [
        { topic, partition: 0, highWatermark: 0, logStartOffset: 0, offsetOutOfRange: false, nextOffset: 0 },
      ]);
    });

    test('small byte budgets still make progress, and nextOffset reads every record exactly once', async () => {
      const port = makePort();
      const topic = uniqueTopic('budget');
      await port.createTopics([{ topic, numPartitions: 1, replicationFactor: -1 }]);
      const values = Array.from({ length: 30 }, (_, i) => `value-${i}-${'x'.repeat(200)}`);
      for (let i = 0; i < values.length; i += 10)
        await port.send(values.slice(i, i + 10).map((v) => record(topic, 0, v)));
      assert.deepEqual(await readAll(port, { topic, partition: 0, offset: 0 }, 100), values);
    });

    test('large sends are split into batches the broker accepts, offsets contiguous', async () => {
      const port = makePort();
      const topic = uniqueTopic('large');
      await port.createTopics([{ topic, numPartitions: 1, replicationFactor: -1 }]);
      const payload = 'p'.repeat(1000);
      const sent = await port.send(Array.from({ length: 2500 }, (_, i) => record(topic, 0, `${i}:${payload}`)));
      assert.deepEqual(
        sent.map((m) => m.offset),
        Array.from({ length: 2500 }, (_, i) => i),
      );
      const latest = await port.listOffsets([{ topic, partition: 0 }], 'latest');
      assert.equal(latest.get(topicPartitionKey({ topic, partition: 0 })), 2500);
    });

    test('topics: creation is idempotent, partition counts, listing, earliest/latest offsets', async () => {
      const port = makePort();
      const topic = uniqueTopic('admin');
      const missing = uniqueTopic('missing');
      await port.createTopics([{ topic, numPartitions: 3, replicationFactor: -1 }]);
      await port.createTopics([{ topic, numPartitions: 5, replicationFactor: -1 }]);
      assert.deepEqual(await port.partitionCounts([topic, missing]), new Map([[topic, 3]]));
      const topics = await port.listTopics();
      assert.ok(topics.includes(topic));
      assert.ok(!topics.includes(missing));
      assert.ok(!topics.some((t) => t.startsWith('__')), 'internal topics are not listed');
      await port.send([record(topic, 2, 'a'), record(topic, 2, 'b')]);
      const partitions = [0, 2].map((partition) => ({ topic, partition }));
      assert.deepEqual(
        await port.listOffsets(partitions, 'earliest'),
        new Map([
          [`${topic}-0`, 0],
          [`${topic}-2`, 0],
        ]),
      );
      assert.deepEqual(
        await port.listOffsets(partitions, 'latest'),
        new Map([
          [`${topic}-0`, 0],
          [`${topic}-2`, 2],
        ]),
      );
    });

    test('fetching an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION', async () => {
      const port = makePort();
      await assert.rejects(
        port.fetch([{ topic: uniqueTopic('nope'), partition: 0, offset: 0 }], WAIT),
        (error: unknown) => error instanceof KafkaError && error.type === 'UNKNOWN_TOPIC_OR_PARTITION',
      );
    });

    test('group offsets: simple commit, fetch, update, delete (twice)', async () => {
      const port = makePort();
      const topic = uniqueTopic('group');
      const group = uniqueTopic('connect-group');
      await port.createTopics([{ topic, numPartitions: 2, replicationFactor: -1 }]);
      assert.deepEqual(await port.fetchGroupOffsets(group), []);
      await port.commitGroupOffsets(group, [
        { topic, partition: 1, offset: 7 },
        { topic, partition: 0, offset: 3 },
      ]);
      assert.deepEqual(await port.fetchGroupOffsets(group), [
        { topic, partition: 0, offset: 3 },
        { topic, partition: 1, offset: 7 },
      ]);
      await port.commitGroupOffsets(group, [{ topic, partition: 0, offset: 5 }]);
      assert.deepEqual(await port.fetchGroupOffsets(group), [
        { topic, partition: 0, offset: 5 },
        { topic, partition: 1, offset: 7 },
      ]);
      await port.deleteGroup(group);
      assert.deepEqual(await port.fetchGroupOffsets(group), []);
      await port.deleteGroup(group);
    });
  });
}

portContract('MemoryKafka', () => new MemoryKafka());

const kafka = useKafka();
let shared: KafkaPort | undefined;
portContract('KafkajsKafka', () => (shared ??= kafka.client('contract-test')));

describe('KafkaPort contract: closing', () => {
  for (const [name, make] of [
    ['MemoryKafka', () => new MemoryKafka()],
    ['KafkajsKafka', () => kafka.client('contract-close')],
  ] as const) {
    test(`${name}: a closed port refuses further calls`, async () => {
      const port: KafkaPort = make();
      await port.clusterId();
      await port.close();
      await assert.rejects(port.clusterId(), /closed/);
    });
  }
});

after(async () => {
  await shared?.close();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KafkaError } from '../../../lib/kafka/errors.js';
import type { ProduceRecord } from '../../../lib/kafka/kafka-port.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';

const value = (text: string): ProduceRecord => ({
  topic: 't',
  partition: 0,
  key: null,
  value: new TextEncoder().encode(text),
  timestamp: null,
  headers: [],
});

test('records dropped by retention make older offsets out of range, reporting the new log start', async () => {
  const kafka = new MemoryKafka();
  await kafka.send(['a', 'b', 'c', 'd'].map(value));
  kafka.truncateBefore({ topic: 't', partition: 0 }, 2);
  const result = await kafka.fetch([{ topic: 't', partition: 0, offset: 1 }], { maxBytes: 1000, maxWaitMs: 0 });
  assert.deepEqual(result.records, []);
  assert.deepEqual(result.partitions, [
    { topic: 't', partition: 0, highWatermark: 4, logStartOffset: 2, offsetOutOfRange: true, nextOffset: 1 },
  ]);
  assert.deepEqual(await kafka.listOffsets([{ topic: 't', partition: 0 }], 'earliest'), new Map([['t-0', 2]]));
  const fromStart = await kafka.fetch([{ topic: 't', partition: 0, offset: 2 }], { maxBytes: 1000, maxWaitMs: 0 });
  assert.deepEqual(
    fromStart.records.map((r) => r.offset),
    [2, 3],
  );
});

test('sends auto-create topics with the default partition count, unless disabled', async () => {
  const kafka = new MemoryKafka({ defaultPartitions: 3 });
  await kafka.send([{ ...value('x'), partition: null }]);
  assert.deepEqual(await kafka.partitionCounts(['t']), new Map([['t', 3]]));
  const strict = new MemoryKafka({ autoCreateTopics: false });
  await assert.rejects(
    strict.send([value('x')]),
    (e: unknown) => e instanceof KafkaError && e.type === 'UNKNOWN_TOPIC_OR_PARTITION',
  );
});

test('a send with one bad partition appends nothing', async () => {
  const kafka = new MemoryKafka();
  await kafka.createTopics([{ topic: 't', numPartitions: 2, replicationFactor: -1 }]);
  await assert.rejects(kafka.send([value('ok'), { ...value('bad'), partition: 5 }]), KafkaError);
  assert.deepEqual(await kafka.listOffsets([{ topic: 't', partition: 0 }], 'latest'), new Map([['t-0', 0]]));
});

test('records without a timestamp get the clock’s; records keep their own', async () => {
  const kafka = new MemoryKafka({ now: () => 5000 });
  const sent = await kafka.send([value('a'), { ...value('b'), timestamp: 7 }]);
  assert.deepEqual(
    sent.map((m) => m.timestamp),
    [5000, 7],
  );
});

test('stored records do not alias the caller’s buffers', async () => {
  const kafka = new MemoryKafka();
  const record = value('abc');
  await kafka.send([record]);
  (record.value as Uint8Array)[0] = 0;
  const { records } = await kafka.fetch([{ topic: 't', partition: 0, offset: 0 }], { maxBytes: 1000, maxWaitMs: 0 });
  assert.equal(new TextDecoder().decode(records[0]!.value!), 'abc');
});

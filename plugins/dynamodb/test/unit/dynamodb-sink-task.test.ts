import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, RetriableError, type SinkRecord } from 'lambda-connect/api';
import { FakeTableClient } from '../support/fake-table-client.js';
import { sinkContext, sinkRecord } from '../support/records.js';
import { TestableTask } from '../support/testable-task.js';

const BY_ID = {
  'aws.dynamodb.pk.hash': 'key.id:id',
  'aws.dynamodb.pk.sort': '',
  'batch.size': '25',
  'retry.backoff.ms': '100',
};

function started(
  props: Record<string, string>,
  fake = new FakeTableClient().createTable('orders', { hash: 'id', sort: undefined }),
  dlq: Array<{ record: SinkRecord; error: Error }> | null = [],
) {
  const task = new TestableTask(fake);
  const timeouts: number[] = [];
  task.initialize(sinkContext(props, dlq, timeouts));
  task.start(props);
  return { task, fake, dlq, timeouts };
}

function order(offset: number, id: string, value: unknown): SinkRecord {
  return sinkRecord({ kafkaOffset: offset, key: { id }, value });
}

describe('DynamoDbSinkTask writes', () => {
  test('one item per key, the last record winning, also within one batch', async () => {
    const { task, fake } = started(BY_ID);
    await task.put([order(0, 'a', { qty: 1 }), order(1, 'b', { qty: 2 }), order(2, 'a', { qty: 3 })]);
    assert.deepEqual(
      fake.items('orders').sort((x, y) => String(x['id']?.S).localeCompare(String(y['id']?.S))),
      [
        { qty: { N: '3' }, id: { S: 'a' } },
        { qty: { N: '2' }, id: { S: 'b' } },
      ],
    );
    assert.deepEqual(
      fake.calls.map((c) => c.op),
      ['DescribeTable', 'BatchWriteItem'],
      'one table check, one batch of two requests',
    );
    assert.equal(fake.calls[1]?.count, 2);
  });

  test('redelivering the same records leaves the same items (upserts)', async () => {
    const { task, fake } = started(BY_ID);
    const batch = Array.from({ length: 60 }, (_, i) => order(i, `k${i % 20}`, { i }));
    await task.put(batch);
    const first = JSON.stringify(fake.items('orders'));
    await task.put(batch);
    assert.equal(JSON.stringify(fake.items('orders')), first);
    assert.equal(fake.items('orders').length, 20);
  });

  test('default keys (partition, offset): the item is the value plus both coordinates', async () => {
    const fake = new FakeTableClient().createTable('orders', { hash: 'partition', sort: 'offset' });
    const { task } = started({}, fake);
    await task.put([sinkRecord({ kafkaPartition: 2, kafkaOffset: 9, value: 'plain' })]);
    assert.deepEqual(fake.items('orders'), [{ value: { S: 'plain' }, partition: { N: '2' }, offset: { N: '9' } }]);
  });

  test('batch.size=1 sends one PutItem per record', async () => {
    const { task, fake } = started({ ...BY_ID, 'batch.size': '1' });
    await task.put([order(0, 'a', { v: 1 }), order(1, 'b', { v: 2 })]);
    assert.deepEqual(
      fake.calls.map((c) => c.op),
      ['DescribeTable', 'PutItem', 'PutItem'],
    );
  });
});

describe('DynamoDbSinkTask ordering', () => {
  /** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    test(`random puts and tombstones over 8 keys end as a replay says (seed ${seed})`, async () => {
      const random = prng(seed);
      const batchSize = 1 + Math.floor(random() * 25);
      const { task, fake } = started({ ...BY_ID, 'delete.enabled': 'true', 'batch.size': String(batchSize) });
      const expected = new Map<string, number>();
      const records = Array.from({ length: 400 }, (_, i) => {
        const id = `k${Math.floor(random() * 8)}`;
        const tombstone = random() < 0.2;
        if (tombstone) expected.delete(id);
        else expected.set(id, i);
        return order(i, id, tombstone ? null : { i });
      });
      for (let i = 0; i < records.length; i += 37) await task.put(records.slice(i, i + 37));
      const actual = new Map(fake.items('orders').map((item) => [String(item['id']?.S), Number(item['i']?.N)]));
      assert.deepEqual(actual, expected, `batch.size=${batchSize}`);
    });
  }
});

describe('DynamoDbSinkTask tombstones', () => {
  test('with delete.enabled a null value deletes the item its key names', async () => {
    const { task, fake } = started({ ...BY_ID, 'delete.enabled': 'true' });
    await task.put([order(0, 'a', { v: 1 }), order(1, 'b', { v: 2 })]);
    await task.put([order(2, 'a', null)]);
    assert.deepEqual(fake.items('orders'), [{ v: { N: '2' }, id: { S: 'b' } }]);
  });

  test('a put then a tombstone of one key in one batch leaves no item', async () => {
    const { task, fake } = started({ ...BY_ID, 'delete.enabled': 'true' });
    await task.put([order(0, 'a', { v: 1 }), order(1, 'a', null)]);
    assert.deepEqual(fake.items('orders'), []);
  });

  test('without delete.enabled tombstones are skipped and counted', async () => {
    const { task, fake } = started(BY_ID);
    await task.put([order(0, 'a', { v: 1 }), order(1, 'a', null)]);
    assert.equal(fake.items('orders').length, 1);
    assert.equal(task.stats.skippedTombstones, 1);
  });
});

describe('DynamoDbSinkTask bad records', () => {
  const big = 'x'.repeat(410 * 1024);

  test('an item over 400 KB goes to the DLQ with its size, the others are written', async () => {
    const { task, fake, dlq } = started(BY_ID);
    await task.put([order(0, 'a', { v: 1 }), order(1, 'big', { blob: big }), order(2, 'c', { v: 3 })]);
    assert.equal(fake.items('orders').length, 2);
    assert.equal(dlq?.length, 1);
    assert.equal(dlq?.[0]?.record.kafkaOffset, 1);
    assert.ok(dlq?.[0]?.error instanceof DataError);
    assert.match(
      dlq?.[0]?.error.message ?? '',
      /^record orders-0@1: the item for table orders is 419\d{3} bytes, over DynamoDB's item size limit of 400 KB \(409600 bytes\)$/,
    );
  });

  test('without a DLQ the DataError fails the put, as errors.tolerance=none does in Connect', async () => {
    const { task } = started(BY_ID, undefined, null);
    await assert.rejects(
      task.put([order(0, 'big', { blob: big })]),
      (error: unknown) => error instanceof DataError && !error.retriable,
    );
  });

  test('a batch DynamoDB rejects is retried item by item, so only the rejected record goes to the DLQ', async () => {
    const { task, fake, dlq } = started(BY_ID);
    fake.script.push('reject', 'reject');
    await task.put([order(0, 'bad', { v: 0 }), order(1, 'b', { v: 1 }), order(2, 'c', { v: 2 })]);
    assert.deepEqual(
      fake.calls.map((c) => c.op),
      ['DescribeTable', 'BatchWriteItem', 'PutItem', 'PutItem', 'PutItem'],
    );
    assert.equal(fake.items('orders').length, 2);
    assert.deepEqual(
      dlq?.map((d) => [d.record.kafkaOffset, d.error.name]),
      [[0, 'RejectedItemError']],
    );
    assert.match(dlq?.[0]?.error.message ?? '', /DynamoDB rejected PutItem on table orders: Item size has exceeded/);
  });
});

describe('DynamoDbSinkTask throttling and UnprocessedItems', () => {
  test('unprocessed items are sent again, with a doubling backoff, until all are written', async () => {
    const { task, fake } = started(BY_ID);
    fake.script.push('unprocessed:3', 'unprocessed:1');
    await task.put(Array.from({ length: 5 }, (_, i) => order(i, `k${i}`, { i })));
    assert.deepEqual(
      fake.calls.filter((c) => c.op === 'BatchWriteItem').map((c) => c.count),
      [5, 3, 1],
    );
    assert.deepEqual(task.sleeps, [100, 200]);
    assert.equal(fake.items('orders').length, 5);
    assert.equal(task.stats.retries, 2);
  });

  test('throttled calls (ProvisionedThroughputExceeded) and a dropped connection are retried without failing', async () => {
    const { task, fake } = started(BY_ID);
    fake.script.push('throttle', 'down', 'throttle');
    await task.put([order(0, 'a', { v: 1 })]);
    assert.equal(fake.items('orders').length, 1);
    assert.deepEqual(task.sleeps, [100, 200, 400]);
  });

  test('past max.retries a RetriableError asks the framework to redeliver; the redelivery completes the batch', async () => {
    const { task, fake, timeouts } = started({ ...BY_ID, 'max.retries': '2', 'batch.size': '2' });
    fake.script.push('unprocessed:1', 'throttle', 'throttle');
    const batch = [order(0, 'a', { v: 1 }), order(1, 'b', { v: 2 }), order(2, 'c', { v: 3 })];
    await assert.rejects(
      task.put(batch),
      (error: unknown) =>
        error instanceof RetriableError && /not done after 2 retries \(max\.retries=2/.test(error.message),
    );
    assert.deepEqual(
      fake.items('orders').map((i) => i['id']?.S),
      ['a'],
      'a prefix of the batch was written',
    );
    assert.deepEqual(timeouts, [100], 'the redelivery is paced by retry.backoff.ms (context.timeout)');
    await task.put(batch);
    assert.deepEqual(
      fake
        .items('orders')
        .map((i) => i['id']?.S)
        .sort(),
      ['a', 'b', 'c'],
    );
  });

  test("the put's time budget (aws.dynamodb.max.retry.time.seconds) ends the retries before max.retries", async () => {
    const { task, fake } = started({
      ...BY_ID,
      'retry.backoff.ms': '1000',
      'aws.dynamodb.max.retry.time.seconds': '2',
    });
    fake.script.push('throttle', 'throttle', 'throttle');
    await assert.rejects(task.put([order(0, 'a', { v: 1 })]), RetriableError);
    assert.deepEqual(task.sleeps, [1000], 'the second pause (2 s) would end past the 2 s budget');
  });
});

describe('DynamoDbSinkTask configuration faults', () => {
  test('a missing table fails the task (not retriable) and says what to do', async () => {
    const { task } = started({ ...BY_ID, 'table.name.format': 'kafka_${topic}' });
    await assert.rejects(
      task.put([order(0, 'a', { v: 1 })]),
      (error: unknown) =>
        error instanceof ConnectError &&
        !error.retriable &&
        error.message ===
          'DynamoDB table kafka_orders does not exist (DescribeTable); create it or fix table.name.format',
    );
  });

  test('a table whose key differs from the configured references is named with both', async () => {
    const { task } = started({});
    await assert.rejects(
      task.put([order(0, 'a', { v: 1 })]),
      /table orders has key \(hash id, sort none\) but aws\.dynamodb\.pk\.hash=partition and aws\.dynamodb\.pk\.sort=offset give \(hash partition, sort offset\)/,
    );
  });

  test('stop destroys the client', async () => {
    const { task, fake } = started(BY_ID);
    task.stop();
    assert.equal(fake.destroyed, true);
  });
});

/**
 * The sink task against real DynamoDB-compatible servers, dynalite and moto: the SDK adapter, the
 * attribute mapping as the servers store it, upserts, tombstones, redelivery, oversize and rejected items,
 * and (through a proxy that throttles and leaves items unprocessed) the retry loop on real responses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConnectError, type SinkRecord } from 'lambda-connect/api';
import { DynamoDbSinkTask } from '../../src/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { sinkContext, sinkRecord } from '../support/records.js';
import {
  Backend,
  TEST_CREDENTIALS,
  TEST_REGION,
  createTable,
  scanAll,
  startBackend,
  type RunningBackend,
} from '../support/servers.js';
import { byId, workload } from '../support/workload.js';

type Dlq = Array<{ record: SinkRecord; error: Error }>;

function startTask(endpoint: string, extra: Record<string, string> = {}): { task: DynamoDbSinkTask; dlq: Dlq } {
  const props = {
    'aws.dynamodb.endpoint': endpoint,
    'aws.dynamodb.region': TEST_REGION,
    ...TEST_CREDENTIALS,
    'table.name.format': 'sink_${topic}',
    'aws.dynamodb.pk.hash': 'key:id',
    'aws.dynamodb.pk.sort': '',
    'batch.size': '25',
    'delete.enabled': 'true',
    'retry.backoff.ms': '5',
    ...extra,
  };
  const dlq: Dlq = [];
  const task = new DynamoDbSinkTask();
  task.initialize(sinkContext(props, dlq));
  task.start(props);
  return { task, dlq };
}

/** Delivers records as slices do: in batches of 500. */
async function deliver(task: DynamoDbSinkTask, records: readonly SinkRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) await task.put(records.slice(i, i + 500));
}

for (const kind of [Backend.DYNALITE, Backend.MOTO]) {
  describe(`DynamoDB sink on ${kind}`, () => {
    let backend: RunningBackend;
    before(async () => {
      backend = await startBackend(kind);
    });
    after(async () => {
      await backend?.close();
    });

    test('10,000 records with 10 % updates and 1 % tombstones: the table holds the last value per key; redelivery changes nothing', async (t) => {
      await createTable(backend.client, 'sink_orders', ['id', 'S']);
      const { task, dlq } = startTask(backend.endpoint);
      t.after(() => task.stop());
      const load = workload('orders', 10_000);
      assert.deepEqual([load.updates, load.tombstones], [900, 100]);
      await deliver(task, load.records);
      const first = byId(await scanAll(backend.client, 'sink_orders'));
      assert.equal(first.size, load.expected.size);
      assert.deepEqual(first, load.expected);
      await deliver(task, load.records);
      assert.deepEqual(
        byId(await scanAll(backend.client, 'sink_orders')),
        load.expected,
        'redelivered records rewrite the same items',
      );
      assert.deepEqual(dlq, []);
    });

    test('an item over 400 KB goes to the DLQ with its size; its neighbours are written', async (t) => {
      await createTable(backend.client, 'sink_big', ['id', 'S']);
      const { task, dlq } = startTask(backend.endpoint);
      t.after(() => task.stop());
      await task.put([
        sinkRecord({ topic: 'big', key: 'small-1', value: { v: 1 } }),
        sinkRecord({ topic: 'big', kafkaOffset: 1, key: 'huge', value: { blob: 'x'.repeat(401 * 1024) } }),
        sinkRecord({ topic: 'big', kafkaOffset: 2, key: 'small-2', value: { v: 2 } }),
      ]);
      assert.deepEqual([...byId(await scanAll(backend.client, 'sink_big')).keys()].sort(), ['small-1', 'small-2']);
      assert.equal(dlq.length, 1);
      assert.equal(dlq[0]?.record.key, 'huge');
      assert.match(
        dlq[0]?.error.message ?? '',
        /the item for table sink_big is 41\d{4} bytes, over DynamoDB's item size limit of 400 KB/,
      );
    });

    test('a key the server refuses (wrong type for the table) is isolated item by item and sent to the DLQ', async (t) => {
      await createTable(backend.client, 'sink_typed', ['id', 'N']);
      const { task, dlq } = startTask(backend.endpoint);
      t.after(() => task.stop());
      await task.put([
        sinkRecord({ topic: 'typed', key: 1, value: { v: 1 } }),
        sinkRecord({ topic: 'typed', kafkaOffset: 1, key: 'not-a-number', value: { v: 2 } }),
        sinkRecord({ topic: 'typed', kafkaOffset: 2, key: 3, value: { v: 3 } }),
      ]);
      const ids = (await scanAll(backend.client, 'sink_typed')).map((item) => item['id']?.N).sort();
      assert.deepEqual(ids, ['1', '3']);
      assert.deepEqual(
        dlq.map((d) => [d.record.key, d.error.name]),
        [['not-a-number', 'RejectedItemError']],
      );
      assert.match(dlq[0]?.error.message ?? '', /^DynamoDB rejected PutItem on table sink_typed: /);
    });

    test('a table that does not exist fails the task with a message naming it', async (t) => {
      const { task } = startTask(backend.endpoint);
      t.after(() => task.stop());
      await assert.rejects(
        task.put([sinkRecord({ topic: 'missing', key: 'a', value: { v: 1 } })]),
        (error: unknown) =>
          error instanceof ConnectError &&
          !error.retriable &&
          /DynamoDB table sink_missing does not exist/.test(error.message),
      );
    });

    test('throttling on 10 % of calls and UnprocessedItems on others lose nothing', async (t) => {
      await createTable(backend.client, 'sink_throttled', ['id', 'S']);
      const proxy = await startFaultProxy(backend.endpoint, (operation, call) =>
        call % 10 === 0 ? 'throttle' : operation === 'BatchWriteItem' && call % 7 === 0 ? 'unprocess-half' : 'pass',
      );
      t.after(() => proxy.close());
      const { task, dlq } = startTask(proxy.endpoint);
      t.after(() => task.stop());
      const load = workload('throttled', 5_000);
      await deliver(task, load.records);
      assert.deepEqual(byId(await scanAll(backend.client, 'sink_throttled')), load.expected);
      assert.ok(
        proxy.counts.throttled >= proxy.counts.calls / 10 - 1,
        `every 10th call was throttled (${proxy.counts.throttled} of ${proxy.counts.calls})`,
      );
      assert.ok(proxy.counts.unprocessed > 0, 'some items came back unprocessed');
      assert.equal(
        task.stats.retries,
        proxy.counts.throttled + proxy.counts.partial,
        'each throttled or partial answer cost exactly one retry',
      );
      assert.deepEqual(dlq, []);
    });
  });
}

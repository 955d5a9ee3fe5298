import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { ConnectError, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';
import { FlakyStore, MemoryS3SinkTask, offsetsFor, testContext } from '../fixtures/memory-task.js';

const TP0 = { topic: 'orders', partition: 0 };
const TP1 = { topic: 'orders', partition: 1 };

async function started(
  overrides: Record<string, string> = {},
  reported: Array<{ offset: number; error: Error }> | null = null,
): Promise<{ task: MemoryS3SinkTask; store: FlakyStore }> {
  const store = new FlakyStore();
  const task = new MemoryS3SinkTask(store);
  const config = sinkConfig(overrides);
  task.initialize(testContext(config, reported));
  task.start(config);
  await task.open([TP0, TP1]);
  return { task, store };
}

const values = (from: number, to: number, partition = 0, timestamp?: (o: number) => number) =>
  Array.from({ length: to - from }, (_, i) =>
    sinkRecord({
      partition,
      offset: from + i,
      value: { n: from + i },
      ...(timestamp ? { timestamp: timestamp(from + i) } : {}),
    }),
  );

const committed = async (task: MemoryS3SinkTask) =>
  Object.fromEntries([...(await task.preCommit(offsetsFor([TP0, TP1])))].map(([k, v]) => [k, v.offset]));

describe('flush.size', () => {
  test('an object per flush.size records of a partition; preCommit covers only uploaded records', async () => {
    const { task, store } = await started({ 'flush.size': '3' });
    await task.put([...values(0, 7), ...values(0, 2, 1)]);
    assert.deepEqual([...store.objects.keys()].sort(), [
      'topics/orders/partition=0/orders+0+0000000000.json',
      'topics/orders/partition=0/orders+0+0000000003.json',
    ]);
    assert.equal(
      store.objects.get('topics/orders/partition=0/orders+0+0000000003.json')?.toString(),
      '{"n":3}\n{"n":4}\n{"n":5}\n',
    );
    // Offset 6 of partition 0 and both records of partition 1 are only buffered: not committed.
    assert.deepEqual(await committed(task), { 'orders-0': 6 });
    task.close([TP0, TP1]);
    task.stop();
  });

  test('a task restarted from the committed offset writes the same keys with the same contents', async () => {
    const first = await started({ 'flush.size': '4' });
    await first.task.put(values(0, 10));
    const offset = (await committed(first.task))['orders-0'];
    assert.equal(offset, 8);
    first.task.stop();
    // A crash before the commit: the next slice re-reads from 4 (say) and from 8: same keys either way.
    const again = await started({ 'flush.size': '4' });
    await again.task.put(values(4, 12));
    assert.deepEqual(
      again.store.objects.get('topics/orders/partition=0/orders+0+0000000004.json'),
      first.store.objects.get('topics/orders/partition=0/orders+0+0000000004.json'),
    );
    assert.deepEqual([...again.store.objects.keys()].sort(), [
      'topics/orders/partition=0/orders+0+0000000004.json',
      'topics/orders/partition=0/orders+0+0000000008.json',
    ]);
  });
});

describe('rotate.interval.ms', () => {
  const timeBased = {
    'flush.size': '100',
    'rotate.interval.ms': '60000',
    'partitioner.class': 'TimeBasedPartitioner',
    'partition.duration.ms': '3600000',
    'path.format': "'dt'=YYYY-MM-dd-HH",
    locale: 'en',
    timezone: 'UTC',
    'timestamp.extractor': 'Record',
  };
  const t0 = Date.UTC(2026, 11, 6, 10, 0, 0);

  test("rotates before the first record a minute past the file's first, by record time: deterministic across slices", async () => {
    const { task, store } = await started(timeBased);
    // Records 10 s apart: offsets 0..5 span 50 s, offset 6 is 60 s after offset 0.
    await task.put(values(0, 8, 0, (o) => t0 + o * 10_000));
    assert.deepEqual([...store.objects.keys()], ['topics/orders/dt=2026-12-06-10/orders+0+0000000000.json']);
    assert.equal(
      store.objects.get('topics/orders/dt=2026-12-06-10/orders+0+0000000000.json')?.toString().split('\n').length,
      7,
    );
    assert.deepEqual(await committed(task), { 'orders-0': 6 });
  });

  test('a change of encoded partition rotates too (rotate.file.on.partition.change)', async () => {
    const { task, store } = await started(timeBased);
    await task.put(values(0, 3, 0, (o) => t0 - 20_000 + o * 10_000));
    assert.deepEqual([...store.objects.keys()], ['topics/orders/dt=2026-12-06-09/orders+0+0000000000.json']);
    assert.deepEqual(await committed(task), { 'orders-0': 2 });
  });
});

describe('rotate.schedule.interval.ms', () => {
  const scheduled = { 'flush.size': '100', 'rotate.schedule.interval.ms': '600000', timezone: 'UTC' };

  test('cuts files at boundaries of record time; uploads an idle file once the wall clock passes its boundary', async () => {
    const { task, store } = await started(scheduled);
    task.clock += 3 * 60_000;
    const start = task.clock - 1_000;
    await task.put(values(0, 3, 0, () => start));
    assert.equal(store.objects.size, 0);
    assert.deepEqual(await committed(task), {});
    task.clock += 10 * 60_000;
    assert.deepEqual(await committed(task), { 'orders-0': 3 });
    assert.deepEqual([...store.objects.keys()], ['topics/orders/partition=0/orders+0+0000000000.json']);
    // A record stamped past the next boundary starts a new file before it is appended.
    await task.put([...values(3, 4, 0, () => task.clock), ...values(4, 5, 0, () => task.clock + 10 * 60_000)]);
    assert.ok(store.objects.has('topics/orders/partition=0/orders+0+0000000003.json'));
  });
});

describe('outages and bad records', () => {
  test('a failed upload is a RetriableError; the redelivered batch uploads once, with no duplicate lines', async () => {
    const { task, store } = await started({ 'flush.size': '2' });
    store.failures = 2;
    const batch = values(0, 3);
    await assert.rejects(task.put(batch), (e: unknown) => e instanceof ConnectError && e.retriable);
    // preCommit retries the pending upload; S3 still down: nothing committed, and no error.
    assert.deepEqual(await committed(task), {});
    await task.put(batch);
    assert.equal(
      store.objects.get('topics/orders/partition=0/orders+0+0000000000.json')?.toString(),
      '{"n":0}\n{"n":1}\n',
    );
    assert.deepEqual(await committed(task), { 'orders-0': 2 });
  });

  test('behavior.on.null.values: fail names the key; ignore skips and commits past skipped records', async () => {
    const failing = await started();
    await assert.rejects(failing.task.put([sinkRecord({ offset: 0, value: null })]), /behavior.on.null.values/);
    const ignoring = await started({ 'behavior.on.null.values': 'ignore' });
    await ignoring.task.put([sinkRecord({ offset: 0, value: null }), sinkRecord({ offset: 1, value: null })]);
    assert.deepEqual(await committed(ignoring.task), { 'orders-0': 2 });
    assert.equal(ignoring.store.objects.size, 0);
  });

  test('a record the partitioner cannot encode goes to the DLQ when there is one, else fails the task', async () => {
    const field = { 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region', 'flush.size': '2' };
    const reported: Array<{ offset: number; error: Error }> = [];
    const { task, store } = await started(field, reported);
    await task.put([
      sinkRecord({ offset: 0, value: { region: 'eu' } }),
      sinkRecord({ offset: 1, value: 'no struct' }),
      sinkRecord({ offset: 2, value: { region: 'eu' } }),
    ]);
    assert.deepEqual(
      reported.map((r) => r.offset),
      [1],
    );
    assert.equal(
      store.objects.get('topics/orders/region=eu/orders+0+0000000000.json')?.toString(),
      '{"region":"eu"}\n{"region":"eu"}\n',
    );
    const strict = await started(field);
    await assert.rejects(strict.task.put([sinkRecord({ offset: 0, value: 'no struct' })]), /not a struct or map/);
  });
});

describe('gzip, keys and headers', () => {
  test('gzip objects decompress to the same lines; .keys and .headers objects sit beside them', async () => {
    const { task, store } = await started({
      'flush.size': '2',
      's3.compression.type': 'gzip',
      'store.kafka.keys': 'true',
      'store.kafka.headers': 'true',
    });
    const schema = new SchemaBuilder('struct').field('id', Schemas.INT32).build();
    await task.put(
      [0, 1].map((o) =>
        sinkRecord({
          offset: o,
          value: new Struct(schema).put('id', o),
          valueSchema: schema,
          key: `k${o}`,
          headers: [{ key: 'h', value: `v${o}`, schema: Schemas.STRING }],
        }),
      ),
    );
    const read = (suffix: string) =>
      gunzipSync(store.objects.get(`topics/orders/partition=0/orders+0+0000000000${suffix}`) as Buffer).toString();
    assert.equal(read('.json.gz'), '{"id":0}\n{"id":1}\n');
    assert.equal(read('.keys.json.gz'), '"k0"\n"k1"\n');
    assert.equal(
      read('.headers.json.gz'),
      '{"headers":[{"key":"h","value":"v0"}]}\n{"headers":[{"key":"h","value":"v1"}]}\n',
    );
  });
});

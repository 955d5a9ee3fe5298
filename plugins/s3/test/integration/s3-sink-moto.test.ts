/**
 * The S3 sink against a real S3-compatible server (moto): exact keys and contents for 10,000 records,
 * identical objects after a crash between upload and commit, gzip, multipart uploads and S3 errors.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import type { SinkRecord } from 'lambda-connect/api';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';
import { useMotoS3 } from '../fixtures/moto-s3.js';
import { CountingS3SinkTask, runSlice } from '../fixtures/slices.js';
import { testContext } from '../fixtures/memory-task.js';

const moto = useMotoS3();
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

/** 10,000 records over 2 partitions of `orders`, one a second from T0, JSON objects with a key. */
function orders(count = 10_000, partitions = 2): Map<string, SinkRecord[]> {
  const log = new Map<string, SinkRecord[]>();
  for (let p = 0; p < partitions; p++) {
    log.set(
      `orders-${p}`,
      Array.from({ length: count / partitions }, (_, o) =>
        sinkRecord({
          partition: p,
          offset: o,
          key: `c${o % 7}`,
          value: { id: `${p}-${o}`, amount: o * 1.5, region: ['eu', 'us'][o % 2] },
          timestamp: T0 + o * 1_000,
        }),
      ),
    );
  }
  return log;
}

/** Schemaless JSON values: JS and Jackson agree on these strings, integers and halves. */
const expectedLine = (r: SinkRecord) => `${JSON.stringify(r.value)}\n`;

async function runAll(
  config: Record<string, string>,
  log: Map<string, SinkRecord[]>,
  slice: { maxRecords: number; batchSize: number },
  crashes: number[] = [],
): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  for (const crashAfter of crashes) await runSlice(config, log, committed, { ...slice, crashAfter });
  for (let i = 0; i < 100; i++) {
    const before = [...committed.values()].reduce((a, b) => a + b, 0);
    await runSlice(config, log, committed, slice);
    const done = [...log].every(([k, records]) => committed.get(k) === records.length);
    if (done) return committed;
    if ([...committed.values()].reduce((a, b) => a + b, 0) === before && i > 3) break;
  }
  return committed;
}

describe('S3 sink on moto', () => {
  test('10,000 records, flush.size 1000, slices of 1,700: the keys Confluent writes, each line once, offsets all committed', async () => {
    const bucket = await moto.bucket();
    const config = sinkConfig({
      's3.bucket.name': bucket,
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'flush.size': '1000',
    });
    const log = orders();
    const committed = await runAll(config, log, { maxRecords: 1_700, batchSize: 500 });
    assert.deepEqual(Object.fromEntries(committed), { 'orders-0': 5000, 'orders-1': 5000 });
    const expectedKeys = [0, 1].flatMap((p) =>
      [0, 1000, 2000, 3000, 4000].map(
        (o) => `topics/orders/partition=${p}/orders+${p}+${String(o).padStart(10, '0')}.json`,
      ),
    );
    assert.deepEqual(await moto.keys(bucket), expectedKeys.sort());
    assert.deepEqual(expectedKeys.slice(0, 2), [
      'topics/orders/partition=0/orders+0+0000000000.json',
      'topics/orders/partition=0/orders+0+0000001000.json',
    ]);
    for (const key of expectedKeys) {
      const [, p, start] = /orders\+(\d)\+(\d+)\.json$/.exec(key) ?? [];
      const records = (log.get(`orders-${p}`) ?? []).slice(Number(start), Number(start) + 1000);
      assert.equal((await moto.body(bucket, key)).toString(), records.map(expectedLine).join(''), key);
    }
  });

  test('slices that crash between upload and commit: the restarted task writes the identical key set, no extra objects', async () => {
    const clean = await moto.bucket('clean');
    const crashed = await moto.bucket('crashed');
    const base = {
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'flush.size': '700',
      'partitioner.class': 'FieldPartitioner',
      'partition.field.name': 'region',
    };
    const log = orders();
    await runAll(sinkConfig({ ...base, 's3.bucket.name': clean }), log, { maxRecords: 2_000, batchSize: 300 });
    const putsBefore = CountingS3SinkTask.puts;
    // Three slices die after their uploads (at 1,500, 2,400 and 900 records), before committing.
    await runAll(
      sinkConfig({ ...base, 's3.bucket.name': crashed }),
      log,
      { maxRecords: 2_000, batchSize: 300 },
      [1_500, 2_400, 900],
    );
    const cleanKeys = await moto.keys(clean);
    const crashedKeys = await moto.keys(crashed);
    assert.deepEqual(crashedKeys, cleanKeys);
    assert.ok(cleanKeys.some((k) => k.includes('/region=eu/')) && cleanKeys.some((k) => k.includes('/region=us/')));
    for (const key of cleanKeys) assert.deepEqual(await moto.body(crashed, key), await moto.body(clean, key), key);
    // The crashed run rewrote some objects (same key, same bytes) rather than adding any.
    assert.ok(
      CountingS3SinkTask.puts - putsBefore > cleanKeys.length,
      `puts ${CountingS3SinkTask.puts - putsBefore} vs ${cleanKeys.length} keys`,
    );
    const lines = (
      await Promise.all(
        crashedKeys.map(async (k) => (await moto.body(crashed, k)).toString().split('\n').filter(Boolean)),
      )
    ).flat();
    // Every record before each partition's last rotation is uploaded once: 2 x floor(5000 / 700) x 700.
    assert.equal(lines.length, 10_000 - countOpen(log, 700));
    assert.equal(new Set(lines).size, lines.length);
  });

  test('gzip and the Hourly partitioner: .json.gz objects whose lines decompress to the records', async () => {
    const bucket = await moto.bucket();
    const config = sinkConfig({
      's3.bucket.name': bucket,
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'flush.size': '10000',
      's3.compression.type': 'gzip',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
      locale: 'en',
      timezone: 'UTC',
      'timestamp.extractor': 'Record',
      'rotate.interval.ms': '3600000',
    });
    const log = orders(8_000, 1);
    await runAll(config, log, { maxRecords: 10_000, batchSize: 1_000 });
    const keys = await moto.keys(bucket);
    // 8,000 records a second apart from 10:00: hours 10 and 11 are complete (rotated by the next hour's record); 12 stays open.
    assert.deepEqual(keys, [
      'topics/orders/year=2026/month=12/day=06/hour=10/orders+0+0000000000.json.gz',
      'topics/orders/year=2026/month=12/day=06/hour=11/orders+0+0000003600.json.gz',
    ]);
    const records = log.get('orders-0') ?? [];
    assert.equal(
      gunzipSync(await moto.body(bucket, keys[1] as string)).toString(),
      records.slice(3600, 7200).map(expectedLine).join(''),
    );
  });

  test('objects larger than s3.part.size go up as multipart uploads', async () => {
    const bucket = await moto.bucket();
    const config = sinkConfig({
      's3.bucket.name': bucket,
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'flush.size': '3000',
      's3.part.size': String(5 * 1024 * 1024),
    });
    const pad = 'x'.repeat(2_000);
    const log = new Map([
      ['orders-0', Array.from({ length: 3000 }, (_, o) => sinkRecord({ offset: o, value: { o, pad } }))],
    ]);
    await runAll(config, log, { maxRecords: 3_000, batchSize: 3_000 });
    const [key] = await moto.keys(bucket);
    const body = await moto.body(bucket, key as string);
    assert.ok(body.length > 5 * 1024 * 1024, `object of ${body.length} bytes`);
    assert.equal(body.toString().split('\n').filter(Boolean).length, 3000);
    const head = await fetch(`${moto.endpoint}/${bucket}/${key}`, { method: 'HEAD' });
    // S3 (and moto) mark multipart objects with an ETag "<md5>-<parts>".
    assert.match(head.headers.get('etag') ?? '', /-2"$/);
  });

  test('a missing bucket fails the task with a ConnectError that names s3.bucket.name', async () => {
    const config = sinkConfig({
      's3.bucket.name': 'no-such-bucket-here',
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'flush.size': '1',
    });
    const task = new CountingS3SinkTask();
    task.initialize(testContext(config, null));
    task.start(config);
    await task.open([{ topic: 'orders', partition: 0 }]);
    await assert.rejects(
      task.put([sinkRecord({ offset: 0, value: { a: 1 } })]),
      (e: unknown) =>
        e instanceof Error && !(e as { retriable?: boolean }).retriable && /s3.bucket.name/.test(e.message),
    );
    await task.stop();
  });

  test('an unreachable endpoint is retriable', async () => {
    const config = sinkConfig({
      's3.bucket.name': 'any',
      'store.url': 'http://127.0.0.1:9',
      's3.region': 'us-east-1',
      'flush.size': '1',
    });
    const task = new CountingS3SinkTask();
    task.initialize(testContext(config, null));
    task.start(config);
    await task.open([{ topic: 'orders', partition: 0 }]);
    await assert.rejects(
      task.put([sinkRecord({ offset: 0, value: { a: 1 } })]),
      (e: unknown) => (e as { retriable?: boolean }).retriable === true,
    );
    await task.stop();
  });
});

/** Records left in open files at the end of the log (fewer than flush.size per Kafka partition): none are uploaded. */
function countOpen(log: Map<string, SinkRecord[]>, flushSize: number): number {
  return [...log.values()].reduce((n, records) => n + (records.length % flushSize), 0);
}

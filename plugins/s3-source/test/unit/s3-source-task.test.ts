import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError, Schemas, type SourceOffset, type SourcePartition, type SourceRecord } from 'lambda-connect/api';
import { Formats, MemoryBucket, S3SourceTask, type Bucket, type S3SourceConfig } from '../../src/index.js';
import { originalRecords, sinkLayout } from '../helpers/sink-layout.js';

/** The task on an in-memory bucket, with a clock the test moves. */
class MemoryTask extends S3SourceTask {
  clock = 0;
  constructor(private readonly memory: MemoryBucket) {
    super();
  }
  protected override openBucket(_config: S3SourceConfig): Bucket {
    return this.memory;
  }
  protected override now(): number {
    return this.clock;
  }
}

const BASE = { 's3.bucket.name': 'backups', 'format.class': Formats.JSON } as const;

function startTask(
  bucket: MemoryBucket,
  props: Record<string, string> = {},
  stored = new Map<string, SourceOffset>(),
): MemoryTask {
  const task = new MemoryTask(bucket);
  const lookup = (p: SourcePartition) => stored.get(String(p['folder'])) ?? null;
  task.initialize({
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async (p) => lookup(p),
      offsets: async (ps) => new Map(ps.map((p) => [p, lookup(p)])),
    }),
  });
  task.start({ ...BASE, ...props });
  return task;
}

/** Polls until the task returns null; the records in order. */
async function drain(task: S3SourceTask): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for (let batch = await task.poll(); batch !== null; batch = await task.poll()) all.push(...batch);
  return all;
}

function bucketWith(objects: Map<string, Buffer>): MemoryBucket {
  const bucket = new MemoryBucket();
  for (const [key, body] of objects) bucket.put(key, body);
  return bucket;
}

const text = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value);

describe('S3SourceTask on an in-memory bucket', () => {
  test('restores JSON values, keys and headers to their partitions, in offset order per partition', async (t) => {
    const originals = originalRecords('orders', 3, 25);
    const bucket = bucketWith(sinkLayout(originals, { format: 'json', flushSize: 4, keys: true, headers: true }));
    const task = startTask(bucket, { 'record.batch.max.size': '3' });
    t.after(() => task.stop());
    const records = await drain(task);
    assert.equal(records.length, 25);
    for (let p = 0; p < 3; p++) {
      const expected = originals.filter((r) => r.partition === p);
      const got = records.filter((r) => r.kafkaPartition === p);
      assert.deepEqual(
        got.map((r) => r.key),
        expected.map((r) => r.key?.toString('utf8')),
      );
      assert.deepEqual(
        got.map((r) => r.headers),
        expected.map((r) => r.headers.map((h) => ({ ...h, schema: Schemas.OPTIONAL_STRING }))),
      );
      assert.deepEqual(
        got.map((r) => (r.value as { n: number }).n),
        expected.map((r) => JSON.parse(r.value.toString('utf8')).n),
      );
    }
    // int64 beyond 2^53 comes back exact, as a bigint.
    assert.equal((records[0]!.value as { big: unknown }).big, 9007199254740993n);
    assert.ok(records.every((r) => r.topic === 'orders' && r.valueSchema === null));
  });

  test('gzip objects read the same as plain ones', async (t) => {
    const originals = originalRecords('events', 2, 10);
    const plain = await drain(
      startTask(bucketWith(sinkLayout(originals, { format: 'json', flushSize: 3, keys: true }))),
    );
    const task = startTask(bucketWith(sinkLayout(originals, { format: 'json', flushSize: 3, keys: true, gzip: true })));
    t.after(() => task.stop());
    const gzipped = await drain(task);
    assert.equal(gzipped.length, 10);
    assert.deepEqual(
      gzipped.map((r) => [r.key, r.value, r.kafkaPartition]),
      plain.map((r) => [r.key, r.value, r.kafkaPartition]),
    );
    assert.match(String(gzipped[0]!.sourceOffset?.['lastFileRead']), /\.json\.gz$/);
  });

  test('ByteArrayFormat: raw bytes, empty records kept, a custom separator', async (t) => {
    const bucket = new MemoryBucket().put('topics/raw/partition=0/raw+0+0000000000.bin', 'a||||ccc||');
    bucket.put('topics/raw/partition=0/raw+0+0000000000.keys.bin', 'k1||k2||k3||');
    const task = startTask(bucket, { 'format.class': Formats.BYTE_ARRAY, 'format.bytearray.separator': '||' });
    t.after(() => task.stop());
    const records = await drain(task);
    assert.deepEqual(
      records.map((r) => text(r.value)),
      ['a', '', 'ccc'],
    );
    assert.deepEqual(
      records.map((r) => text(r.key)),
      ['k1', 'k2', 'k3'],
    );
    assert.ok(records.every((r) => r.valueSchema === Schemas.OPTIONAL_BYTES));
  });

  test('offsets: folder partition, object key + records read, eof on the last record of an object', async () => {
    const bucket = bucketWith(sinkLayout(originalRecords('t', 1, 5), { format: 'json', flushSize: 3 }));
    const records = await drain(startTask(bucket));
    assert.deepEqual(records[0]!.sourcePartition, { folder: 'topics/t/partition=0/' });
    assert.deepEqual(
      records.map((r) => r.sourceOffset),
      [
        { lastFileRead: 'topics/t/partition=0/t+0+0000000000.json', fileOffset: '1', eof: 'false' },
        { lastFileRead: 'topics/t/partition=0/t+0+0000000000.json', fileOffset: '2', eof: 'false' },
        { lastFileRead: 'topics/t/partition=0/t+0+0000000000.json', fileOffset: '3', eof: 'true' },
        { lastFileRead: 'topics/t/partition=0/t+0+0000000003.json', fileOffset: '1', eof: 'false' },
        { lastFileRead: 'topics/t/partition=0/t+0+0000000003.json', fileOffset: '2', eof: 'true' },
      ],
    );
  });

  test('a new task resumes after every stored offset: mid-object and at the end of an object, no loss, no duplicate', async () => {
    const originals = originalRecords('t', 1, 10);
    const bucket = bucketWith(sinkLayout(originals, { format: 'json', flushSize: 4, keys: true, headers: true }));
    const all = (await drain(startTask(bucket))).map((r) => r.key);
    for (let cut = 1; cut < 10; cut++) {
      const first = startTask(bucket, { 'record.batch.max.size': String(cut) });
      const before = (await first.poll()) ?? [];
      await first.stop();
      const stored = new Map([['topics/t/partition=0/', before.at(-1)!.sourceOffset!]]);
      const after = await drain(startTask(bucket, {}, stored));
      assert.deepEqual(
        [...before, ...after].map((r) => r.key),
        all,
        `cut after ${cut}`,
      );
    }
  });

  test('a required keys object that is not there yet holds its object back until it appears', async (t) => {
    const objects = sinkLayout(originalRecords('t', 1, 6), { format: 'json', flushSize: 3, keys: true });
    const late = 'topics/t/partition=0/t+0+0000000003.keys.json';
    const lateBody = objects.get(late)!;
    objects.delete(late);
    const bucket = bucketWith(objects);
    const task = startTask(bucket, { 'store.kafka.keys': 'true', 's3.poll.interval.ms': '1000' });
    t.after(() => task.stop());
    assert.deepEqual(
      (await drain(task)).map((r) => r.key),
      ['key-0', 'key-1', 'key-2'],
    );
    bucket.put(late, lateBody);
    task.clock = 999;
    assert.equal(await task.poll(), null, 'not listed again before the poll interval');
    task.clock = 1000;
    assert.deepEqual(
      (await drain(task)).map((r) => r.key),
      ['key-3', 'key-4', 'key-5'],
    );
  });

  test('without store.kafka.keys, an object without a keys object restores with null keys', async () => {
    const bucket = bucketWith(sinkLayout(originalRecords('t', 1, 2), { format: 'json', flushSize: 5 }));
    assert.deepEqual(
      (await drain(startTask(bucket))).map((r) => r.key),
      [null, null],
    );
  });

  test('after catching up the task lists again only once the poll interval passed', async (t) => {
    const bucket = bucketWith(sinkLayout(originalRecords('t', 2, 4), { format: 'json', flushSize: 10 }));
    const task = startTask(bucket, { 's3.poll.interval.ms': '60000' });
    t.after(() => task.stop());
    assert.equal((await drain(task)).length, 4);
    const lists = bucket.calls.list;
    assert.equal(await task.poll(), null);
    assert.equal(bucket.calls.list, lists);
    bucket.put('topics/t/partition=1/t+1+0000000002.json', '{"late":true}\n');
    bucket.put('topics/u/partition=0/u+0+0000000000.json', '"new topic"\n');
    task.clock = 60_000;
    const more = await drain(task);
    assert.deepEqual(more.map((r) => [r.topic, r.kafkaPartition, r.value]).sort(), [
      ['t', 1, { late: true }],
      ['u', 0, 'new topic'],
    ]);
  });

  test('tasks share the folders: every record read once across tasks', async () => {
    const bucket = bucketWith(
      sinkLayout([...originalRecords('a', 4, 40), ...originalRecords('b', 3, 30)], {
        format: 'json',
        flushSize: 4,
        keys: true,
      }),
    );
    const perTask = await Promise.all(
      [0, 1, 2].map((i) =>
        drain(startTask(bucket, { 's3.source.task.index': String(i), 's3.source.task.count': '3' })),
      ),
    );
    assert.ok(
      perTask.every((records) => records.length > 0),
      'each task has a share',
    );
    const keys = perTask.flat().map((r) => `${r.topic}:${r.key}`);
    assert.equal(keys.length, 70);
    assert.equal(new Set(keys).size, 70);
  });

  test('data errors name the object: sidecar counts that differ, bad JSON, bad gzip, an offset past the object', async () => {
    const folder = 'topics/t/partition=0/';
    const mismatch = new MemoryBucket()
      .put(`${folder}t+0+0000000000.json`, '1\n2\n')
      .put(`${folder}t+0+0000000000.keys.json`, '"a"\n');
    await assert.rejects(
      drain(startTask(mismatch)),
      (e: Error) => e instanceof DataError && /different numbers of records/.test(e.message),
    );
    const badJson = new MemoryBucket().put(`${folder}t+0+0000000000.json`, '{"a":\n');
    await assert.rejects(
      drain(startTask(badJson)),
      (e: Error) => e instanceof DataError && /t\+0\+0000000000\.json record 1 is not JSON/.test(e.message),
    );
    const badGzip = new MemoryBucket().put(`${folder}t+0+0000000000.json.gz`, gzipSync('1\n2\n').subarray(0, 12));
    await assert.rejects(
      drain(startTask(badGzip)),
      (e: Error) => e instanceof DataError && /not valid gzip/.test(e.message),
    );
    const short = new MemoryBucket().put(`${folder}t+0+0000000000.json`, '1\n2\n');
    const stored = new Map([[folder, { lastFileRead: `${folder}t+0+0000000000.json`, fileOffset: '5', eof: 'false' }]]);
    await assert.rejects(drain(startTask(short, {}, stored)), /has 2 records, fewer than the 5/);
  });

  test('a headers object in Avro is refused with what to change', async () => {
    const bucket = new MemoryBucket()
      .put('topics/t/partition=0/t+0+0000000000.json', '1\n')
      .put('topics/t/partition=0/t+0+0000000000.headers.avro', 'x');
    await assert.rejects(drain(startTask(bucket)), /headers\.format\.class must be JsonFormat/);
  });
});

/**
 * The task and its S3 adapter against a real S3-compatible server (moto): listing across pages, gzip
 * streams, resume from stored offsets, and the errors an unreachable server or a missing bucket give.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConnectError,
  RetriableError,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
} from 'lambda-connect/api';
import { Formats, S3Bucket, S3SourceTask } from '../../src/index.js';
import { startMotoS3, type MotoS3 } from '../helpers/moto.js';
import { originalRecords, sinkLayout } from '../helpers/sink-layout.js';

let moto: MotoS3;
before(async () => {
  moto = await startMotoS3();
});
after(async () => {
  await moto?.close();
});

function startTask(props: Record<string, string>, stored = new Map<string, SourceOffset>()): S3SourceTask {
  const task = new S3SourceTask();
  const lookup = (p: SourcePartition) => stored.get(String(p['folder'])) ?? null;
  task.initialize({
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async (p) => lookup(p),
      offsets: async (ps) => new Map(ps.map((p) => [p, lookup(p)])),
    }),
  });
  task.start(props);
  return task;
}

async function drain(task: S3SourceTask): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for (let batch = await task.poll(); batch !== null; batch = await task.poll()) all.push(...batch);
  return all;
}

let buckets = 0;
async function bucketWith(objects: Map<string, Buffer>): Promise<string> {
  const name = `restore-${process.pid}-${++buckets}`;
  await moto.createBucket(name);
  await moto.putObjects(name, objects);
  return name;
}

describe('S3SourceTask on moto', () => {
  test('a folder of more than one listing page (1,001 objects) restores in order', async (t) => {
    const originals = originalRecords('paged', 1, 1001);
    const bucket = await bucketWith(sinkLayout(originals, { format: 'json', flushSize: 1, keys: true }));
    const task = startTask({
      ...moto.connectorConfig(bucket),
      'format.class': Formats.JSON,
      'record.batch.max.size': '500',
    });
    t.after(() => task.stop());
    const records = await drain(task);
    assert.deepEqual(
      records.map((r) => r.key),
      originals.map((r) => r.key?.toString('utf8')),
    );
  });

  test('gzip ByteArrayFormat objects stream back byte for byte; a new task resumes mid-object', async (t) => {
    const originals = originalRecords('bytes', 2, 3000);
    const bucket = await bucketWith(
      sinkLayout(originals, { format: 'bytes', flushSize: 700, keys: true, headers: true, gzip: true }),
    );
    const props = {
      ...moto.connectorConfig(bucket),
      'format.class': Formats.BYTE_ARRAY,
      'record.batch.max.size': '1000',
    };
    const first = startTask(props);
    const before = [...((await first.poll()) ?? []), ...((await first.poll()) ?? [])];
    await first.stop();
    const stored = new Map<string, SourceOffset>();
    for (const record of before)
      stored.set(String(record.sourcePartition?.['folder']), record.sourceOffset as SourceOffset);
    const second = startTask(props, stored);
    t.after(() => second.stop());
    const records = [...before, ...(await drain(second))];
    for (const partition of [0, 1]) {
      const expected = originals.filter((r) => r.partition === partition);
      const got = records.filter((r) => r.kafkaPartition === partition);
      assert.deepEqual(
        got.map((r) => Buffer.from(r.value as Uint8Array)),
        expected.map((r) => r.value),
      );
      assert.deepEqual(
        got.map((r) => Buffer.from(r.key as Uint8Array)),
        expected.map((r) => r.key),
      );
      assert.deepEqual(
        got.map((r) => r.headers.map((h) => h.value)),
        expected.map((r) => r.headers.map((h) => h.value)),
      );
    }
  });

  test('a missing bucket fails with a non-retriable error naming it', async (t) => {
    const task = startTask({ ...moto.connectorConfig('no-such-bucket-here'), 'format.class': Formats.JSON });
    t.after(() => task.stop());
    await assert.rejects(
      task.poll(),
      (e: Error) =>
        e instanceof ConnectError &&
        !(e instanceof RetriableError) &&
        /no-such-bucket-here.*NoSuchBucket/.test(e.message),
    );
  });

  test('an unreachable server is a retriable error (an outage, not a task fault)', async () => {
    const bucket = new S3Bucket('any', {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(
        bucket.list('topics/'),
        (e: Error) => e instanceof RetriableError && /bucket any failed/.test(e.message),
      );
    } finally {
      bucket.close();
    }
  });
});

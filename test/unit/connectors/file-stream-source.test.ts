import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  ExactlyOnceSupport,
  Schemas,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
} from '../../../lib/api/index.js';
import { FileStreamSourceConnector, FileStreamSourceTask } from '../../../lib/connectors/index.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempFile(name: string, content?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fss-'));
  dirs.push(dir);
  const file = join(dir, name);
  if (content !== undefined) await writeFile(file, content);
  return file;
}

async function startTask(
  file: string,
  extra: Record<string, string> = {},
  stored: SourceOffset | null = null,
): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask();
  const reader = {
    offset: async (_p: SourcePartition) => stored,
    offsets: async (ps: readonly SourcePartition[]) => new Map(ps.map((p) => [p, stored])),
  };
  task.initialize({ configs: () => ({}), offsetStorageReader: () => reader });
  await task.start({ file, topic: 'lines', ...extra });
  return task;
}

const values = (records: SourceRecord[] | null) => (records ?? []).map((r) => r.value);
const positions = (records: SourceRecord[] | null) => (records ?? []).map((r) => r.sourceOffset?.['position']);

describe('FileStreamSourceTask', () => {
  test('splits on \\n, \\r\\n and lone \\r, holding back an unterminated last line', async (t) => {
    const file = await tempFile('a.txt', 'one\ntwo\r\nthree\rfour');
    const task = await startTask(file);
    t.after(() => task.stop());
    const records = await task.poll();
    assert.deepEqual(values(records), ['one', 'two', 'three']);
    assert.deepEqual(positions(records), [4, 9, 15]);
    const first = records?.[0];
    assert.equal(first?.topic, 'lines');
    assert.deepEqual(first?.sourcePartition, { filename: file });
    assert.equal(first?.valueSchema, Schemas.STRING);
    assert.equal(first?.key, null);
    assert.equal(first?.kafkaPartition, null);
    assert.equal(typeof first?.timestamp, 'number');
    assert.equal(await task.poll(), null);
    await appendFile(file, '\n');
    assert.deepEqual(values(await task.poll()), ['four']);
  });

  test('a trailing \\r waits for the next byte before deciding', async (t) => {
    const file = await tempFile('cr.txt', 'a\r');
    const task = await startTask(file);
    t.after(() => task.stop());
    assert.equal(await task.poll(), null);
    await appendFile(file, '\nb\n');
    const records = await task.poll();
    assert.deepEqual(values(records), ['a', 'b']);
    assert.deepEqual(positions(records), [3, 5]);
  });

  test('offsets count bytes, so multibyte lines resume exactly', async (t) => {
    const file = await tempFile('utf8.txt', 'é€\n😀\nz\n');
    const task = await startTask(file);
    t.after(() => task.stop());
    const records = await task.poll();
    assert.deepEqual(values(records), ['é€', '😀', 'z']);
    assert.deepEqual(positions(records), [6, 11, 13]);
    const resumed = await startTask(file, {}, { position: 6 });
    t.after(() => resumed.stop());
    assert.deepEqual(values(await resumed.poll()), ['😀', 'z']);
  });

  test('resumes from the stored offset and rejects a non-integer one', async (t) => {
    const file = await tempFile('resume.txt', 'a\nb\nc\n');
    const task = await startTask(file, {}, { position: 4 });
    t.after(() => task.stop());
    const records = await task.poll();
    assert.deepEqual(values(records), ['c']);
    assert.deepEqual(positions(records), [6]);
    const bad = await startTask(file, {}, { position: 'x' });
    await assert.rejects(bad.poll(), { message: 'Offset position is the incorrect type' });
  });

  test('a missing file yields null until it appears', async (t) => {
    const file = await tempFile('later.txt');
    const task = await startTask(file);
    t.after(() => task.stop());
    assert.equal(await task.poll(), null);
    await writeFile(file, 'hello\n');
    assert.deepEqual(values(await task.poll()), ['hello']);
  });

  test('batch.size caps each poll', async (t) => {
    const file = await tempFile('batch.txt', 'a\nb\nc\nd\ne\n');
    const task = await startTask(file, { 'batch.size': '2' });
    t.after(() => task.stop());
    assert.deepEqual(values(await task.poll()), ['a', 'b']);
    assert.deepEqual(values(await task.poll()), ['c', 'd']);
    const last = await task.poll();
    assert.deepEqual(values(last), ['e']);
    assert.deepEqual(positions(last), [10]);
    assert.equal(await task.poll(), null);
  });

  test('reads a million lines in large batches, the last one and its byte position exact', async (t) => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `line number ${i} of the big file`);
    const file = await tempFile('big.txt', `${lines.join('\n')}\n`);
    const task = await startTask(file, { 'batch.size': '100000' });
    t.after(() => task.stop());
    let count = 0;
    let lastValue: unknown;
    let lastPosition: unknown;
    for (let batch = await task.poll(); batch !== null; batch = await task.poll()) {
      count += batch.length;
      lastValue = batch.at(-1)?.value;
      lastPosition = batch.at(-1)?.sourceOffset?.['position'];
    }
    // Throughput is measured by npm run bench (source task alone), not here: a timed unit test only measures the machine's load.
    assert.equal(count, 1_000_000);
    assert.equal(lastValue, 'line number 999999 of the big file');
    assert.equal(lastPosition, Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  test('requires a topic and refuses stdin', async () => {
    await assert.rejects(async () => new FileStreamSourceTask().start({ file: '/tmp/x' }), {
      message: 'Missing required configuration "topic" which has no default value.',
    });
    await assert.rejects(async () => new FileStreamSourceTask().start({ topic: 't' }), /standard input/);
  });
});

describe('FileStreamSourceConnector', () => {
  test('always one task with the connector config', () => {
    const connector = new FileStreamSourceConnector();
    connector.start({ file: '/tmp/f', topic: 't' });
    assert.deepEqual(connector.taskConfigs(5), [{ file: '/tmp/f', topic: 't' }]);
    assert.equal(connector.taskClass(), FileStreamSourceTask);
    assert.equal(connector.version(), '4.3.1');
    assert.equal(FileStreamSourceConnector.className, 'org.apache.kafka.connect.file.FileStreamSourceConnector');
    assert.deepEqual(connector.config().names(), ['file', 'topic', 'batch.size']);
    assert.throws(() => connector.start({ file: '/tmp/f', topic: '' }), {
      message: 'Invalid value  for configuration topic: String must be non-empty',
    });
  });

  test('exactly-once support depends on a file', () => {
    const connector = new FileStreamSourceConnector();
    assert.equal(connector.exactlyOnceSupport({ file: '/tmp/f', topic: 't' }), ExactlyOnceSupport.SUPPORTED);
    assert.equal(connector.exactlyOnceSupport({ topic: 't' }), ExactlyOnceSupport.UNSUPPORTED);
  });

  test("alterOffsets validates with Connect's messages", () => {
    const connector = new FileStreamSourceConnector();
    const config = { file: '/tmp/f', topic: 't' };
    const alter = (offsets: Array<[SourcePartition, SourceOffset | null]>, cfg: Record<string, string> = config) =>
      connector.alterOffsets(cfg, new Map(offsets));
    assert.equal(
      alter([
        [{ filename: '/tmp/f' }, { position: 10 }],
        [{ other: 1 }, null],
      ]),
      true,
    );
    assert.throws(
      () => alter([], { topic: 't' }),
      /^ConnectError: Offsets cannot be modified if the 'file' configuration is unspecified/,
    );
    assert.throws(() => alter([[{ filename: 'f' }, { pos: 1 }]]), {
      message: "Offset objects should either be null or contain the key 'position'",
    });
    assert.throws(() => alter([[{ filename: 'f' }, { position: '1' }]]), {
      message: "The value for the 'position' key in the offset is expected to be a Long value",
    });
    assert.throws(() => alter([[{ filename: 'f' }, { position: -1 }]]), {
      message: "The value for the 'position' key in the offset should be a non-negative value",
    });
    assert.throws(() => alter([[{ file: 'f' }, { position: 1 }]]), {
      message: "Partition objects should contain the key 'filename'",
    });
  });
});

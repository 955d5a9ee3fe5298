import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SchemaBuilder, Schemas, Struct, TimestampType, type SinkRecord } from '../../../lib/api/index.js';
import { FileStreamSinkConnector, FileStreamSinkTask } from '../../../lib/connectors/index.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fsk-'));
  dirs.push(dir);
  return dir;
}

function record(value: unknown, offset = 0): SinkRecord {
  return {
    topic: 't',
    kafkaPartition: 0,
    kafkaOffset: offset,
    keySchema: null,
    key: null,
    valueSchema: null,
    value,
    timestamp: null,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: 't',
    originalKafkaPartition: 0,
    originalKafkaOffset: offset,
  };
}

describe('FileStreamSinkTask', () => {
  test('appends in put (as Connect writes each record) and creates the file', async (t) => {
    const file = join(await tempDir(), 'out.txt');
    const task = new FileStreamSinkTask();
    await task.start({ file });
    t.after(() => task.stop());
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.OPTIONAL_STRING).build();
    assert.equal(await readFile(file, 'utf8'), '', 'start creates the file');
    await task.put([
      record('héllo'),
      record(null, 1),
      record(new Struct(schema).put('a', 1).put('b', 'x'), 2),
      record({ k: 1 }, 3),
    ]);
    assert.equal(await readFile(file, 'utf8'), 'héllo\nnull\nStruct{a=1,b=x}\n{k=1}\n');
    await task.flush(new Map());
    await task.put([record(42, 4)]);
    await task.flush(new Map());
    assert.equal(await readFile(file, 'utf8'), 'héllo\nnull\nStruct{a=1,b=x}\n{k=1}\n42\n');
  });

  test('appends to an existing file and writes what was put on stop', async () => {
    const file = join(await tempDir(), 'out.txt');
    const first = new FileStreamSinkTask();
    await first.start({ file });
    await first.put([record('a')]);
    await first.stop();
    const second = new FileStreamSinkTask();
    await second.start({ file });
    await second.put([record('b')]);
    await second.preCommit(new Map());
    await second.stop();
    assert.equal(await readFile(file, 'utf8'), 'a\nb\n');
  });

  test('fails to start when the file cannot be created', async () => {
    const dir = await tempDir();
    await assert.rejects(new FileStreamSinkTask().start({ file: join(dir, 'missing', 'out.txt') }), {
      name: 'ConnectError',
      message: `Couldn't find or create file '${join(dir, 'missing', 'out.txt')}' for FileStreamSinkTask`,
    });
  });
});

describe('FileStreamSinkConnector', () => {
  test('tasks.max identical tasks; offsets alterable', () => {
    const connector = new FileStreamSinkConnector();
    const props = { file: '/tmp/o', topics: 'a' };
    connector.start(props);
    assert.deepEqual(connector.taskConfigs(3), [props, props, props]);
    assert.equal(connector.taskClass(), FileStreamSinkTask);
    assert.equal(connector.alterOffsets(props, new Map()), true);
    assert.equal(FileStreamSinkConnector.className, 'org.apache.kafka.connect.file.FileStreamSinkConnector');
    assert.deepEqual(connector.config().names(), ['file']);
  });
});

/**
 * `errors.retry.timeout` through whole slices: a transform that fails with a retriable error is retried
 * and every record arrives in order, in source and sink tasks; without retries the task fails
 * ("Tolerance exceeded"), or with `errors.tolerance=all` skips exactly the records that failed.
 * Real stores (embedded dynalite), the memory Kafka, and a test transform registered like any plugin.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigDef } from '../../../lib/api/config-def.js';
import type { ConnectRecord } from '../../../lib/api/connect-record.js';
import { RetriableError } from '../../../lib/api/errors.js';
import type { Transformation } from '../../../lib/api/transformation.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createDefaultRegistry } from '../../../lib/plugins/default-registry.js';
import { PluginType } from '../../../lib/plugins/plugin-type.js';
import { pluginsFrom } from '../../../lib/runtime/plugins.js';
import type { TaskInvocation } from '../../../lib/common/task-invocation.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { State } from '../../../lib/stores/model.js';
import { dataPlane } from '../../helpers/data-plane.js';
import { useDynamo } from '../../helpers/dynamodb.js';

/** Fails every `fail.every`-th call with a retriable error (as a converter whose registry blinks would). */
class FlakyTransform implements Transformation {
  static readonly className = 'test.FlakyTransform';
  static calls = 0;
  private every = 3;
  configure(configs: Readonly<Record<string, string>>): void {
    this.every = Number(configs['fail.every'] ?? '3');
  }
  apply(record: ConnectRecord): ConnectRecord {
    FlakyTransform.calls++;
    if (FlakyTransform.calls % this.every === 0) throw new RetriableError(`flaky call ${FlakyTransform.calls}`);
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  close(): void {}
}

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const FLAKY = {
  transforms: 'flaky',
  'transforms.flaky.type': FlakyTransform.className,
  'errors.retry.delay.max.ms': '1',
};

describe('retries of conversion and transform stages', () => {
  const dynamo = useDynamo();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-retries-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const setup = () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tables);
    const kafka = new MemoryKafka();
    const plugins = pluginsFrom(createDefaultRegistry().register(PluginType.TRANSFORMATION, FlakyTransform));
    const { scheduler, runner, invoked } = dataPlane({ stores, kafka, plugins });
    /** Runs the connector's task 0 once (after a tick) and reports the outcome. */
    const runOnce = async (name: string) => {
      await scheduler.tick();
      const index = invoked.findIndex((i) => i.connector === name);
      assert.ok(index >= 0, `${name} was invoked`);
      return runner.run(invoked.splice(index, 1)[0] as TaskInvocation, 60_000);
    };
    return { stores, kafka, runOnce };
  };

  const lines = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const topicValues = async (kafka: MemoryKafka, topic: string): Promise<string[]> =>
    (await kafka.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 24, maxWaitMs: 0 })).records.map((r) =>
      Buffer.from(r.value ?? []).toString(),
    );

  test('source: with errors.retry.timeout every record arrives, in order, after retries', async () => {
    const { stores, kafka, runOnce } = setup();
    const file = join(dir, 'retry-src.txt');
    await writeFile(file, lines(30, 's').join('\n') + '\n');
    await stores.configs.putConnector(
      'retry-src',
      {
        name: 'retry-src',
        'connector.class': 'FileStreamSource',
        file,
        topic: 'retry-src',
        'value.converter': STRING,
        'key.converter': STRING,
        ...FLAKY,
        'errors.retry.timeout': '10000',
      },
      0,
    );
    const before = FlakyTransform.calls;
    const report = await runOnce('retry-src');
    assert.equal(report.outcome, 'completed', JSON.stringify(report));
    assert.deepEqual(await topicValues(kafka, 'retry-src'), lines(30, 's'));
    assert.ok(
      FlakyTransform.calls - before >= 40,
      `failed calls were retried (${FlakyTransform.calls - before} calls for 30 records)`,
    );
  });

  test('source: without retries a retriable failure fails the task with the tolerance trace', async () => {
    const { stores, runOnce } = setup();
    const file = join(dir, 'noretry-src.txt');
    await writeFile(file, lines(30, 'n').join('\n') + '\n');
    await stores.configs.putConnector(
      'noretry-src',
      {
        name: 'noretry-src',
        'connector.class': 'FileStreamSource',
        file,
        topic: 'noretry-src',
        'value.converter': STRING,
        'key.converter': STRING,
        ...FLAKY,
      },
      0,
    );
    const report = await runOnce('noretry-src');
    assert.equal(report.outcome, 'failed');
    const [status] = await stores.statuses.listTaskStatuses('noretry-src');
    assert.equal(status?.state, State.FAILED);
    // The first line names the Java class Connect would (alerting greps for it); the cause follows.
    assert.match(
      status?.trace ?? '',
      /^org\.apache\.kafka\.connect\.errors\.ConnectException: Tolerance exceeded in error handler\n/,
    );
    assert.match(
      status?.trace ?? '',
      /\nCaused by: org\.apache\.kafka\.connect\.errors\.RetriableException: .*flaky call/,
    );
  });

  test('source: errors.tolerance=all without retries skips exactly the failed records', async () => {
    const { stores, kafka, runOnce } = setup();
    const file = join(dir, 'skip-src.txt');
    await writeFile(file, lines(30, 'k').join('\n') + '\n');
    await stores.configs.putConnector(
      'skip-src',
      {
        name: 'skip-src',
        'connector.class': 'FileStreamSource',
        file,
        topic: 'skip-src',
        'value.converter': STRING,
        'key.converter': STRING,
        ...FLAKY,
        'errors.tolerance': 'all',
      },
      0,
    );
    FlakyTransform.calls = 0;
    const report = await runOnce('skip-src');
    assert.equal(report.outcome, 'completed');
    // Calls 3, 6, 9… fail: records 2, 5, 8… are skipped.
    assert.deepEqual(
      await topicValues(kafka, 'skip-src'),
      lines(30, 'k').filter((_, i) => (i + 1) % 3 !== 0),
    );
  });

  test('sink: with errors.retry.timeout every record reaches the file, in order', async () => {
    const { stores, kafka, runOnce } = setup();
    const expected = lines(40, 'r');
    await kafka.createTopics([{ topic: 'retry-in', numPartitions: 1, replicationFactor: 1 }]);
    await kafka.send(
      expected.map((line) => ({
        topic: 'retry-in',
        partition: 0,
        timestamp: Date.now(),
        key: null,
        value: Buffer.from(line),
        headers: [],
      })),
    );
    const file = join(dir, 'retry-sink.txt');
    await stores.configs.putConnector(
      'retry-sink',
      {
        name: 'retry-sink',
        'connector.class': 'FileStreamSink',
        file,
        topics: 'retry-in',
        'value.converter': STRING,
        'key.converter': STRING,
        ...FLAKY,
        'errors.retry.timeout': '-1',
      },
      0,
    );
    const report = await runOnce('retry-sink');
    assert.equal(report.outcome, 'completed', JSON.stringify(report));
    assert.deepEqual(
      (await readFile(file, 'utf8')).split('\n').filter((l) => l !== ''),
      expected,
    );
    assert.deepEqual(
      (await stores.offsets.getSinkOffsets('retry-sink')).map((o) => o.offset),
      [40],
    );
  });
});

/**
 * Connect's logger names govern what our slices log: setting
 * `org.apache.kafka.connect.runtime.WorkerSinkTask` to DEBUG through the loggers API makes sink slices
 * log at DEBUG from their next slice on, while source slices stay at root's INFO.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loggerInventory, SliceLogger } from '../../../lib/herder/logger-inventory.js';
import { LoggersApi } from '../../../lib/herder/loggers-api.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createDefaultPlugins } from '../../../lib/runtime/plugins.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { dataPlane } from '../../helpers/data-plane.js';
import { useDynamo } from '../../helpers/dynamodb.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

interface Line {
  readonly level: string;
  readonly message: string;
  readonly logger: unknown;
  readonly connector: unknown;
}

describe('slice logging follows the Connect logger levels', () => {
  const dynamo = useDynamo();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-slice-log-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('WorkerSinkTask at DEBUG: sink slices log their DEBUG lines, source slices do not', async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tables);
    const kafka = new MemoryKafka();
    const plugins = createDefaultPlugins();
    const lines: Line[] = [];
    const capture =
      (level: string) =>
      (message: string, details: Record<string, unknown> = {}) =>
        void lines.push({ level, message, logger: details['logger'], connector: details['connector'] });
    const log = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
    const { scheduler, runner, invoked } = dataPlane({
      stores,
      kafka,
      plugins,
      log,
      defaults: { maxRecords: 1000, maxBytes: 1 << 20, maxMs: 2_000, lingerMs: 0 },
      maxHops: 0,
    });

    await kafka.createTopics([{ topic: 'lg-in', numPartitions: 1, replicationFactor: 1 }]);
    const source = join(dir, 'empty.txt');
    await writeFile(source, '');
    await stores.configs.putConnector(
      'lg-sink',
      {
        name: 'lg-sink',
        'connector.class': 'FileStreamSink',
        topics: 'lg-in',
        file: join(dir, 'out.txt'),
        'value.converter': STRING,
        'key.converter': STRING,
      },
      0,
    );
    await stores.configs.putConnector(
      'lg-src',
      {
        name: 'lg-src',
        'connector.class': 'FileStreamSource',
        topic: 'lg-out',
        file: source,
        'value.converter': STRING,
        'key.converter': STRING,
      },
      0,
    );
    await scheduler.tick();
    const sink = invoked.find((i) => i.connector === 'lg-sink');
    const src = invoked.find((i) => i.connector === 'lg-src');
    assert.ok(sink && src, 'both tasks were invoked');

    // Root is INFO: idle slices report only at DEBUG, so nothing is logged.
    assert.equal((await runner.run(sink, 10_000)).outcome, 'completed');
    assert.equal((await runner.run(src, 10_000)).outcome, 'completed');
    assert.deepEqual(
      lines.filter((l) => l.level === 'debug'),
      [],
    );

    const loggers = new LoggersApi(stores.configs, Date.now, loggerInventory(plugins.catalog));
    assert.ok(
      Object.keys(await loggers.all()).includes(SliceLogger.SINK),
      'the inventory lists WorkerSinkTask before any level is set',
    );
    assert.deepEqual(await loggers.set(SliceLogger.SINK, { level: 'DEBUG' }, undefined), [SliceLogger.SINK]);

    assert.equal((await runner.run(sink, 10_000)).outcome, 'completed');
    assert.equal((await runner.run(src, 10_000)).outcome, 'completed');
    const debug = lines.filter((l) => l.level === 'debug');
    assert.ok(debug.length > 0, 'the sink slice logged at DEBUG');
    assert.ok(
      debug.every((l) => l.logger === SliceLogger.SINK && l.connector === 'lg-sink'),
      JSON.stringify(debug),
    );

    // Back to INFO through the namespace (Connect's prefix semantics): DEBUG lines stop again.
    await loggers.set('org.apache.kafka.connect', { level: 'INFO' }, undefined);
    const before = lines.length;
    assert.equal((await runner.run(sink, 10_000)).outcome, 'completed');
    assert.deepEqual(
      lines.slice(before).filter((l) => l.level === 'debug'),
      [],
    );
  });
});

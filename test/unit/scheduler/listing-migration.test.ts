/**
 * Existing deployments have connector items without the listing attributes and statuses in a partition
 * per connector (decision 0024). `GET /connectors?expand=…` must answer exactly as before while they are
 * so, and one tick moves them over: the listing attributes synced, the statuses in the shared partitions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { DynamoTable } from '../../../lib/stores/dynamodb/index.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { toLegacyLayout } from '../../fixtures/legacy-layout.js';
import {
  sinkConfig,
  sourceConfig,
  TEST_WORKER_ID,
  uniqueName,
  useHerderHarness,
} from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('items as stored before the listing answer the same, and one tick moves them over', async () => {
  const prefix = uniqueName('migrate');
  const topic = `${prefix}-t`;
  const kafka = new MemoryKafka();
  await kafka.createTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
  const names = Array.from({ length: 8 }, (_, i) => `${prefix}-${i}`);
  for (const [i, name] of names.entries()) {
    const config =
      i % 2 === 0
        ? sourceConfig({ 'tasks.max': String(1 + (i % 3)) })
        : sinkConfig({ 'tasks.max': '2', topics: topic });
    await h.stores.configs.putConnector(name, { ...config, name }, 0, i === 6 ? 'PAUSED' : 'STARTED');
  }
  const scheduler = new Scheduler({
    stores: h.stores,
    plugins: createTestPluginCatalog(),
    kafka,
    invoker: { invoke: async () => undefined },
    workerId: TEST_WORKER_ID,
    log: quiet,
  });
  await scheduler.tick();
  // What the tasks' first slices write, one of them failed.
  for (const name of names) {
    const count = (await h.stores.configs.getTaskCounts([name])).get(name) ?? 0;
    for (let id = 0; id < count; id++)
      await h.stores.statuses.putTaskStatus(name, {
        id,
        state: name.endsWith('-3') && id === 1 ? 'FAILED' : 'RUNNING',
        ...(name.endsWith('-3') && id === 1 ? { trace: 'java.lang.Exception: boom' } : {}),
        workerId: TEST_WORKER_ID,
        epoch: 1,
        updatedAt: 1,
      });
  }
  const answer = async (): Promise<string[]> =>
    Promise.all(
      ['?expand=status', '?expand=info', '?expand=status&expand=info'].map(async (query) =>
        JSON.stringify(
          Object.entries((await h.call<Record<string, unknown>>('GET', `/connectors${query}`)).body).filter(([name]) =>
            name.startsWith(prefix),
          ),
        ),
      ),
    );
  const expected = await answer();
  assert.equal(JSON.parse(expected[0]!).length, names.length, 'every connector has a status');

  await toLegacyLayout(h.dynamo.client, h.dynamo.tables, h.stores, names);
  const configTable = new DynamoTable(h.dynamo.client, h.dynamo.tables.config);
  const stateTable = new DynamoTable(h.dynamo.client, h.dynamo.tables.state);
  assert.equal((await configTable.get('connectors', names[0]!))?.['taskCount'], undefined, 'old items');
  assert.ok((await stateTable.query(`status#${names[0]}`)).length > 0, 'old status partition');
  assert.deepEqual(await answer(), expected, 'the old items answer the same');

  await scheduler.tick();
  for (const name of names) {
    const item = await configTable.get('connectors', name);
    assert.ok(item?.['connectorClass'] !== undefined, `${name} listed`);
    // A connector paused before it ever ran has no committed set, so no task count to list.
    assert.equal(item['taskCount'] === undefined, name.endsWith('-6'), `${name} task count`);
    assert.deepEqual(await stateTable.query(`status#${name}`), [], `${name} statuses moved`);
  }
  assert.deepEqual(await answer(), expected, 'and so do the moved ones');
});

/**
 * Deleting a connector keeps its offsets (as Connect does), so one re-created under the same name
 * resumes where it was. Offsets are fenced by task-config generation, so this only works if the
 * generation keeps rising across the delete. Driven with the real scheduler on this file's own tables.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { sourceConfig, TEST_WORKER_ID, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** What a source slice does: take the task's lease, then commit an offset fenced by (generation, epoch). */
async function commitAsSlice(name: string, position: number): Promise<void> {
  const tasks = await h.stores.configs.getTaskConfigs(name);
  assert.ok(tasks !== null && tasks.tasks.length === 1, 'the scheduler wrote one task');
  const lease = await h.stores.leases.acquire(name, 0, tasks.generation, `slice-${position}`, 60_000, Date.now());
  assert.ok(lease !== null);
  await h.stores.offsets.putSourceOffsets(name, [{ partition: { file: 'in.txt' }, offset: { position } }], {
    generation: tasks.generation,
    epoch: lease.epoch,
  });
  await h.stores.leases.release(lease);
}

test('a connector re-created under the same name keeps its offsets and can commit new ones', async () => {
  const scheduler = new Scheduler({
    stores: h.stores,
    plugins: createTestPluginCatalog(),
    kafka: new MemoryKafka(),
    invoker: { invoke: async () => undefined },
    workerId: TEST_WORKER_ID,
    log: quiet,
  });
  const name = uniqueName('recreate');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  await scheduler.tick();
  assert.equal(
    (await h.call('PUT', `/connectors/${name}/config`, { body: sourceConfig({ topic: 'changed' }) })).status,
    200,
  );
  await scheduler.tick();
  await commitAsSlice(name, 10);

  assert.equal((await h.call('DELETE', `/connectors/${name}`)).status, 204);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks`)).status, 404);
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  assert.deepEqual(
    (await h.call('GET', `/connectors/${name}`)).body,
    { name, config: { ...sourceConfig(), name }, tasks: [], type: 'source' },
    'no tasks of the old connector show',
  );
  assert.deepEqual(
    (await h.call('GET', `/connectors/${name}/offsets`)).body,
    { offsets: [{ partition: { file: 'in.txt' }, offset: { position: 10 } }] },
    'offsets survive the delete',
  );

  await scheduler.tick();
  const tasks = await h.stores.configs.getTaskConfigs(name);
  assert.deepEqual(
    tasks?.tasks.map((t) => t.config['topic']),
    ['out'],
    'tasks are generated afresh from the new config',
  );
  await commitAsSlice(name, 11);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/offsets`)).body, {
    offsets: [{ partition: { file: 'in.txt' }, offset: { position: 11 } }],
  });
});

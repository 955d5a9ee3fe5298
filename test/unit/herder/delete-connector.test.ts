/**
 * Issue 10, item 7: DELETE removes everything of a connector but its offsets (kept, as Connect keeps
 * them in its offsets topic): statuses, active topics, task configs, and live leases (revoked, so a
 * slice still running is fenced). A name re-created at once shows nothing of the old connector.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { StaleEpochError } from '../../../lib/stores/errors.js';
import { State } from '../../../lib/stores/model.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { sourceConfig, TEST_WORKER_ID, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('a connector re-created at once after DELETE shows no status, tasks or topics of the old one; its slice is fenced', async () => {
  const scheduler = new Scheduler({
    stores: h.stores,
    plugins: createTestPluginCatalog(),
    kafka: new MemoryKafka(),
    invoker: { invoke: async () => undefined },
    workerId: TEST_WORKER_ID,
    log: quiet,
  });
  const name = uniqueName('delete');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  await scheduler.tick();
  // What a running slice leaves behind: a live lease, a RUNNING task status, an active topic, an offset.
  const tasks = await h.stores.configs.getTaskConfigs(name);
  assert.ok(tasks !== null);
  const now = Date.now();
  const lease = await h.stores.leases.acquire(name, 0, tasks.generation, 'old-slice', 60_000, now);
  assert.ok(lease !== null);
  await h.stores.statuses.putTaskStatus(name, {
    id: 0,
    state: State.RUNNING,
    workerId: TEST_WORKER_ID,
    epoch: lease.epoch,
    updatedAt: now,
  });
  await h.stores.topics.recordTopics(name, ['old-topic'], now);
  await h.stores.offsets.putSourceOffsets(name, [{ partition: { file: 'a' }, offset: { position: 7 } }], {
    generation: tasks.generation,
    epoch: lease.epoch,
  });
  assert.equal((await h.call<{ tasks: unknown[] }>('GET', `/connectors/${name}/status`)).body.tasks.length, 1);

  assert.equal((await h.call('DELETE', `/connectors/${name}`)).status, 204);
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);

  assert.equal(
    (await h.call('GET', `/connectors/${name}/status`)).status,
    404,
    'no status until the new connector is reconciled',
  );
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks`)).body, []);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/topics`)).body, { [name]: { topics: [] } });
  assert.deepEqual(await h.stores.statuses.listTaskStatuses(name), []);
  assert.deepEqual(
    (await h.stores.leases.list(name)).filter((l) => l.expiresAt > Date.now()),
    [],
    'no live lease',
  );
  await assert.rejects(h.stores.leases.renew(lease, 60_000, Date.now()), StaleEpochError, 'the old slice cannot renew');
  assert.deepEqual(
    (await h.call('GET', `/connectors/${name}/offsets`)).body,
    { offsets: [{ partition: { file: 'a' }, offset: { position: 7 } }] },
    'offsets stay, as in Connect',
  );

  // The new connector's task takes its lease above the old epoch, so the old slice's writes stay fenced.
  await scheduler.tick();
  const fresh = await h.stores.configs.getTaskConfigs(name);
  assert.ok(fresh !== null && fresh.generation > tasks.generation);
  const next = await h.stores.leases.acquire(name, 0, fresh.generation, 'new-slice', 60_000, Date.now());
  assert.ok(next !== null && next.epoch > lease.epoch);
  await h.stores.statuses.putTaskStatus(name, {
    id: 0,
    state: State.RUNNING,
    workerId: TEST_WORKER_ID,
    epoch: next.epoch,
    updatedAt: Date.now(),
  });
  await assert.rejects(
    h.stores.statuses.putTaskStatus(name, {
      id: 0,
      state: State.FAILED,
      workerId: TEST_WORKER_ID,
      epoch: lease.epoch,
      updatedAt: Date.now(),
    }),
    StaleEpochError,
  );
});

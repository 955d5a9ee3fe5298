/** Pause, resume, stop and the topics endpoints, through the REST API onto the real stores. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceConfig, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

test('pause, resume and stop of an unknown connector are 404 "Unknown connector x"', async () => {
  const name = uniqueName('ghost');
  for (const action of ['pause', 'resume', 'stop']) {
    const res = await h.call('PUT', `/connectors/${name}/${action}`);
    assert.equal(res.status, 404, action);
    assert.deepEqual(res.body, { error_code: 404, message: `Unknown connector ${name}` });
  }
  assert.equal(await h.stores.configs.getConnector(name), null, 'nothing was created');
});

test('pause and resume answer 202 without a body; stop answers 204 and empties the task configs', async () => {
  const name = uniqueName('states');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  await h.stores.configs.putTaskConfigs({
    connector: name,
    generation: 3,
    configVersion: 1,
    tasks: [{ id: 0, config: { topic: 'out' }, partitions: [] }],
  });
  const kicks = h.trigger.count;

  const paused = await h.call('PUT', `/connectors/${name}/pause`);
  assert.deepEqual([paused.status, paused.raw], [202, '']);
  assert.equal((await h.stores.configs.getConnector(name))?.targetState, 'PAUSED');
  assert.equal((await h.call('PUT', `/connectors/${name}/pause`)).status, 202, 'idempotent');

  const resumed = await h.call('PUT', `/connectors/${name}/resume`);
  assert.deepEqual([resumed.status, resumed.raw], [202, '']);
  assert.equal((await h.stores.configs.getConnector(name))?.targetState, 'STARTED');

  const stopped = await h.call('PUT', `/connectors/${name}/stop`);
  assert.deepEqual([stopped.status, stopped.raw], [204, '']);
  assert.equal((await h.stores.configs.getConnector(name))?.targetState, 'STOPPED');
  const tasks = await h.stores.configs.getTaskConfigs(name);
  assert.deepEqual(tasks?.tasks, []);
  assert.ok((tasks?.generation ?? 0) > 3, 'a newer generation fences slices of the old one');
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks`)).body, []);
  assert.equal(h.trigger.count, kicks + 4, 'every change kicks the scheduler');
});

test('topics: an unknown connector has none (200); recorded topics are listed; reset answers 202', async () => {
  const name = uniqueName('topics');
  assert.deepEqual((await h.call('GET', `/connectors/${name}/topics`)).body, { [name]: { topics: [] } });
  await h.stores.topics.recordTopics(name, ['b-topic', 'a-topic'], Date.now());
  const listed = await h.call('GET', `/connectors/${name}/topics`);
  assert.deepEqual(listed, { ...listed, status: 200, body: { [name]: { topics: ['a-topic', 'b-topic'] } } });
  const reset = await h.call('PUT', `/connectors/${name}/topics/reset`);
  assert.deepEqual([reset.status, reset.raw], [202, '']);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/topics`)).body, { [name]: { topics: [] } });
});

/** `PUT`/`PATCH …/config`, `GET` and `DELETE` of one connector, through the REST API onto the real stores. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinkConfig, sourceConfig, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

async function create(name: string, config = sourceConfig()): Promise<void> {
  const res = await h.call('POST', '/connectors', { body: { name, config } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

test('PUT creates (201 + Location), then replaces (200), keeping the target state', async () => {
  const name = uniqueName('put');
  const first = await h.call('PUT', `/connectors/${name}/config`, { body: sourceConfig({ 'batch.size': '5' }) });
  assert.equal(first.status, 201);
  assert.equal(first.headers['Location'], `http://abc123.execute-api.eu-west-1.amazonaws.com/prod/connectors/${name}`);
  assert.deepEqual(first.body, {
    name,
    config: { ...sourceConfig({ 'batch.size': '5' }), name },
    tasks: [],
    type: 'source',
  });
  assert.equal((await h.call('PUT', `/connectors/${name}/pause`)).status, 202);
  const second = await h.call('PUT', `/connectors/${name}/config`, {
    body: { ...sourceConfig({ topic: 'other' }), name },
  });
  assert.equal(second.status, 200);
  assert.equal(second.headers['Location'], undefined);
  assert.deepEqual(
    (await h.call('GET', `/connectors/${name}/config`)).body,
    { ...sourceConfig({ topic: 'other' }), name },
    'replaced, not merged',
  );
  assert.equal((await h.stores.configs.getConnector(name))?.targetState, 'PAUSED');
});

test('PUT checks the name against the URL and validates', async () => {
  const name = uniqueName('put-checks');
  const mismatch = await h.call('PUT', `/connectors/${name}/config`, { body: { ...sourceConfig(), name: 'x' } });
  assert.deepEqual(mismatch.body, {
    error_code: 400,
    message: `Connector name configuration (x) doesn't match connector name in the URL (${name})`,
  });
  const invalid = await h.call('PUT', `/connectors/${name}/config`, {
    body: { 'connector.class': 'TestSink', target: 'db' },
  });
  assert.equal(invalid.status, 400);
  assert.match(
    (invalid.body as { message: string }).message,
    /^Connector configuration is invalid and contains the following 2 error\(s\):\nMust configure one of topics or topics.regex\n/,
  );
  assert.equal(await h.stores.configs.getConnector(name), null);
});

test('PATCH merges: values overwrite, nulls remove keys; the result is validated', async () => {
  const name = uniqueName('patch');
  await create(name, sourceConfig({ 'batch.size': '7', 'errors.log.enable': 'true' }));
  const res = await h.call('PATCH', `/connectors/${name}/config`, {
    body: { topic: 'patched', 'batch.size': null, 'errors.log.enable': null, extra: 1 },
  });
  assert.equal(res.status, 200);
  const expected = { 'connector.class': 'TestSource', topic: 'patched', name, extra: '1' };
  assert.deepEqual(res.body, { name, config: expected, tasks: [], type: 'source' });
  assert.deepEqual((await h.call('GET', `/connectors/${name}/config`)).body, expected);
  const invalid = await h.call('PATCH', `/connectors/${name}/config`, { body: { topic: null } });
  assert.equal(invalid.status, 400);
  assert.match(
    (invalid.body as { message: string }).message,
    /Missing required configuration "topic" which has no default value\./,
  );
  assert.deepEqual(
    (await h.call('GET', `/connectors/${name}/config`)).body,
    expected,
    'an invalid patch changes nothing',
  );
});

test('PATCH of an absent connector is a 404', async () => {
  const name = uniqueName('patch-absent');
  const res = await h.call('PATCH', `/connectors/${name}/config`, { body: { topic: 'x' } });
  assert.deepEqual(res, { ...res, status: 404, body: { error_code: 404, message: `Connector ${name} not found` } });
  assert.equal(await h.stores.configs.getConnector(name), null);
});

test('parallel PATCHes of different keys on one connector all land', async () => {
  const name = uniqueName('parallel');
  await create(name);
  const keys = Array.from({ length: 12 }, (_, i) => `key.${i}`);
  const results = await Promise.all(
    keys.map((key) => h.call('PATCH', `/connectors/${name}/config`, { body: { [key]: `value-${key}` } })),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    keys.map(() => 200),
    JSON.stringify(results.filter((r) => r.status !== 200).map((r) => r.body)),
  );
  const config = (await h.call<Record<string, string>>('GET', `/connectors/${name}/config`)).body;
  for (const key of keys) assert.equal(config[key], `value-${key}`, `${key} was lost`);
  assert.equal((await h.stores.configs.getConnector(name))?.version, 1 + keys.length);
});

test('GET of an absent connector, its config and its tasks are 404s', async () => {
  const name = uniqueName('absent');
  for (const path of [`/connectors/${name}`, `/connectors/${name}/config`, `/connectors/${name}/tasks`]) {
    const res = await h.call('GET', path);
    assert.equal(res.status, 404, path);
    assert.deepEqual(res.body, { error_code: 404, message: `Connector ${name} not found` });
  }
});

test('GET shows the tasks of the committed task-config set', async () => {
  const name = uniqueName('with-tasks');
  await create(name, sinkConfig({ 'tasks.max': '2' }));
  await h.stores.configs.putTaskConfigs({
    connector: name,
    generation: 1,
    configVersion: 1,
    tasks: [0, 1].map((id) => ({
      id,
      config: { target: 'db', 'task.class': 'org.example.test.TestSinkTask', topics: 'in' },
      partitions: [],
    })),
  });
  const info = await h.call('GET', `/connectors/${name}`);
  assert.deepEqual(info.body, {
    name,
    config: { ...sinkConfig({ 'tasks.max': '2' }), name },
    tasks: [
      { connector: name, task: 0 },
      { connector: name, task: 1 },
    ],
    type: 'sink',
  });
  const tasks = await h.call('GET', `/connectors/${name}/tasks`);
  const taskConfig = { target: 'db', 'task.class': 'org.example.test.TestSinkTask', topics: 'in' };
  assert.deepEqual(tasks.body, [
    { id: { connector: name, task: 0 }, config: taskConfig },
    { id: { connector: name, task: 1 }, config: taskConfig },
  ]);
  // Deprecated in 3.7 and gone in Connect 4.x, where it is an unknown route.
  const legacy = await h.call('GET', `/connectors/${name}/tasks-config`);
  assert.deepEqual([legacy.status, legacy.body], [404, { error_code: 404, message: 'HTTP 404 Not Found' }]);
});

test('DELETE answers 204, removes config and statuses, retires the tasks, keeps offsets; again it is a 404', async () => {
  const name = uniqueName('delete');
  await create(name);
  await h.stores.configs.putTaskConfigs({
    connector: name,
    generation: 1,
    configVersion: 1,
    tasks: [{ id: 0, config: {}, partitions: [] }],
  });
  await h.stores.statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w', generation: 1 });
  await h.stores.statuses.putTaskStatus(name, { id: 0, state: 'RUNNING', workerId: 'w', epoch: 1, updatedAt: 1 });
  await h.stores.offsets.putSourceOffsets(name, [{ partition: { f: 1 }, offset: { p: 2 } }], null);
  const kicks = h.trigger.count;
  const res = await h.call('DELETE', `/connectors/${name}`);
  assert.equal(res.status, 204);
  assert.equal(res.raw, '');
  assert.equal(h.trigger.count, kicks + 1);
  assert.equal(await h.stores.configs.getConnector(name), null);
  assert.deepEqual(
    await h.stores.configs.getTaskConfigs(name),
    { connector: name, generation: 2, configVersion: -1, tasks: [] },
    'a newer, empty generation',
  );
  assert.equal(await h.stores.statuses.getConnectorStatus(name), null);
  assert.deepEqual(await h.stores.statuses.listTaskStatuses(name), []);
  assert.equal((await h.stores.offsets.getSourceOffsets(name)).length, 1);
  assert.ok(!(await h.call<string[]>('GET', '/connectors')).body.includes(name));
  const again = await h.call('DELETE', `/connectors/${name}`);
  assert.deepEqual(again.body, { error_code: 404, message: `Connector ${name} not found` });
});

/**
 * Statuses, restart plans and `expand`, through the REST API onto the real stores. Statuses are written
 * directly through the stores, standing in for the scheduler and the task slices.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceConfig, TEST_WORKER_ID, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const CONNECTOR_TRACE = 'ConnectError: connector boom\n    at start (connector.ts:1:1)';
const TASK_TRACE = 'Error: task boom\n    at poll (task.ts:2:2)';

/**
 * A source connector with two tasks: the connector and task 0 FAILED, task 1 RUNNING. Each task status
 * carries the lease epoch of the slice that wrote it, as the worker's are.
 */
async function failedConnector(name: string): Promise<void> {
  assert.equal(
    (await h.call('POST', '/connectors', { body: { name, config: sourceConfig({ 'tasks.max': '2' }) } })).status,
    201,
  );
  await h.stores.configs.putTaskConfigs({
    connector: name,
    generation: 1,
    configVersion: 1,
    tasks: [0, 1].map((id) => ({ id, config: { topic: 'out' }, partitions: [] })),
  });
  await h.stores.statuses.putConnectorStatus(name, {
    state: 'FAILED',
    trace: CONNECTOR_TRACE,
    workerId: 'w1:8083',
    generation: 1,
  });
  const epochOf = async (task: number): Promise<number> =>
    (await h.stores.leases.acquire(name, task, 1, `slice-${task}`, 60_000, Date.now()))?.epoch ?? -1;
  await h.stores.statuses.putTaskStatus(name, {
    id: 0,
    state: 'FAILED',
    trace: TASK_TRACE,
    workerId: 'w1:8083',
    epoch: await epochOf(0),
    updatedAt: 1,
  });
  await h.stores.statuses.putTaskStatus(name, {
    id: 1,
    state: 'RUNNING',
    workerId: 'w2:8083',
    epoch: await epochOf(1),
    updatedAt: 1,
  });
}

/** The test plugin's version, shown in statuses as Connect 4.1+ does (KAFKA-18988). */
const VERSION = '0.0.1-test';

const statusBody = (name: string, connectorState: string, task0: string, task1: string) => ({
  name,
  connector: { state: connectorState, worker_id: 'w1:8083', version: VERSION, trace: CONNECTOR_TRACE },
  tasks: [
    { id: 0, state: task0, worker_id: 'w1:8083', version: VERSION, trace: TASK_TRACE },
    { id: 1, state: task1, worker_id: 'w2:8083', version: VERSION },
  ],
  type: 'source',
});

test("status is a 404 until the first status write, then Connect's ConnectorStateInfo", async () => {
  const name = uniqueName('status');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/status`)).body, {
    error_code: 404,
    message: `No status found for connector ${name}`,
  });
  await failedConnector(`${name}-2`);
  await h.stores.statuses.putTaskStatus(`${name}-2`, {
    id: 5,
    state: 'RUNNING',
    workerId: 'w',
    epoch: 1,
    updatedAt: 1,
  });
  const res = await h.call('GET', `/connectors/${name}-2/status`);
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body,
    statusBody(`${name}-2`, 'FAILED', 'FAILED', 'RUNNING'),
    'tasks outside the current set are not shown',
  );
  const unknown = await h.call('GET', `/connectors/${uniqueName('none')}/status`);
  assert.equal(unknown.status, 404);
});

test('task status: 200 with trace only when set, 404 for unknown tasks, HTTP 404 for a non-integer id', async () => {
  const name = uniqueName('task-status');
  await failedConnector(name);
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks/0/status`)).body, {
    id: 0,
    state: 'FAILED',
    worker_id: 'w1:8083',
    version: VERSION,
    trace: TASK_TRACE,
  });
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks/1/status`)).body, {
    id: 1,
    state: 'RUNNING',
    worker_id: 'w2:8083',
    version: VERSION,
  });
  assert.deepEqual((await h.call('GET', `/connectors/${name}/tasks/7/status`)).body, {
    error_code: 404,
    message: `No status found for task ${name}-7`,
  });
  for (const bad of ['abc', '1.5', '0x1']) {
    assert.deepEqual(
      (await h.call('GET', `/connectors/${name}/tasks/${bad}/status`)).body,
      { error_code: 404, message: 'HTTP 404 Not Found' },
      bad,
    );
  }
});

test('restart without options answers 204 and records a plain restart request', async () => {
  const name = uniqueName('restart-plain');
  await failedConnector(name);
  for (const query of ['', '?includeTasks=false&onlyFailed=false', '?includeTasks=yes']) {
    const res = await h.call('POST', `/connectors/${name}/restart${query}`);
    assert.deepEqual([res.status, res.raw], [204, ''], query);
  }
  const restart = (await h.stores.configs.getConnector(name))?.restart;
  assert.deepEqual({ ...restart, id: typeof restart?.id }, { id: 'string', includeTasks: false, onlyFailed: false });
});

test('restart with includeTasks and onlyFailed answers 202 with the failed parts RESTARTING', async () => {
  const name = uniqueName('restart-failed');
  await failedConnector(name);
  const kicks = h.trigger.count;
  const res = await h.call('POST', `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
  assert.equal(res.status, 202);
  assert.deepEqual(res.body, statusBody(name, 'RESTARTING', 'RESTARTING', 'RUNNING'));
  assert.equal(h.trigger.count, kicks + 1);
  const restart = (await h.stores.configs.getConnector(name))?.restart;
  assert.equal(restart?.includeTasks, true);
  assert.equal(restart?.onlyFailed, true);
});

test('restart plans: includeTasks alone restarts everything; onlyFailed alone only a failed connector', async () => {
  const name = uniqueName('restart-plans');
  await failedConnector(name);
  assert.deepEqual(
    (await h.call('POST', `/connectors/${name}/restart?includeTasks=TRUE`)).body,
    statusBody(name, 'RESTARTING', 'RESTARTING', 'RESTARTING'),
  );
  assert.deepEqual(
    (await h.call('POST', `/connectors/${name}/restart?onlyFailed=true`)).body,
    statusBody(name, 'RESTARTING', 'FAILED', 'RUNNING'),
  );
  await h.stores.statuses.putConnectorStatus(name, {
    state: 'RUNNING',
    workerId: 'w1:8083',
    generation: 2,
    trace: CONNECTOR_TRACE,
  });
  const nothingDue = await h.call('POST', `/connectors/${name}/restart?onlyFailed=true&includeTasks=false`);
  assert.equal(nothingDue.status, 202);
  assert.deepEqual(
    nothingDue.body,
    statusBody(name, 'RUNNING', 'FAILED', 'RUNNING'),
    'nothing qualifies: still 202, states unchanged',
  );
});

test('restart errors: unknown connector, and a connector without status when a plan is asked for', async () => {
  const name = uniqueName('restart-errors');
  for (const query of ['', '?includeTasks=true']) {
    assert.deepEqual((await h.call('POST', `/connectors/${name}/restart${query}`)).body, {
      error_code: 404,
      message: `Unknown connector: ${name}`,
    });
  }
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  assert.deepEqual((await h.call('POST', `/connectors/${name}/restart?onlyFailed=true`)).body, {
    error_code: 404,
    message: `Status for connector ${name} not found`,
  });
  assert.equal((await h.stores.configs.getConnector(name))?.restart, null, 'no request was recorded');
});

test('task restart: 204 marks the task RESTARTING; unknown connector or task are 404s', async () => {
  const name = uniqueName('task-restart');
  assert.deepEqual((await h.call('POST', `/connectors/${name}/tasks/0/restart`)).body, {
    error_code: 404,
    message: `Unknown connector: ${name}`,
  });
  await failedConnector(name);
  assert.deepEqual((await h.call('POST', `/connectors/${name}/tasks/9/restart`)).body, {
    error_code: 404,
    message: `Unknown task: ${name}-9`,
  });
  assert.equal((await h.call('POST', `/connectors/${name}/tasks/x/restart`)).status, 404);
  const res = await h.call('POST', `/connectors/${name}/tasks/0/restart`);
  assert.deepEqual([res.status, res.raw], [204, '']);
  const task = (await h.stores.statuses.listTaskStatuses(name)).find((t) => t.id === 0);
  assert.equal(task?.state, 'RESTARTING');
  assert.equal(task?.workerId, TEST_WORKER_ID);
});

test('expand: status and info per connector; a connector without status is left out; unknown values ignored', async () => {
  const withStatus = uniqueName('expand-a');
  const without = uniqueName('expand-b');
  await failedConnector(withStatus);
  assert.equal((await h.call('POST', '/connectors', { body: { name: without, config: sourceConfig() } })).status, 201);
  type Expanded = Record<string, Record<string, unknown>>;

  const both = (await h.call<Expanded>('GET', '/connectors?expand=status&expand=info')).body;
  assert.deepEqual(both[withStatus], {
    status: statusBody(withStatus, 'FAILED', 'FAILED', 'RUNNING'),
    info: {
      name: withStatus,
      config: { ...sourceConfig({ 'tasks.max': '2' }), name: withStatus },
      tasks: [
        { connector: withStatus, task: 0 },
        { connector: withStatus, task: 1 },
      ],
      type: 'source',
    },
  });
  assert.equal(both[without], undefined, 'no status yet: left out of the map');

  const info = (await h.call<Expanded>('GET', '/connectors?expand=info')).body;
  assert.deepEqual(Object.keys(info[without] ?? {}), ['info']);
  const statusOnly = (await h.call<Expanded>('GET', '/connectors?expand=status')).body;
  assert.deepEqual(Object.keys(statusOnly[withStatus] ?? {}), ['status']);
  assert.equal(statusOnly[without], undefined);
  const combined = (await h.call<Expanded>('GET', '/connectors?expand=status,info')).body;
  assert.deepEqual([combined[withStatus], combined[without]], [{}, {}], '"status,info" is one unknown value');
});

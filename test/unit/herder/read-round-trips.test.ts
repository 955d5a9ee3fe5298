/**
 * What the read paths of the REST API cost in DynamoDB calls and round trips. With 50 concurrent
 * clients the local stack's REST latency is its CPU per request (decision 0004), and every SDK call
 * is a large part of it; on AWS every sequential round trip adds DynamoDB's latency. A call started
 * after another one finished counts as a new round trip (it may have waited for it).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Herder } from '../../../lib/herder/herder.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import type { Stores } from '../../../lib/stores/ports.js';
import { createLocalDynamoClient } from '../../../local/dynamodb/index.js';
import { CountingSchedulerTrigger } from '../../fixtures/counting-scheduler-trigger.js';
import { sourceConfig, uniqueName } from '../../fixtures/herder-harness.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { useDynamo } from '../../helpers/dynamodb.js';

type CallEvent = { readonly kind: 'start' | 'end'; readonly command: string };

const dynamo = useDynamo();
let client: DynamoDBClient | undefined;
let events: CallEvent[] = [];
let built: { stores: Stores; herder: Herder } | undefined;

/** Built on first use: `useDynamo`'s hook has run by then. */
function setup(): { stores: Stores; herder: Herder } {
  if (built !== undefined) return built;
  client = createLocalDynamoClient(dynamo.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context['commandName']).replace(/Command$/, '');
      events.push({ kind: 'start', command });
      try {
        return await next(args);
      } finally {
        events.push({ kind: 'end', command });
      }
    },
    { step: 'initialize', priority: 'high', name: 'roundTripRecorder' },
  );
  const stores = createDynamoStores(client, dynamo.tables);
  built = {
    stores,
    herder: new Herder({
      stores,
      plugins: createTestPluginCatalog(),
      scheduler: new CountingSchedulerTrigger(),
      workerId: 'w:1',
      clusterId: async () => 'c',
    }),
  };
  return built;
}

after(() => client?.destroy());

/** Runs `read` and returns the DynamoDB calls it made (sorted) and its round trips. */
async function measure(read: () => Promise<unknown>): Promise<{ calls: string[]; roundTrips: number }> {
  events = [];
  await read();
  let roundTrips = 0;
  let previous: CallEvent['kind'] = 'end';
  for (const event of events) {
    if (event.kind === 'start' && previous === 'end') roundTrips++;
    previous = event.kind;
  }
  return {
    calls: events
      .filter((e) => e.kind === 'start')
      .map((e) => e.command)
      .sort(),
    roundTrips,
  };
}

/** A RUNNING connector with `tasks` RUNNING tasks, written straight into the stores. */
async function runningConnector(name: string, tasks: number): Promise<void> {
  const { stores } = setup();
  await stores.configs.putConnector(name, { ...sourceConfig(), name }, 0);
  await stores.configs.putTaskConfigs({
    connector: name,
    generation: 1,
    configVersion: 1,
    tasks: Array.from({ length: tasks }, (_, id) => ({ id, config: { 'task.class': 'T' }, partitions: [] })),
  });
  await stores.statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w:1', generation: 1 });
  for (let id = 0; id < tasks; id++)
    await stores.statuses.putTaskStatus(name, { id, state: 'RUNNING', workerId: 'w:1', epoch: 1, updatedAt: 1 });
}

test('GET /connectors/{n}/status: two calls in one round trip', async () => {
  const name = uniqueName('rt-status');
  await runningConnector(name, 2);
  const { herder } = setup();
  let status: Awaited<ReturnType<Herder['connectorStatus']>> | undefined;
  const cost = await measure(async () => (status = await herder.connectorStatus(name)));
  assert.deepEqual(cost, { calls: ['BatchGetItem', 'Query'], roundTrips: 1 });
  assert.deepEqual(
    status?.tasks.map((t) => t.state),
    ['RUNNING', 'RUNNING'],
    'and the answer is complete',
  );
});

test('GET /connectors/{n}/tasks/{t}/status and GET /connectors/{n}: one round trip each', async () => {
  const name = uniqueName('rt-task');
  await runningConnector(name, 3);
  const { herder } = setup();
  assert.deepEqual(await measure(() => herder.taskStatus(name, 2)), {
    calls: ['BatchGetItem', 'Query'],
    roundTrips: 1,
  });
  assert.deepEqual(await measure(() => herder.connectorInfo(name)), { calls: ['BatchGetItem'], roundTrips: 1 });
  assert.deepEqual(
    (await herder.connectorInfo(name)).tasks.map((t) => t.task),
    [0, 1, 2],
  );
});

test('GET /connectors: one Query that reads names only', async () => {
  const name = uniqueName('rt-list');
  await runningConnector(name, 1);
  const { herder } = setup();
  let names: string[] = [];
  assert.deepEqual(await measure(async () => (names = await herder.connectorNames())), {
    calls: ['Query'],
    roundTrips: 1,
  });
  assert.ok(names.includes(name));
});

test('GET /connectors?expand=status&expand=info: two round trips and batched reads whatever the number of connectors', async () => {
  const names = Array.from({ length: 6 }, () => uniqueName('rt-expand'));
  for (const name of names) await runningConnector(name, 2);
  const { stores, herder } = setup();
  const all = await stores.configs.listConnectorNames();
  let expanded: Record<string, Record<string, unknown>> = {};
  const cost = await measure(async () => (expanded = await herder.expandedConnectors({ status: true, info: true })));
  // The list, whose items carry the task counts (decision 0024), then the statuses (100 items per
  // BatchGetItem: the connector's and one per task; this file's connectors have at most 3), never one
  // read per connector and no commit items.
  assert.equal(cost.roundTrips, 2);
  const batches = Math.ceil((all.length * 4) / 100);
  assert.ok(cost.calls.filter((c) => c === 'BatchGetItem').length <= batches, JSON.stringify(cost.calls));
  assert.deepEqual(
    cost.calls.filter((c) => c !== 'BatchGetItem'),
    ['Query'],
    'one Query: the list',
  );
  for (const name of names)
    assert.ok(expanded[name]?.['status'] !== undefined && expanded[name]?.['info'] !== undefined, name);
});

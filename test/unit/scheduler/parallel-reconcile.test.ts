/**
 * The scheduler reconciles connectors side by side (decision 0024). What must not change with it: each
 * task is started once per tick with the generation that is stored, sink partitions are dealt as
 * before, racing ticks (a REST kick beside the timer) leave one complete task-config set per connector,
 * and one connector's failure never holds up or fails the others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PluginCatalog } from '../../../lib/herder/plugin-catalog.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { assignPartitions, partitionsOf } from '../../../lib/scheduler/assignment.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import type { TaskInvocation } from '../../../lib/scheduler/invocation.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { createLocalDynamoClient } from '../../../local/dynamodb/index.js';
import { TestSourceConnector } from '../../fixtures/test-connectors.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import {
  sinkConfig,
  sourceConfig,
  TEST_WORKER_ID,
  uniqueName,
  useHerderHarness,
} from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An invoker that stays busy for a few turns of the event loop, and records its peak concurrency. */
function slowInvoker(): { invoke: (i: TaskInvocation) => Promise<void>; calls: TaskInvocation[]; peak: () => number } {
  const calls: TaskInvocation[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    calls,
    peak: () => peak,
    invoke: async (invocation) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      calls.push(invocation);
      inFlight--;
    },
  };
}

/** A Kafka with the sinks' topics, counting metadata requests. */
async function kafkaWithTopics(
  topics: readonly string[],
): Promise<{ kafka: MemoryKafka; metadataRequests: () => number }> {
  const kafka = new MemoryKafka();
  await kafka.createTopics(topics.map((topic) => ({ topic, numPartitions: 4, replicationFactor: 1 })));
  let requests = 0;
  const partitionCounts = kafka.partitionCounts.bind(kafka);
  kafka.partitionCounts = async (names) => {
    requests++;
    return partitionCounts(names);
  };
  return { kafka, metadataRequests: () => requests };
}

/** Connectors written as the herder writes them: even ones sources, odd ones sinks, two tasks each. */
async function seed(prefix: string, count: number, topics: readonly string[]): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  for (const [i, name] of names.entries()) {
    const config =
      i % 2 === 0
        ? sourceConfig({ 'tasks.max': '2' })
        : sinkConfig({ 'tasks.max': '2', topics: topics[i % topics.length]! });
    await h.stores.configs.putConnector(name, { ...config, name }, 0);
  }
  return names;
}

test('40 connectors at most 8 at a time: every task started once with the stored generation; sinks dealt their partitions; one metadata request', async () => {
  const prefix = uniqueName('par');
  const topics = [`${prefix}-t1`, `${prefix}-t2`, `${prefix}-t3`];
  const { kafka, metadataRequests } = await kafkaWithTopics(topics);
  const names = await seed(prefix, 40, topics);
  const invoker = slowInvoker();
  const scheduler = new Scheduler({
    stores: h.stores,
    plugins: createTestPluginCatalog(),
    kafka,
    invoker,
    workerId: TEST_WORKER_ID,
    log: quiet,
    concurrency: 8,
  });
  const report = await scheduler.tick();
  const ours = invoker.calls.filter((c) => c.connector.startsWith(prefix));
  assert.equal(ours.length, 80, 'two tasks per connector');
  assert.ok(invoker.peak() > 1 && invoker.peak() <= 8, `peak concurrency ${invoker.peak()}`);
  assert.ok(report.connectors >= 40 && report.failures === 0, JSON.stringify(report));
  assert.equal(metadataRequests(), 1, 'the named sink topics are asked for once per tick');
  for (const [i, name] of names.entries()) {
    const set = await h.stores.configs.getTaskConfigs(name);
    assert.ok(set !== null, name);
    const started = ours.filter((c) => c.connector === name);
    assert.deepEqual(started.map((c) => c.task).sort(), [0, 1], `${name}: each task once`);
    assert.ok(
      started.every((c) => c.generation === set.generation),
      `${name}: the generation stored`,
    );
    const expected =
      i % 2 === 1 ? assignPartitions(partitionsOf(new Map([[topics[i % 3]!, 4]]), [topics[i % 3]!]), 2) : [[], []];
    assert.deepEqual(
      set.tasks.map((t) => t.partitions),
      expected,
      `${name}: partitions`,
    );
    assert.equal((await h.stores.statuses.getConnectorStatus(name))?.state, 'RUNNING');
  }
});

test('two ticks racing (a kick beside the timer) leave one complete set per connector, and the next tick changes nothing', async () => {
  const prefix = uniqueName('race');
  const topics = [`${prefix}-t`];
  const { kafka } = await kafkaWithTopics(topics);
  const names = await seed(prefix, 30, topics);
  const make = (): Scheduler =>
    new Scheduler({
      stores: h.stores,
      plugins: createTestPluginCatalog(),
      kafka,
      invoker: slowInvoker(),
      workerId: TEST_WORKER_ID,
      log: quiet,
      concurrency: 6,
    });
  const reports = await Promise.all([make().tick(), make().tick()]);
  assert.ok(
    reports.every((r) => r.failures === 0),
    JSON.stringify(reports),
  );
  const generations = new Map<string, number>();
  for (const name of names) {
    const set = await h.stores.configs.getTaskConfigs(name);
    assert.ok(set !== null && set.tasks.length === 2, `${name}: one complete committed set`);
    generations.set(name, set.generation);
  }
  await make().tick();
  for (const name of names)
    assert.equal(
      (await h.stores.configs.getTaskConfigs(name))?.generation,
      generations.get(name),
      `${name}: unchanged`,
    );
});

class ExplodingSource extends TestSourceConnector {
  override start(): void {
    throw new Error('this connector is broken on purpose');
  }
}

test('a failing connector is marked FAILED without holding up or failing the others', async () => {
  const prefix = uniqueName('fail');
  const catalog = createTestPluginCatalog();
  const plugins: PluginCatalog = {
    ...catalog,
    connector: (name) =>
      name === 'Exploding'
        ? { ...catalog.connector('TestSource'), create: () => new ExplodingSource() }
        : catalog.connector(name),
  };
  const names = await seed(prefix, 12, [`${prefix}-t`]);
  const broken = `${prefix}-broken`;
  await h.stores.configs.putConnector(broken, { 'connector.class': 'Exploding', topic: 'x', name: broken }, 0);
  const { kafka } = await kafkaWithTopics([`${prefix}-t`]);
  const invoker = slowInvoker();
  try {
    await new Scheduler({
      stores: h.stores,
      plugins,
      kafka,
      invoker,
      workerId: TEST_WORKER_ID,
      log: quiet,
      concurrency: 4,
    }).tick();
  } finally {
    // The tables are shared by the file's tests: the broken one would fail their ticks.
    await h.stores.configs.deleteConnector(broken);
  }
  const status = await h.stores.statuses.getConnectorStatus(broken);
  assert.equal(status?.state, 'FAILED');
  assert.match(status?.trace ?? '', /broken on purpose/);
  for (const name of names)
    assert.equal(invoker.calls.filter((c) => c.connector === name).length, 2, `${name} started`);
  assert.equal(invoker.calls.filter((c) => c.connector === broken).length, 0);
});

test('a steady tick reads with batched calls: the list, the shared status partitions, no read per connector; it starts every task again', async () => {
  const prefix = uniqueName('steady');
  const topics = [`${prefix}-t`];
  const { kafka } = await kafkaWithTopics(topics);
  const names = await seed(prefix, 30, topics);
  const invoker = slowInvoker();
  // A client of its own, counting its commands (a client resolves its middleware once).
  const commands: string[] = [];
  let counting = false;
  const client = createLocalDynamoClient(h.dynamo.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) commands.push(String(context['commandName']));
      return next(args);
    },
    { step: 'initialize', name: 'commandCounter' },
  );
  const scheduler = new Scheduler({
    stores: createDynamoStores(client, h.dynamo.tables),
    plugins: createTestPluginCatalog(),
    kafka,
    invoker,
    workerId: TEST_WORKER_ID,
    log: quiet,
  });
  try {
    await scheduler.tick();
    invoker.calls.length = 0;
    counting = true;
    await scheduler.tick();
  } finally {
    client.destroy();
  }
  const count = (command: string): number => commands.filter((c) => c === command).length;
  // The list, then the statuses: by key (BatchGetItem) for few connectors, or one Query per shared status
  // partition (16, decision 0024) once the table holds 64 or more (this file's tests add up to that).
  assert.ok([1, 1 + 16].includes(count('QueryCommand')), JSON.stringify(commands));
  assert.equal(count('GetItemCommand'), 0);
  assert.ok(count('BatchGetItemCommand') <= 12, `${count('BatchGetItemCommand')} BatchGetItems`);
  assert.equal(commands.length, count('QueryCommand') + count('BatchGetItemCommand'), 'and no writes: nothing changed');
  for (const connector of names)
    assert.equal(invoker.calls.filter((c) => c.connector === connector).length, 2, connector);
});

test('when the batched reads fail, every connector reads its own state and is reconciled all the same', async () => {
  const prefix = uniqueName('fallback');
  const topics = [`${prefix}-t`];
  const { kafka } = await kafkaWithTopics(topics);
  const names = await seed(prefix, 10, topics);
  const invoker = slowInvoker();
  const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
    name: 'ThrottlingException',
  });
  const stores = {
    ...h.stores,
    statuses: Object.assign(Object.create(h.stores.statuses) as typeof h.stores.statuses, {
      getStatusesOf: async () => Promise.reject(throttled),
    }),
  };
  const warnings: string[] = [];
  const log = {
    ...quiet,
    warn: (message: string, details?: unknown) => void warnings.push(message + JSON.stringify(details)),
  };
  const scheduler = new Scheduler({
    stores,
    plugins: createTestPluginCatalog(),
    kafka,
    invoker,
    workerId: TEST_WORKER_ID,
    log,
  });
  await scheduler.tick();
  invoker.calls.length = 0;
  const report = await scheduler.tick();
  assert.equal(report.failures, 0, JSON.stringify(warnings));
  assert.ok(
    warnings.some((w) => /batched reads failed/.test(w)),
    JSON.stringify(warnings),
  );
  for (const connector of names)
    assert.equal(invoker.calls.filter((c) => c.connector === connector).length, 2, connector);
});

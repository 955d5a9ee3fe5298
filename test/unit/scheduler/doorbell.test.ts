/**
 * The doorbell (`latency.mode=doorbell`, decision 0023): the reconcile of the doorbell function's Kafka
 * event source mappings (create, delete, topic changes, regex sinks, foreign mappings, errors as weather),
 * the mapping input for each kind of deployment, the Kafka event's topics, and the wake that starts a
 * doorbell sink's idle tasks and leaves a task with a live slice alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createMappingInput } from '../../../lib/runtime/doorbell-mappings.js';
import {
  DOORBELL_GROUP_PREFIX,
  doorbellGroupId,
  reconcileDoorbellMappings,
  ringsFor,
  topicsOfKafkaEvent,
  type DoorbellMapping,
  type EventSourceMappingsPort,
  type MappingSpec,
} from '../../../lib/scheduler/doorbell.js';
import type { TaskInvocation } from '../../../lib/scheduler/invocation.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import type { ConnectorRecord } from '../../../lib/stores/model.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import {
  sinkConfig,
  sourceConfig,
  TEST_WORKER_ID,
  uniqueName,
  useHerderHarness,
} from '../../fixtures/herder-harness.js';

/** The Lambda API as an in-memory fake: mappings by UUID, calls recorded, failures injectable. */
class FakeMappings implements EventSourceMappingsPort {
  readonly mappings = new Map<string, DoorbellMapping>();
  readonly calls: string[] = [];
  failList = false;
  failCreate: (spec: MappingSpec) => boolean = () => false;
  failDelete: (uuid: string) => boolean = () => false;
  #next = 0;

  add(mapping: Omit<DoorbellMapping, 'uuid'>): string {
    const uuid = `m-${this.#next++}`;
    this.mappings.set(uuid, { uuid, ...mapping });
    return uuid;
  }

  async list(): Promise<DoorbellMapping[]> {
    this.calls.push('list');
    if (this.failList) throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    return [...this.mappings.values()];
  }

  async create(spec: MappingSpec): Promise<void> {
    this.calls.push(`create ${spec.topic}`);
    if (this.failCreate(spec)) throw Object.assign(new Error('conflict'), { name: 'ResourceConflictException' });
    this.add({ topic: spec.topic, groupId: spec.groupId, state: 'Creating' });
  }

  async delete(uuid: string): Promise<void> {
    this.calls.push(`delete ${uuid}`);
    if (this.failDelete(uuid)) throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
    this.mappings.delete(uuid);
  }

  /** The (group, topic) pairs of the mappings of `group`. */
  of(group: string): string[] {
    return [...this.mappings.values()]
      .filter((m) => m.groupId === group)
      .map((m) => m.topic ?? '')
      .sort();
  }
}

function recordingLog(): { info: () => void; warn: (m: string) => void; error: () => void; warnings: string[] } {
  const warnings: string[] = [];
  return { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined, warnings };
}

describe('reconcileDoorbellMappings', () => {
  const g1 = doorbellGroupId('one');
  const g2 = doorbellGroupId('two');

  test('creates the missing mappings, deletes unwanted and duplicate ones, leaves mappings of other groups and deleting ones alone', async () => {
    const port = new FakeMappings();
    const keep = port.add({ topic: 'a', groupId: g1, state: 'Enabled' });
    const duplicate = port.add({ topic: 'a', groupId: g1, state: 'Creating' });
    const unwanted = port.add({ topic: 'old', groupId: g1, state: 'Enabled' });
    const foreign = port.add({ topic: 'a', groupId: 'someone-else', state: 'Enabled' });
    port.add({ topic: 'b', groupId: g2, state: 'Deleting' });
    const report = await reconcileDoorbellMappings(
      [
        { topic: 'a', groupId: g1 },
        { topic: 'b', groupId: g2 },
      ],
      port,
      recordingLog(),
    );
    assert.deepEqual(report, { created: 1, deleted: 2, failures: 0 });
    assert.ok(port.mappings.has(keep) && port.mappings.has(foreign));
    assert.ok(!port.mappings.has(duplicate) && !port.mappings.has(unwanted));
    assert.deepEqual(
      port.calls.filter((c) => c.startsWith('create')),
      ['create b'],
    );
  });

  test('a second run with nothing changed makes no call but the listing', async () => {
    const port = new FakeMappings();
    const wanted = [
      { topic: 'a', groupId: g1 },
      { topic: 'b', groupId: g1 },
    ];
    await reconcileDoorbellMappings(wanted, port, recordingLog());
    port.calls.length = 0;
    assert.deepEqual(await reconcileDoorbellMappings(wanted, port, recordingLog()), {
      created: 0,
      deleted: 0,
      failures: 0,
    });
    assert.deepEqual(port.calls, ['list']);
  });

  test('a failing create or delete is counted and logged, the others still happen; a failing listing propagates', async () => {
    const port = new FakeMappings();
    const stale = port.add({ topic: 'gone', groupId: g1, state: 'Enabled' });
    const stuck = port.add({ topic: 'gone-too', groupId: g1, state: 'Enabled' });
    port.failCreate = (spec) => spec.topic === 'x';
    port.failDelete = (uuid) => uuid === stuck;
    const log = recordingLog();
    const report = await reconcileDoorbellMappings(
      [
        { topic: 'x', groupId: g1 },
        { topic: 'y', groupId: g1 },
      ],
      port,
      log,
    );
    assert.deepEqual(report, { created: 1, deleted: 1, failures: 2 });
    assert.ok(!port.mappings.has(stale) && port.mappings.has(stuck));
    assert.deepEqual(port.of(g1), ['gone-too', 'y']);
    assert.equal(log.warnings.length, 2);
    port.failList = true;
    await assert.rejects(reconcileDoorbellMappings([], port, log), /Rate exceeded/);
  });
});

test('doorbellGroupId: our prefix, Lambda-valid characters, at most 200, distinct for names that read alike', () => {
  const long = 'x'.repeat(500);
  for (const name of ['orders-sink', 'a b/c', long, 'ünïcode:名前']) {
    const id = doorbellGroupId(name);
    assert.ok(id.startsWith(DOORBELL_GROUP_PREFIX), id);
    assert.match(id, /^[a-zA-Z0-9\-/*:_+=.@]{1,200}$/);
  }
  assert.notEqual(doorbellGroupId('a b'), doorbellGroupId('a_b'));
  assert.equal(doorbellGroupId('orders-sink'), doorbellGroupId('orders-sink'));
});

test("topicsOfKafkaEvent: the topics of a Lambda Kafka event's records; nothing for other events", () => {
  const event = {
    eventSource: 'SelfManagedKafka',
    records: {
      'orders-0': [{ topic: 'orders', partition: 0, offset: 1, value: 'eA==' }],
      'my-topic-12': [],
      'orders-1': [{ topic: 'orders', partition: 1, offset: 5 }],
    },
  };
  assert.deepEqual([...topicsOfKafkaEvent(event)].sort(), ['my-topic', 'orders']);
  assert.equal(topicsOfKafkaEvent({ source: 'lambda-connect.schedule' }).size, 0);
  assert.equal(topicsOfKafkaEvent(null).size, 0);
});

test('ringsFor: running doorbell sinks on one of the topics (named or by regex) only', () => {
  const record = (config: Record<string, string>, targetState = 'STARTED'): ConnectorRecord =>
    ({ name: 'c', config, targetState, version: 1, restart: null }) as unknown as ConnectorRecord;
  const topics = new Set(['orders']);
  assert.ok(ringsFor(record(sinkConfig({ topics: 'orders,other', 'latency.mode': 'doorbell' })), topics));
  assert.ok(
    ringsFor(record({ ...sinkConfig({ 'latency.mode': 'doorbell' }), topics: '', 'topics.regex': 'ord.*' }), topics),
  );
  assert.ok(!ringsFor(record(sinkConfig({ topics: 'other', 'latency.mode': 'doorbell' })), topics));
  assert.ok(!ringsFor(record(sinkConfig({ topics: 'orders' })), topics), 'scheduled mode');
  assert.ok(!ringsFor(record(sinkConfig({ topics: 'orders', 'latency.mode': 'doorbell' }), 'PAUSED'), topics));
});

test('createMappingInput: self-managed Kafka with SCRAM and VPC, or the MSK cluster; LATEST, own group, small window', () => {
  const spec = { topic: 'orders', groupId: doorbellGroupId('c') };
  const selfManaged = createMappingInput(
    {
      functionName: 'doorbell',
      bootstrapServers: ['b-1:9096', 'b-2:9096'],
      sasl: { mechanism: 'scram-sha-512', secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:kafka' },
      subnets: ['subnet-1'],
      securityGroups: ['sg-1'],
      batchingWindowSeconds: 0,
    },
    spec,
  );
  assert.deepEqual(selfManaged.SelfManagedEventSource, {
    Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b-1:9096', 'b-2:9096'] },
  });
  assert.deepEqual(selfManaged.SelfManagedKafkaEventSourceConfig, { ConsumerGroupId: spec.groupId });
  assert.deepEqual(selfManaged.SourceAccessConfigurations, [
    { Type: 'SASL_SCRAM_512_AUTH', URI: 'arn:aws:secretsmanager:eu-west-1:1:secret:kafka' },
    { Type: 'VPC_SUBNET', URI: 'subnet:subnet-1' },
    { Type: 'VPC_SECURITY_GROUP', URI: 'security_group:sg-1' },
  ]);
  assert.equal(selfManaged.StartingPosition, 'LATEST');
  assert.deepEqual(selfManaged.Topics, ['orders']);
  assert.equal(selfManaged.MaximumBatchingWindowInSeconds, 0);
  assert.equal(selfManaged.EventSourceArn, undefined);
  const msk = createMappingInput(
    {
      functionName: 'doorbell',
      bootstrapServers: ['b-1:9098'],
      mskClusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/c/u',
      batchingWindowSeconds: 0,
    },
    spec,
  );
  assert.equal(msk.EventSourceArn, 'arn:aws:kafka:eu-west-1:1:cluster/c/u');
  assert.deepEqual(msk.AmazonManagedKafkaEventSourceConfig, { ConsumerGroupId: spec.groupId });
  assert.equal(msk.SelfManagedEventSource, undefined);
  assert.equal(msk.SourceAccessConfigurations, undefined);
});

describe('the scheduler keeps the mappings of doorbell sinks', () => {
  const h = useHerderHarness();
  const invocations: TaskInvocation[] = [];
  const make = (kafka: MemoryKafka, port: FakeMappings, log = recordingLog()): Scheduler =>
    new Scheduler({
      stores: h.stores,
      plugins: createTestPluginCatalog(),
      kafka,
      invoker: { invoke: async (i) => void invocations.push(i) },
      workerId: TEST_WORKER_ID,
      log,
      doorbell: port,
    });

  test('as connectors come, change topics, match new topics, change mode and go', async () => {
    const prefix = uniqueName('bell');
    const [named, regex, scheduled, source] = ['named', 'regex', 'scheduled', 'source'].map((s) => `${prefix}-${s}`);
    const kafka = new MemoryKafka();
    await kafka.createTopics(
      [`${prefix}-a`, `${prefix}-b`, `${prefix}-r1`].map((topic) => ({
        topic,
        numPartitions: 2,
        replicationFactor: 1,
      })),
    );
    const port = new FakeMappings();
    const scheduler = make(kafka, port);
    const put = (name: string, config: Record<string, string>, version: number) =>
      h.stores.configs.putConnector(name, { ...config, name }, version);
    await put(named!, sinkConfig({ topics: `${prefix}-a,${prefix}-b`, 'latency.mode': 'doorbell' }), 0);
    await put(
      regex!,
      { ...sinkConfig({ 'latency.mode': 'doorbell' }), topics: '', 'topics.regex': `${prefix}-r.*` },
      0,
    );
    await put(scheduled!, sinkConfig({ topics: `${prefix}-a` }), 0);
    await put(source!, sourceConfig(), 0);
    const report = await scheduler.tick();
    assert.equal(report.failures, 0);
    assert.deepEqual(port.of(doorbellGroupId(named!)), [`${prefix}-a`, `${prefix}-b`]);
    assert.deepEqual(port.of(doorbellGroupId(regex!)), [`${prefix}-r1`]);
    assert.deepEqual(port.of(doorbellGroupId(scheduled!)), []);

    // Topic change: b goes, c comes; a new topic matches the regex.
    await put(named!, sinkConfig({ topics: `${prefix}-a,${prefix}-c`, 'latency.mode': 'doorbell' }), 1);
    await kafka.createTopics([{ topic: `${prefix}-r2`, numPartitions: 1, replicationFactor: 1 }]);
    await scheduler.tick();
    assert.deepEqual(port.of(doorbellGroupId(named!)), [`${prefix}-a`, `${prefix}-c`]);
    assert.deepEqual(port.of(doorbellGroupId(regex!)), [`${prefix}-r1`, `${prefix}-r2`]);

    // Mode changed, then deleted: their mappings go.
    await put(named!, sinkConfig({ topics: `${prefix}-a,${prefix}-c`, 'latency.mode': 'interval' }), 2);
    await h.stores.configs.deleteConnector(regex!);
    await scheduler.tick();
    assert.deepEqual(port.of(doorbellGroupId(named!)), []);
    assert.deepEqual(port.of(doorbellGroupId(regex!)), []);
  });

  test('a Lambda API outage is weather: the tick reconciles its connectors, logs, and the next tick catches up', async () => {
    const name = uniqueName('bell-outage');
    const topic = `${name}-t`;
    const kafka = new MemoryKafka();
    await kafka.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    await h.stores.configs.putConnector(
      name,
      { ...sinkConfig({ topics: topic, 'latency.mode': 'doorbell' }), name },
      0,
    );
    const port = new FakeMappings();
    port.failList = true;
    const log = recordingLog();
    const before = invocations.filter((i) => i.connector === name).length;
    const report = await make(kafka, port, log).tick();
    assert.equal(report.failures, 0, 'the tick itself did not fail');
    assert.equal(invocations.filter((i) => i.connector === name).length - before, 1, 'its task was started');
    assert.ok(
      log.warnings.some((w) => w.includes('doorbell mappings not reconciled')),
      log.warnings.join('; '),
    );
    port.failList = false;
    await make(kafka, port).tick();
    assert.deepEqual(port.of(doorbellGroupId(name)), [topic]);
  });

  test('wake starts the idle tasks of the rung connectors only, and not a task whose slice holds its lease', async () => {
    const name = uniqueName('bell-wake');
    const other = uniqueName('bell-other');
    const topic = `${name}-t`;
    const kafka = new MemoryKafka();
    await kafka.createTopics([{ topic, numPartitions: 2, replicationFactor: 1 }]);
    for (const n of [name, other])
      await h.stores.configs.putConnector(
        n,
        {
          ...sinkConfig({ topics: n === name ? topic : `${other}-t`, 'latency.mode': 'doorbell', 'tasks.max': '2' }),
          name: n,
        },
        0,
      );
    await kafka.createTopics([{ topic: `${other}-t`, numPartitions: 1, replicationFactor: 1 }]);
    const scheduler = make(kafka, new FakeMappings());
    await scheduler.tick();
    const set = await h.stores.configs.getTaskConfigs(name);
    assert.ok(set !== null && set.tasks.length === 2);
    // Task 0's slice is running.
    const lease = await h.stores.leases.acquire(name, 0, set.generation, 'slice', 30_000, Date.now());
    assert.ok(lease !== null);
    invocations.length = 0;
    const report = await scheduler.wake((r) => ringsFor(r, new Set([topic])));
    assert.equal(report.failures, 0);
    assert.deepEqual(
      invocations.map((i) => `${i.connector}/${i.task}/${i.generation}`),
      [`${name}/1/${set.generation}`],
    );
  });
});

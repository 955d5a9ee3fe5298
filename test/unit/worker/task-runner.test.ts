/**
 * The task runner and the scheduler with real stores (embedded dynalite) and the memory Kafka: slice
 * limits and continuation, a lost lease commits nothing more, topic creation, a missing topic fails the
 * task with a trace, and the opt-in automatic restart with backoff.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import type { TaskInvocation } from '../../../lib/common/task-invocation.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { State, TargetState } from '../../../lib/stores/model.js';
import type { LeaseStore, Stores } from '../../../lib/stores/ports.js';
import { dataPlane, TEST_SLICE_DEFAULTS } from '../../helpers/data-plane.js';
import { useDynamo } from '../../helpers/dynamodb.js';

/** Removes and returns the first invocation for `connector` (the tables are shared by this file's tests). */
function take(invoked: TaskInvocation[], connector: string): TaskInvocation | undefined {
  const index = invoked.findIndex((i) => i.connector === connector);
  return index < 0 ? undefined : invoked.splice(index, 1)[0];
}

/** RegexRouter `<x>-raw` → `<x>-clean` gated by a TopicNameMatches predicate, then HoistField$Value. */
function routeAndHoist(file: string, topic: string): Record<string, string> {
  return {
    file,
    topic,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    transforms: 'route,hoist',
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': '(.*)-raw',
    'transforms.route.replacement': '$1-clean',
    'transforms.route.predicate': 'isRaw',
    'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
    'transforms.hoist.field': 'line',
    predicates: 'isRaw',
    'predicates.isRaw.type': 'TopicNameMatches',
    'predicates.isRaw.pattern': '.*-raw',
  };
}

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

describe('task runner', () => {
  const dynamo = useDynamo();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-runner-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const setup = (kafka: MemoryKafka, overrides: { leases?: LeaseStore; now?: () => number; maxMs?: number } = {}) => {
    const base = createDynamoStores(dynamo.client, dynamo.tables);
    const stores: Stores = overrides.leases ? { ...base, leases: overrides.leases } : base;
    const defaults = { ...TEST_SLICE_DEFAULTS, maxMs: overrides.maxMs ?? TEST_SLICE_DEFAULTS.maxMs };
    const { scheduler, runner, invoked } = dataPlane({
      stores,
      kafka,
      defaults,
      ...(overrides.now ? { now: overrides.now } : {}),
    });
    return { stores, scheduler, runner, invoked };
  };

  const createSource = async (stores: Stores, name: string, config: Record<string, string>): Promise<void> => {
    await stores.configs.putConnector(
      name,
      { name, 'connector.class': 'FileStreamSource', 'value.converter': STRING, 'key.converter': STRING, ...config },
      0,
    );
  };

  test('a slice stops at slice.max.records and continues itself at once', async () => {
    const kafka = new MemoryKafka();
    const { stores, scheduler, runner, invoked } = setup(kafka);
    const file = join(dir, 'limits.txt');
    await writeFile(file, Array.from({ length: 1000 }, (_, i) => `l${i}`).join('\n') + '\n');
    await createSource(stores, 'limits', { file, topic: 'limits', 'slice.max.records': '300', 'batch.size': '100' });
    await scheduler.tick();
    const first = take(invoked, 'limits');
    assert.ok(first);
    const report = await runner.run(first, 60_000);
    assert.equal(report.outcome, 'completed');
    assert.equal(report.records, 300);
    assert.equal(report.continued, true);
    assert.deepEqual(take(invoked, 'limits'), { connector: 'limits', task: 0, generation: first.generation, hop: 1 });
    const [offset] = await stores.offsets.getSourceOffsets('limits');
    assert.deepEqual(offset?.offset, {
      position: Buffer.byteLength(Array.from({ length: 300 }, (_, i) => `l${i}\n`).join('')),
    });
  });

  test('latency.mode=continuous: an idle slice polls until slice.max.ms, then starts the next without a hop; scheduled stops at once', async () => {
    const kafka = new MemoryKafka();
    const { stores, scheduler, runner, invoked } = setup(kafka);
    const file = join(dir, 'continuous.txt');
    await writeFile(file, '');
    const limits = { 'slice.max.ms': '400', 'slice.linger.ms': '100' };
    await createSource(stores, 'always-on', { file, topic: 'always-on', ...limits, 'latency.mode': 'continuous' });
    await createSource(stores, 'per-tick', { file, topic: 'per-tick', ...limits });
    await scheduler.tick();
    const continuous = take(invoked, 'always-on');
    const scheduled = take(invoked, 'per-tick');
    assert.ok(continuous && scheduled);

    const kept = await runner.run(continuous, 60_000);
    assert.equal(kept.outcome, 'completed');
    assert.ok(kept.durationMs >= 400, `the idle slice ran its budget (${kept.durationMs} ms)`);
    assert.equal(kept.continued, true);
    assert.deepEqual(take(invoked, 'always-on'), {
      connector: 'always-on',
      task: 0,
      generation: continuous.generation,
    });

    const once = await runner.run(scheduled, 60_000);
    assert.equal(once.outcome, 'completed');
    assert.equal(once.continued, false);
    assert.equal(take(invoked, 'per-tick'), undefined, 'a scheduled slice leaves the rest to the next tick');
  });

  test('a slice whose lease was taken over commits nothing more and reports it', async () => {
    const kafka = new MemoryKafka();
    const base = createDynamoStores(dynamo.client, dynamo.tables);
    let renewals = 0;
    const leases: LeaseStore = {
      ...base.leases,
      acquire: base.leases.acquire.bind(base.leases),
      release: base.leases.release.bind(base.leases),
      list: base.leases.list.bind(base.leases),
      getLeasesOf: base.leases.getLeasesOf.bind(base.leases),
      deleteAll: base.leases.deleteAll.bind(base.leases),
      renew: async (lease, ttl, now) => {
        if (++renewals === 3) {
          // Another invocation takes the lease after it expired: this slice is now a zombie.
          assert.ok(
            await base.leases.acquire(lease.connector, lease.task, lease.generation, 'thief', ttl, lease.expiresAt + 1),
          );
        }
        return base.leases.renew(lease, ttl, now);
      },
    };
    let clock = Date.now();
    const { stores, scheduler, runner, invoked } = setup(kafka, { leases, now: () => (clock += 20_000), maxMs: 1e12 });
    const file = join(dir, 'zombie.txt');
    await writeFile(file, Array.from({ length: 50 }, (_, i) => `z${i}`).join('\n') + '\n');
    await createSource(stores, 'zombie', { file, topic: 'zombie', 'batch.size': '10' });
    await scheduler.tick();
    const invocation = take(invoked, 'zombie');
    assert.ok(invocation);
    const report = await runner.run(invocation, 1e12);
    assert.equal(report.outcome, 'lost-lease');
    // Batch 1 was acknowledged and flushed before the takeover; batch 2 was produced before it too, but
    // its offsets reach DynamoDB only at the next flush, which the fence rejects.
    const firstBatch = Buffer.byteLength(Array.from({ length: 10 }, (_, i) => `z${i}\n`).join(''));
    assert.deepEqual(
      (await stores.offsets.getSourceOffsets('zombie')).map((o) => o.offset),
      [{ position: firstBatch }],
      'only offsets flushed before the takeover were committed',
    );
    assert.equal(
      (await kafka.fetch([{ topic: 'zombie', partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 })).records
        .length,
      20,
      'nothing produced after the takeover',
    );
  });

  test('a connector paused before it ever ran tasks gets no task configs until resumed, as in Connect', async () => {
    const kafka = new MemoryKafka();
    const { stores, scheduler, invoked } = setup(kafka);
    const file = join(dir, 'paused.txt');
    await writeFile(file, 'p\n');
    await createSource(stores, 'born-paused', { file, topic: 'born-paused' });
    await stores.configs.setTargetState('born-paused', TargetState.PAUSED);
    await scheduler.tick();
    assert.equal(await stores.configs.getTaskConfigs('born-paused'), null, 'no task configs while paused');
    assert.equal((await stores.statuses.getConnectorStatus('born-paused'))?.state, State.PAUSED);
    assert.deepEqual(await stores.statuses.listTaskStatuses('born-paused'), []);
    assert.equal(take(invoked, 'born-paused'), undefined, 'nothing runs');
    await stores.configs.setTargetState('born-paused', TargetState.STARTED);
    await scheduler.tick();
    assert.equal((await stores.configs.getTaskConfigs('born-paused'))?.tasks.length, 1);
    assert.ok(take(invoked, 'born-paused'), 'the task runs once resumed');
  });

  test('topic.creation.* creates the topic with the default group settings', async () => {
    const kafka = new MemoryKafka({ autoCreateTopics: false });
    const { stores, scheduler, runner, invoked } = setup(kafka);
    const file = join(dir, 'create.txt');
    await writeFile(file, 'a\nb\n');
    await createSource(stores, 'creator', {
      file,
      topic: 'created-topic',
      'topic.creation.default.partitions': '3',
      'topic.creation.default.replication.factor': '1',
    });
    await scheduler.tick();
    const report = await runner.run(take(invoked, 'creator') as TaskInvocation, 60_000);
    assert.equal(report.outcome, 'completed');
    assert.equal((await kafka.partitionCounts(['created-topic'])).get('created-topic'), 3);
  });

  test('a missing topic with creation off fails the task with a trace, and an opt-in restart backs off', async () => {
    const kafka = new MemoryKafka({ autoCreateTopics: false });
    let clock = 1_000_000;
    const { stores, scheduler, runner, invoked } = setup(kafka, { now: () => clock });
    const file = join(dir, 'missing.txt');
    await writeFile(file, 'a\n');
    await createSource(stores, 'missing', {
      file,
      topic: 'no-such-topic',
      'task.restart.on.failure': 'true',
      'task.restart.backoff.initial.ms': '5000',
    });
    await scheduler.tick();
    const failedReport = await runner.run(take(invoked, 'missing') as TaskInvocation, 60_000);
    assert.equal(failedReport.outcome, 'failed', JSON.stringify(failedReport));
    const [status] = await stores.statuses.listTaskStatuses('missing');
    assert.equal(status?.state, State.FAILED);
    assert.match(status?.trace ?? '', /no-such-topic/);
    assert.equal(status?.failureCount, 1);

    clock += 4_000;
    await scheduler.tick();
    assert.equal(take(invoked, 'missing'), undefined, 'no restart before the backoff');
    clock += 1_001;
    await scheduler.tick();
    assert.deepEqual(take(invoked, 'missing'), { connector: 'missing', task: 0, generation: 1, failureCount: 1 });

    await stores.configs.setTargetState('missing', TargetState.PAUSED);
    await kafka.createTopics([{ topic: 'no-such-topic', numPartitions: 1, replicationFactor: 1 }]);
    await stores.configs.setTargetState('missing', TargetState.STARTED);
    const recovered = await runner.run({ connector: 'missing', task: 0, generation: 1, failureCount: 1 }, 60_000);
    assert.equal(recovered.outcome, 'completed');
    const [healthy] = await stores.statuses.listTaskStatuses('missing');
    assert.equal(healthy?.state, State.RUNNING);
    assert.equal(healthy?.failureCount, undefined, 'a healthy slice clears the failure count');
  });

  test('transforms run in order, gated by their predicates, as Connect configures them', async () => {
    const kafka = new MemoryKafka();
    const { stores, scheduler, runner, invoked } = setup(kafka);
    const file = join(dir, 'smt.txt');
    await writeFile(file, 'first\nsecond\n');
    await createSource(stores, 'smt', {
      ...routeAndHoist(file, 'events-raw'),
      transforms: 'route,hoist,drop',
      'transforms.drop.type': 'Filter',
      'transforms.drop.predicate': 'isRaw',
      'transforms.drop.negate': 'true',
    });
    await scheduler.tick();
    const report = await runner.run(take(invoked, 'smt') as TaskInvocation, 60_000);
    assert.equal(report.outcome, 'completed', (await stores.statuses.listTaskStatuses('smt'))[0]?.trace);
    // route renamed the topic; hoist wrapped the value; drop (negated: topics NOT matching) removed them all.
    assert.deepEqual(
      (await kafka.listTopics()).filter((t) => t.startsWith('events')),
      [],
      'every record was filtered out',
    );
    assert.deepEqual(
      await stores.offsets.getSourceOffsets('smt').then((o) => o.map((e) => e.offset)),
      [{ position: 13 }],
      'dropped records still commit their offsets',
    );
  });

  test('a transform chain without a filter delivers the transformed records', async () => {
    const kafka = new MemoryKafka();
    const { stores, scheduler, runner, invoked } = setup(kafka);
    const file = join(dir, 'smt2.txt');
    await writeFile(file, 'first\nsecond\n');
    await createSource(stores, 'smt2', routeAndHoist(file, 'orders-raw'));
    await scheduler.tick();
    assert.equal((await runner.run(take(invoked, 'smt2') as TaskInvocation, 60_000)).outcome, 'completed');
    const fetched = await kafka.fetch([{ topic: 'orders-clean', partition: 0, offset: 0 }], {
      maxBytes: 1 << 20,
      maxWaitMs: 0,
    });
    assert.deepEqual(
      fetched.records.map((r) => Buffer.from(r.value ?? []).toString()),
      ['{"line":"first"}', '{"line":"second"}'],
    );
    assert.equal((await kafka.listTopics()).includes('orders-raw'), false, 'nothing went to the original topic');
  });
});

/**
 * A slice and a scheduler tick through outages, with real stores (embedded dynalite) and the memory
 * Kafka behind a switch: Kafka unreachable past the slice ends it with the task RUNNING and nothing
 * committed, the next slice resumes with nothing lost; the outage budget fails the task; a tick
 * survives a whole-store outage and one connector's Lambda throttling without skipping the others.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KafkaError, KafkaErrorType } from '../../../lib/kafka/errors.js';
import type { KafkaPort } from '../../../lib/kafka/kafka-port.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import type { TaskInvocation, TaskInvoker } from '../../../lib/common/task-invocation.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { StoreUnavailableError } from '../../../lib/stores/errors.js';
import { State } from '../../../lib/stores/model.js';
import type { Stores } from '../../../lib/stores/ports.js';
import { dataPlane } from '../../helpers/data-plane.js';
import { useDynamo } from '../../helpers/dynamodb.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
/** The runner keeps 3 s for its final commit: 4.5 s of invocation time leaves 1.5 s for retries. */
const SHORT_SLICE_MS = 4_500;

/** The memory Kafka behind a switch: while `down`, every call fails as a refused connection does. */
function switchable(kafka: KafkaPort): { port: KafkaPort; outage: { down: boolean } } {
  const outage = { down: false };
  const port = new Proxy(kafka, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (outage.down)
          return Promise.reject(
            new KafkaError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
              type: KafkaErrorType.CONNECTION,
              retriable: true,
            }),
          );
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { port, outage };
}

describe('outages', () => {
  const dynamo = useDynamo();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-outage-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const setup = (
    kafka: KafkaPort,
    options: { stores?: Stores; invoker?: TaskInvoker; workerProperties?: Record<string, string> } = {},
  ) => {
    const stores = options.stores ?? createDynamoStores(dynamo.client, dynamo.tables);
    const { scheduler, runner, invoked } = dataPlane({
      stores,
      kafka,
      ...(options.invoker ? { invoker: options.invoker } : {}),
      ...(options.workerProperties ? { workerProperties: options.workerProperties } : {}),
    });
    return { stores, scheduler, runner, invoked };
  };
  const take = (invoked: TaskInvocation[], connector: string): TaskInvocation | undefined => {
    const index = invoked.findIndex((i) => i.connector === connector);
    return index < 0 ? undefined : invoked.splice(index, 1)[0];
  };
  const createSource = async (stores: Stores, name: string, config: Record<string, string>): Promise<void> => {
    await stores.configs.putConnector(
      name,
      { name, 'connector.class': 'FileStreamSource', 'value.converter': STRING, 'key.converter': STRING, ...config },
      0,
    );
  };
  const topicLines = async (kafka: KafkaPort, topic: string): Promise<string[]> => {
    const result = await kafka.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    return result.records.map((r) => Buffer.from(r.value ?? new Uint8Array()).toString());
  };

  test('Kafka down past the slice: the slice ends, the task stays RUNNING, nothing is committed; the next slice resumes and loses nothing', async () => {
    const memory = new MemoryKafka();
    await memory.createTopics([{ topic: 'weather', numPartitions: 1, replicationFactor: 1 }]);
    const { port, outage } = switchable(memory);
    const { stores, scheduler, runner, invoked } = setup(port);
    const file = join(dir, 'weather.txt');
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    await writeFile(file, lines.join('\n') + '\n');
    await createSource(stores, 'weather', { file, topic: 'weather' });
    await scheduler.tick();
    const first = take(invoked, 'weather');
    assert.ok(first);

    outage.down = true;
    const before = Date.now();
    const report = await runner.run(first, SHORT_SLICE_MS);
    assert.equal(report.outcome, 'unavailable', JSON.stringify(report));
    assert.ok(Date.now() - before >= 350, `the slice retried while it had time (${Date.now() - before} ms)`);
    const [status] = await stores.statuses.listTaskStatuses('weather');
    assert.equal(status?.state, State.RUNNING);
    assert.equal(status?.trace, undefined, 'no trace: an outage is not the task failing');
    assert.ok(status?.unavailableSince !== undefined && status.unavailableSince >= before - 1);
    assert.deepEqual(await stores.offsets.getSourceOffsets('weather'), [], 'nothing unacknowledged was committed');
    assert.deepEqual(
      (await stores.leases.list('weather')).filter((l) => l.expiresAt > Date.now()),
      [],
      'the lease was given back',
    );
    const next = take(invoked, 'weather');
    assert.equal(
      next?.unavailableSince,
      status?.unavailableSince,
      'the slice continues itself, carrying when the outage began',
    );

    outage.down = false;
    const resumed = await runner.run(next as TaskInvocation, 60_000);
    assert.equal(resumed.outcome, 'completed', JSON.stringify(resumed));
    assert.deepEqual(await topicLines(memory, 'weather'), lines, 'every line exactly once');
    const [healthy] = await stores.statuses.listTaskStatuses('weather');
    assert.equal(healthy?.state, State.RUNNING);
    assert.equal(healthy?.unavailableSince, undefined, 'a healthy slice clears the outage mark');
  });

  test('an outage longer than task.unavailable.timeout.ms fails the task with a trace that names the setting', async () => {
    const memory = new MemoryKafka();
    await memory.createTopics([{ topic: 'budget', numPartitions: 1, replicationFactor: 1 }]);
    const { port, outage } = switchable(memory);
    const { stores, scheduler, runner, invoked } = setup(port, {
      workerProperties: { 'task.unavailable.timeout.ms': '3600000' },
    });
    const file = join(dir, 'budget.txt');
    await writeFile(file, 'a\n');
    await createSource(stores, 'budget', { file, topic: 'budget', 'task.unavailable.timeout.ms': '60000' });
    await scheduler.tick();
    const first = take(invoked, 'budget') as TaskInvocation;
    outage.down = true;
    const report = await runner.run({ ...first, unavailableSince: Date.now() - 61_000 }, SHORT_SLICE_MS);
    assert.equal(report.outcome, 'failed');
    const [status] = await stores.statuses.listTaskStatuses('budget');
    assert.equal(status?.state, State.FAILED);
    assert.match(status?.trace ?? '', /task\.unavailable\.timeout\.ms=60000/);
    assert.match(status?.trace ?? '', /ECONNREFUSED/);
    assert.equal(take(invoked, 'budget'), undefined, 'a failed task is not continued');
  });

  test('a scheduler tick survives a whole-store outage, and one connector whose Lambda is throttled does not stop the others', async () => {
    const memory = new MemoryKafka();
    const real = createDynamoStores(dynamo.client, dynamo.tables);
    const down = { configs: false };
    const stores: Stores = {
      ...real,
      configs: new Proxy(real.configs, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            down.configs
              ? Promise.reject(new StoreUnavailableError('DynamoDB table config is unavailable: connect ECONNREFUSED'))
              : (value as (...a: unknown[]) => unknown).apply(target, args);
        },
      }),
    };
    const invoked: TaskInvocation[] = [];
    const invoker: TaskInvoker = {
      invoke: async (i) => {
        if (i.connector === 'throttled')
          throw Object.assign(new Error('Rate exceeded'), {
            name: 'TooManyRequestsException',
            $metadata: { httpStatusCode: 429 },
          });
        invoked.push(i);
      },
    };
    const { scheduler } = setup(memory, { stores, invoker });
    const file = join(dir, 'tick.txt');
    await writeFile(file, 'a\n');
    await createSource(real, 'throttled', { file, topic: 'tick-a' });
    await createSource(real, 'fine', { file, topic: 'tick-b' });

    down.configs = true;
    const skipped = await scheduler.tick();
    assert.deepEqual(skipped, { connectors: 0, invoked: 0, failures: 1 }, 'the tick logs and ends');

    down.configs = false;
    const recovered = await scheduler.tick();
    assert.ok(
      invoked.some((i) => i.connector === 'fine'),
      'the other connector started',
    );
    assert.ok(recovered.failures === 0);
    for (const name of ['throttled', 'fine']) {
      const statuses = await real.statuses.getStatuses(name);
      assert.equal(statuses.connector?.state, State.RUNNING, `${name} is not marked FAILED`);
    }
  });
});

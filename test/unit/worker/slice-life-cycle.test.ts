/**
 * A slice's life cycle is symmetric under failure (issue 11): a task whose `start` throws is stopped, as
 * Connect stops it; partitions are closed only once opened; a task that fails mid-slice is closed and
 * stopped. The slices run on the memory Kafka with a stub of the stores (offsets and active topics).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SinkRecord } from '../../../lib/api/sink-record.js';
import { SinkTask } from '../../../lib/api/sink-task.js';
import type { SourceRecord } from '../../../lib/api/source-record.js';
import { SourceTask } from '../../../lib/api/source-task.js';
import type { TopicPartition } from '../../../lib/api/topic-partition.js';
import { parseConnectorConfig } from '../../../lib/common/connector-config.js';
import { parseWorkerConfig } from '../../../lib/common/worker-config.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createDefaultPlugins } from '../../../lib/runtime/plugins.js';
import { TargetState, type Lease } from '../../../lib/stores/model.js';
import type { Stores } from '../../../lib/stores/ports.js';
import { runSinkSlice } from '../../../lib/worker/sink-slice.js';
import type { SliceContext } from '../../../lib/worker/slice-context.js';
import { runSourceSlice } from '../../../lib/worker/source-slice.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const TOPIC = 'life-cycle';

type Step = 'start' | 'open' | 'put' | 'poll';

/** Records its life cycle calls; throws from the step it is told to. */
class ScriptedSinkTask extends SinkTask {
  readonly calls: string[] = [];
  constructor(private readonly failAt: Step | null) {
    super();
  }
  version(): string {
    return 'test';
  }
  start(): void {
    this.calls.push('start');
    if (this.failAt === 'start') throw new Error('start failed');
  }
  override open(_partitions: readonly TopicPartition[]): void {
    this.calls.push('open');
    if (this.failAt === 'open') throw new Error('open failed');
  }
  put(_records: readonly SinkRecord[]): void {
    this.calls.push('put');
    if (this.failAt === 'put') throw new Error('put failed');
  }
  override close(_partitions: readonly TopicPartition[]): void {
    this.calls.push('close');
  }
  stop(): void {
    this.calls.push('stop');
  }
}

class ScriptedSourceTask extends SourceTask {
  readonly calls: string[] = [];
  constructor(private readonly failAt: Step | null) {
    super();
  }
  version(): string {
    return 'test';
  }
  start(): void {
    this.calls.push('start');
    if (this.failAt === 'start') throw new Error('start failed');
  }
  async poll(): Promise<SourceRecord[] | null> {
    this.calls.push('poll');
    if (this.failAt === 'poll') throw new Error('poll failed');
    return null;
  }
  stop(): void {
    this.calls.push('stop');
  }
}

async function context(kind: 'sink' | 'source'): Promise<SliceContext> {
  const kafka = new MemoryKafka();
  await kafka.createTopics([{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }]);
  if (kind === 'sink')
    await kafka.send([
      {
        topic: TOPIC,
        partition: 0,
        key: null,
        value: new TextEncoder().encode('one'),
        timestamp: Date.now(),
        headers: [],
      },
    ]);
  const config = {
    name: 'c',
    'key.converter': STRING,
    'value.converter': STRING,
    ...(kind === 'sink' ? { topics: TOPIC } : {}),
  };
  // A stub of the parts a slice uses: start offsets, offset commits, active topics.
  const stores = {
    offsets: {
      getSinkOffsets: async () => [],
      getSourceOffsets: async () => [],
      putSinkOffsets: async () => undefined,
      putSourceOffsets: async () => undefined,
    },
    topics: { recordTopics: async () => undefined },
  } as unknown as Stores;
  const now = Date.now;
  return {
    connector: {
      name: 'c',
      config,
      targetState: TargetState.STARTED,
      version: 1,
      stateVersion: 1,
      restart: null,
      createdAt: 0,
      updatedAt: 0,
    },
    task: { id: 0, config, partitions: kind === 'sink' ? [{ topic: TOPIC, partition: 0 }] : [] },
    fence: { generation: 1, epoch: 1 },
    stores,
    kafka,
    plugins: createDefaultPlugins().factory,
    workerProperties: {},
    settings: parseConnectorConfig('c', config),
    worker: parseWorkerConfig({}),
    log: quiet,
    limits: { maxRecords: 100, maxBytes: 1 << 20, maxMs: 5_000, lingerMs: 0, continuous: false },
    deadline: now() + 10_000,
    now,
    keepAlive: async () => true,
    lease: (): Lease => ({
      connector: 'c',
      task: 0,
      owner: 'test',
      epoch: 1,
      generation: 1,
      expiresAt: now() + 30_000,
    }),
  };
}

describe('sink slice life cycle', () => {
  test('a task whose start throws is stopped, never opened or closed, and the slice fails with its error', async () => {
    const task = new ScriptedSinkTask('start');
    await assert.rejects(runSinkSlice(await context('sink'), task), /start failed/);
    assert.deepEqual(task.calls, ['start', 'stop']);
  });

  test('a task whose open throws is stopped; partitions it did not open are not closed', async () => {
    const task = new ScriptedSinkTask('open');
    await assert.rejects(runSinkSlice(await context('sink'), task), /open failed/);
    assert.deepEqual(task.calls, ['start', 'open', 'stop']);
  });

  test('a task whose put throws is closed, then stopped', async () => {
    const task = new ScriptedSinkTask('put');
    await assert.rejects(runSinkSlice(await context('sink'), task), /put failed/);
    assert.deepEqual(task.calls, ['start', 'open', 'put', 'close', 'stop']);
  });

  test('a healthy slice: start, open, put, close, stop', async () => {
    const task = new ScriptedSinkTask(null);
    const result = await runSinkSlice(await context('sink'), task);
    assert.equal(result.records, 1);
    assert.deepEqual(
      task.calls.filter((c) => c !== 'put'),
      ['start', 'open', 'close', 'stop'],
    );
  });
});

describe('source slice life cycle', () => {
  test('a task whose start throws is stopped and never polled; the slice fails with its error', async () => {
    const task = new ScriptedSourceTask('start');
    await assert.rejects(runSourceSlice(await context('source'), task), /start failed/);
    assert.deepEqual(task.calls, ['start', 'stop']);
  });

  test('a task whose poll throws is stopped', async () => {
    const task = new ScriptedSourceTask('poll');
    await assert.rejects(runSourceSlice(await context('source'), task), /poll failed/);
    assert.deepEqual(task.calls, ['start', 'poll', 'stop']);
  });
});

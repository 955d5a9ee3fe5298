/**
 * Latency modes on AWS's clock (decision 0023): a local stack ticked once a minute, as deployed. After
 * one scheduled tick, an interval-mode sink keeps being started by the tick's sub-ticks and a
 * continuous sink keeps a slice alive; both deliver a record produced while they were idle before the
 * scheduler is invoked again, while a scheduled-mode sink created beside them has delivered nothing.
 * A doorbell sink (on a stack of its own, so the minute's tick cannot fall inside it) delivers within
 * seconds of the produce through the Kafka event source mapping the scheduler created for it, with no
 * scheduler invocation in between; its mappings go when it changes mode or is deleted.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { SCHEDULED_TICK_EVENT } from '../../lib/config/schedule.js';
import { doorbellGroupId } from '../../lib/scheduler/doorbell.js';
import type { SliceReport } from '../../lib/worker/task-runner.js';
import { FUNCTION_NAMES } from '../../local/stack.js';
import { useKafkaClients } from '../helpers/kafka.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

const lines = async (file: string): Promise<string[]> =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');

describe('latency modes on a one-minute tick', () => {
  const slices: SliceReport[] = [];
  const stackRef = useTestStack({ tickMs: 60_000, onSlice: (report) => slices.push(report) });
  const clients = useKafkaClients(stackRef);
  let lambda: LambdaClient;

  before(async () => {
    lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: stackRef.current.stack.invokeEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    lambda?.destroy();
  });

  const schedulerInvocations = (): number => {
    const stats = stackRef.current.stack.functionStats()[FUNCTION_NAMES.scheduler];
    return stats === undefined ? 0 : Object.values(stats.invocations).reduce((n, v) => n + v, 0);
  };
  const finished = (connector: string): SliceReport[] =>
    slices.filter((s) => s.connector === connector && s.outcome === 'completed');

  test('interval and continuous sinks deliver before the next scheduler invocation; a scheduled one does not', async () => {
    const { rest, dataDir } = stackRef.current;
    const sinks = {
      interval: uniqueName('interval'),
      continuous: uniqueName('continuous'),
      scheduled: uniqueName('scheduled'),
    };
    const modeConfig: Record<keyof typeof sinks, Record<string, string>> = {
      interval: { 'latency.mode': 'interval', 'latency.interval.ms': '1000' },
      // Short slices, so the test sees continuous slices hand over to each other.
      continuous: { 'latency.mode': 'continuous', 'slice.max.ms': '3000' },
      scheduled: {},
    };
    await clients.admin.createTopics({
      topics: Object.values(sinks).map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
    for (const [mode, name] of Object.entries(sinks) as Array<[keyof typeof sinks, string]>) {
      const config = {
        'connector.class': 'FileStreamSink',
        topics: name,
        file: join(dataDir, `${name}.txt`),
        'value.converter': STRING,
        'key.converter': STRING,
        ...modeConfig[mode],
      };
      assert.equal((await rest.post('/connectors', { name, config })).status, 201);
    }
    // The minute's scheduled tick, as EventBridge Scheduler sends it: it stays up and sub-ticks.
    await lambda.send(
      new InvokeCommand({
        FunctionName: FUNCTION_NAMES.scheduler,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(SCHEDULED_TICK_EVENT)),
      }),
    );
    // Idle, the interval sink is started again and again, and the continuous one hands over to its next slice.
    await waitFor(() => finished(sinks.interval).length >= 3 && finished(sinks.continuous).some((s) => s.continued), {
      timeoutMs: 30_000,
      message: 'idle interval slices and a continuous hand-over',
    });
    assert.ok(finished(sinks.scheduled).length <= 1, 'the scheduled sink ran only when created');

    const invocationsBefore = schedulerInvocations();
    await clients.producer.sendBatch({
      topicMessages: Object.values(sinks).map((topic) => ({ topic, messages: [{ value: `hello ${topic}` }] })),
    });
    await waitFor(
      async () =>
        (await lines(join(dataDir, `${sinks.interval}.txt`))).length === 1 &&
        (await lines(join(dataDir, `${sinks.continuous}.txt`))).length === 1,
      { timeoutMs: 30_000, message: 'the record in the interval and continuous sinks' },
    );
    assert.equal(schedulerInvocations(), invocationsBefore, 'no tick or kick between the record and its delivery');
    assert.deepEqual(
      await lines(join(dataDir, `${sinks.scheduled}.txt`)),
      [],
      'the scheduled sink waits for the next tick',
    );
    for (const name of Object.values(sinks)) assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });
});

describe('the doorbell on a one-minute tick', () => {
  const slices: SliceReport[] = [];
  const stackRef = useTestStack({ tickMs: 60_000, onSlice: (report) => slices.push(report) });
  let admin: Admin;
  let producer: Producer;
  let lambda: LambdaClient;

  before(async () => {
    const kafka = new Kafka({
      brokers: stackRef.current.stack.kafkaBootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
    });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: stackRef.current.stack.invokeEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    lambda?.destroy();
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  const invocationsOf = (fn: string): number => {
    const stats = stackRef.current.stack.functionStats()[fn];
    return stats === undefined ? 0 : Object.values(stats.invocations).reduce((n, v) => n + v, 0);
  };
  /** The doorbell function's mappings of `connector`'s consumer group: topic and state. */
  const mappingsOf = async (connector: string): Promise<string[]> => {
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: FUNCTION_NAMES.doorbell }));
    return (listed.EventSourceMappings ?? [])
      .filter((m) => m.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId === doorbellGroupId(connector))
      .map((m) => `${m.Topics?.[0]} ${m.State}`)
      .sort();
  };

  test('a doorbell sink delivers within seconds of the produce, before the next tick; its mappings follow mode changes and deletion', async () => {
    const { rest, dataDir } = stackRef.current;
    const named = uniqueName('doorbell');
    const regex = uniqueName('doorbell-re');
    await admin.createTopics({
      topics: [named, `${regex}-x`].map((topic) => ({ topic, numPartitions: 2 })),
      waitForLeaders: true,
    });
    const base = { 'connector.class': 'FileStreamSink', 'value.converter': STRING, 'key.converter': STRING };
    const namedConfig = { ...base, topics: named, file: join(dataDir, `${named}.txt`), 'latency.mode': 'doorbell' };
    const regexConfig = {
      ...base,
      'topics.regex': `${regex}-.*`,
      file: join(dataDir, `${regex}.txt`),
      'latency.mode': 'doorbell',
    };
    assert.equal((await rest.post('/connectors', { name: named, config: namedConfig })).status, 201);
    assert.equal((await rest.post('/connectors', { name: regex, config: regexConfig })).status, 201);
    // The REST kicks reconcile: a mapping per topic, whose poller joins its group (Enabled).
    await waitFor(
      async () =>
        (await mappingsOf(named)).join() === `${named} Enabled` &&
        (await mappingsOf(regex)).join() === `${regex}-x Enabled`,
      { timeoutMs: 20_000, message: 'the doorbell mappings enabled' },
    );
    // The sink's first slices (started by the kicks) have ended: it is idle.
    const runnerIdle = (): boolean => stackRef.current.stack.functionStats()[FUNCTION_NAMES.taskRunner]?.inFlight === 0;
    await waitFor(() => slices.some((s) => s.connector === named) && runnerIdle(), {
      timeoutMs: 20_000,
      message: 'the doorbell sink idle',
    });

    const scheduler = invocationsOf(FUNCTION_NAMES.scheduler);
    const doorbell = invocationsOf(FUNCTION_NAMES.doorbell);
    const producedAt = Date.now();
    await producer.send({ topic: named, messages: [{ value: `rung ${named}` }] });
    await waitFor(async () => (await lines(join(dataDir, `${named}.txt`))).length === 1, {
      timeoutMs: 15_000,
      message: 'the record in the doorbell sink',
    });
    const latencyMs = Date.now() - producedAt;
    assert.ok(latencyMs < 5_000, `delivered ${latencyMs} ms after the produce`);
    assert.ok(invocationsOf(FUNCTION_NAMES.doorbell) > doorbell, 'the doorbell rang');
    assert.equal(
      invocationsOf(FUNCTION_NAMES.scheduler),
      scheduler,
      'no tick or kick between the record and its delivery',
    );
    assert.deepEqual(await lines(join(dataDir, `${named}.txt`)), [`rung ${named}`]);

    // Mode changed: its mapping is deleted on the kick's tick. Deleted: the regex sink's too.
    assert.equal(
      (await rest.put(`/connectors/${named}/config`, { ...namedConfig, 'latency.mode': 'scheduled' })).status,
      200,
    );
    assert.equal((await rest.delete(`/connectors/${regex}`)).status, 204);
    await waitFor(async () => (await mappingsOf(named)).length === 0 && (await mappingsOf(regex)).length === 0, {
      timeoutMs: 15_000,
      message: 'the mappings deleted',
    });
    assert.equal(
      stackRef.current.stack.iam?.stats.denied ?? 0,
      0,
      'every mapping call was allowed by the synthesized policies',
    );
    assert.equal((await rest.delete(`/connectors/${named}`)).status, 204);
  });
});

/**
 * Latency modes on AWS's clock (decision 0023): a local stack ticked once a minute, as deployed. After
 * one scheduled tick, an interval-mode sink keeps being started by the tick's sub-ticks and a
 * continuous sink keeps a slice alive; both deliver a record produced while they were idle before the
 * scheduler is invoked again, while a scheduled-mode sink created beside them has delivered nothing.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SCHEDULED_TICK_EVENT } from '../../lib/config/schedule.js';
import type { SliceReport } from '../../lib/worker/task-runner.js';
import { FUNCTION_NAMES } from '../../local/stack.js';
import { useKafkaClients } from '../helpers/kafka.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

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

  const lines = async (file: string): Promise<string[]> =>
    (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
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

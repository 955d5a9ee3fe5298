/**
 * The sink runtime on a real broker: several partitions and tasks, a `tasks.max` change that moves
 * partitions without loss, pause/resume, the dead letter queue with Connect's context headers, and the
 * consumer group `connect-<name>` mirroring the sink's progress.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useKafkaClients } from '../helpers/kafka.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

describe('sink runtime', () => {
  const stackRef = useTestStack();
  const clients = useKafkaClients(stackRef);

  const produce = async (topic: string, from: number, to: number): Promise<string[]> => {
    const values = Array.from({ length: to - from }, (_, i) => `record-${from + i}`);
    await clients.producer.send({ topic, messages: values.map((value, i) => ({ key: `k${(from + i) % 17}`, value })) });
    return values;
  };
  const fileLines = async (file: string): Promise<string[]> =>
    (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  const taskStates = async (name: string): Promise<string[]> =>
    (
      (await stackRef.current.rest.get<{ tasks?: Array<{ state: string }> }>(`/connectors/${name}/status`)).body
        .tasks ?? []
    ).map((t) => t.state);

  test('several partitions and tasks; a tasks.max change moves partitions without loss; group offsets mirror progress', async () => {
    const { rest, dataDir } = stackRef.current;
    const topic = uniqueName('multi');
    const name = uniqueName('multi-sink');
    const file = join(dataDir, `${name}.txt`);
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    const sent = await produce(topic, 0, 3_000);

    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSink',
        'tasks.max': '3',
        topics: topic,
        file,
        'value.converter': STRING,
        'key.converter': STRING,
      },
    });
    assert.equal(created.status, 201);
    await waitFor(async () => (await fileLines(file)).length >= sent.length, {
      timeoutMs: 30_000,
      message: 'first 3,000 records in the file',
    });
    assert.deepEqual((await taskStates(name)).sort(), ['RUNNING', 'RUNNING', 'RUNNING']);
    const tasks = (await rest.get<Array<{ id: { task: number } }>>(`/connectors/${name}/tasks`)).body;
    assert.equal(tasks.length, 3);

    assert.equal((await rest.patch(`/connectors/${name}/config`, { 'tasks.max': '2' })).status, 200);
    await waitFor(async () => (await rest.get<unknown[]>(`/connectors/${name}/tasks`)).body.length === 2, {
      timeoutMs: 15_000,
      message: 'two tasks after tasks.max=2',
    });
    sent.push(...(await produce(topic, 3_000, 6_000)));
    await waitFor(async () => new Set(await fileLines(file)).size >= sent.length, {
      timeoutMs: 30_000,
      message: 'all 6,000 records in the file',
    });
    const lines = await fileLines(file);
    assert.deepEqual([...new Set(lines)].sort(), [...sent].sort(), 'every record, nothing else');
    assert.equal(lines.length, sent.length, 'no duplicates either');

    const watermarks = await clients.admin.fetchTopicOffsets(topic);
    await waitFor(
      async () => {
        const [group] = await clients.admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
        return watermarks.every((w) => group?.partitions.find((p) => p.partition === w.partition)?.offset === w.high);
      },
      { timeoutMs: 15_000, message: `consumer group connect-${name} at the high watermarks` },
    );
    const stored = (
      await rest.get<{ offsets: Array<{ partition: { kafka_partition: number }; offset: { kafka_offset: number } }> }>(
        `/connectors/${name}/offsets`,
      )
    ).body.offsets;
    assert.deepEqual(
      stored.map((o) => [o.partition.kafka_partition, o.offset.kafka_offset]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
      watermarks.map((w) => [w.partition, Number(w.high)]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    );
  });

  test('a paused connector moves no data and resumes where it stopped', async () => {
    const { rest, dataDir, stack } = stackRef.current;
    const topic = uniqueName('pause');
    const name = uniqueName('pause-sink');
    const file = join(dataDir, `${name}.txt`);
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const sent = await produce(topic, 0, 100);
    await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'value.converter': STRING,
        'key.converter': STRING,
      },
    });
    await waitFor(async () => (await fileLines(file)).length === 100, {
      timeoutMs: 20_000,
      message: 'first 100 records',
    });

    assert.equal((await rest.put(`/connectors/${name}/pause`)).status, 202);
    await waitFor(
      async () =>
        (await taskStates(name)).every((s) => s === 'PAUSED') &&
        (await rest.get<{ connector: { state: string } }>(`/connectors/${name}/status`)).body.connector.state ===
          'PAUSED',
      { timeoutMs: 15_000, message: 'connector and tasks PAUSED' },
    );
    sent.push(...(await produce(topic, 100, 200)));
    for (let i = 0; i < 3; i++) await stack.tick();
    assert.equal((await fileLines(file)).length, 100, 'nothing moved while paused');

    assert.equal((await rest.put(`/connectors/${name}/resume`)).status, 202);
    await waitFor(async () => (await fileLines(file)).length === 200, {
      timeoutMs: 20_000,
      message: 'the rest after resume',
    });
    assert.deepEqual((await fileLines(file)).sort(), sent.sort());
  });

  test('poison records go to the DLQ with context headers while good ones flow', async () => {
    const { rest, dataDir } = stackRef.current;
    const topic = uniqueName('poison');
    const dlq = uniqueName('poison-dlq');
    const name = uniqueName('dlq-sink');
    const file = join(dataDir, `${name}.txt`);
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const messages = Array.from({ length: 20 }, (_, i) => ({
      value: i % 5 === 0 ? `{not json ${i}` : JSON.stringify({ n: i }),
    }));
    await clients.producer.send({ topic, messages });
    await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'key.converter': STRING,
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
    });
    await waitFor(async () => (await fileLines(file)).length === 16, {
      timeoutMs: 20_000,
      message: '16 good records written',
    });
    assert.deepEqual(
      await fileLines(file),
      messages
        .filter((_, i) => i % 5 !== 0)
        .map((_, j) => `{n=${[1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19][j]}}`),
    );

    // Lines reach the file as they are put; the DLQ is produced before the offsets that skip them commit.
    const dlqEnd = async (): Promise<number> =>
      (await clients.admin.fetchTopicOffsets(dlq).catch(() => [])).reduce((n, p) => n + Number(p.high), 0);
    await waitFor(async () => (await dlqEnd()) === 4, { timeoutMs: 20_000, message: 'the DLQ topic holds 4 records' });
    const poisoned: Array<{ value: string; headers: Record<string, string> }> = [];
    const consumer = clients.kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: dlq, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          poisoned.push({ value: message.value?.toString() ?? '', headers });
        },
      });
      await waitFor(() => poisoned.length === 4, { timeoutMs: 20_000, message: '4 records in the DLQ' });
    } finally {
      await consumer.disconnect();
    }
    assert.deepEqual(
      poisoned.map((p) => p.value),
      ['{not json 0', '{not json 5', '{not json 10', '{not json 15'],
    );
    const first = poisoned[0]?.headers ?? {};
    assert.equal(first['__connect.errors.topic'], topic);
    assert.equal(first['__connect.errors.partition'], '0');
    assert.equal(first['__connect.errors.offset'], '0');
    assert.equal(first['__connect.errors.connector.name'], name);
    assert.equal(first['__connect.errors.task.id'], '0');
    assert.equal(first['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(first['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter');
    assert.ok(first['__connect.errors.exception.message']);
  });
});

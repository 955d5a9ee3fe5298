/**
 * Datagen through a local stack (the package loaded as every plugins/* package is), real Kafka and a real
 * DynamoDB-compatible server: listed and validated by the REST API, records in Kafka with their schemas
 * (JsonConverter, schemas on), `iterations` honoured, and a connector deleted and created again under the
 * same name continuing the count from its offsets.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { FUNCTION_NAMES } from '../../../../local/stack.js';
import { useKafkaClients } from '../../../../test/helpers/kafka.js';
import { uniqueName, useTestStack, type TestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';

const CLASS = 'io.confluent.kafka.connect.datagen.DatagenConnector';
const JSON_CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'key.converter.schemas.enable': 'true',
  'value.converter.schemas.enable': 'true',
};

interface Envelope {
  schema: { type: string; name?: string; fields?: Array<{ field: string; type: string; optional: boolean }> };
  payload: Record<string, unknown>;
}

interface Consumed {
  key: Envelope;
  value: Envelope;
  headers: Record<string, string>;
}

describe('Datagen on a local stack', () => {
  const stack = useTestStack();
  const clients = useKafkaClients(stack);
  let t: TestStack;
  beforeEach(() => {
    t = stack.current;
  });

  /** Records in the topic (sum of high watermarks); 0 before it exists. */
  const topicSize = async (topic: string): Promise<number> => {
    if (!(await clients.admin.listTopics()).includes(topic)) return 0;
    return (await clients.admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  };

  /** Every record of the topic, decoded, once there are `count`. */
  const consume = async (topic: string, count: number): Promise<Consumed[]> => {
    await waitFor(async () => (await topicSize(topic)) >= count, {
      timeoutMs: 30_000,
      message: `${count} records in ${topic}`,
    });
    const consumer = clients.kafka.consumer({ groupId: uniqueName('datagen-reader') });
    const out: Consumed[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void out.push({
            key: JSON.parse(message.key?.toString('utf8') ?? 'null') as Envelope,
            value: JSON.parse(message.value?.toString('utf8') ?? 'null') as Envelope,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          }),
      });
      await waitFor(() => out.length >= count, { timeoutMs: 30_000, message: `${count} records consumed` });
    } finally {
      await consumer.disconnect();
    }
    return out;
  };

  /** Task-runner invocations that have finished so far (slices, including idle ones). */
  const slicesDone = (): number => t.stack.functionStats()[FUNCTION_NAMES.taskRunner]?.succeeded ?? 0;

  /** Waits until at least two more slices ran to completion (the scheduler ticks every second in tests). */
  const twoMoreSlices = async (): Promise<void> => {
    const before = slicesDone();
    await waitFor(() => slicesDone() >= before + 2, { timeoutMs: 20_000, message: 'two more slices ran' });
  };

  const taskState = async (name: string): Promise<string | undefined> =>
    (await t.rest.get<{ tasks?: Array<{ state: string }> }>(`/connectors/${name}/status`)).body.tasks?.[0]?.state;

  test('GET /connector-plugins lists the connector with the package version', async () => {
    const res = await t.rest.get<Array<{ class: string; type: string; version: string }>>('/connector-plugins');
    assert.equal(res.status, 200);
    const datagen = res.body.find((p) => p.class === CLASS);
    assert.deepEqual(datagen, { class: CLASS, type: 'source', version: '0.1.0' });
  });

  test('validation names the missing schema source, and a schema.filename outside the package is a 400', async () => {
    const res = await t.rest.put<{
      error_count: number;
      configs: Array<{ value: { name: string; errors: string[] } }>;
    }>('/connector-plugins/DatagenConnector/config/validate', {
      'connector.class': 'DatagenConnector',
      'kafka.topic': 't',
    });
    assert.equal(res.status, 200);
    const errors = Object.fromEntries(res.body.configs.map((c) => [c.value.name, c.value.errors]));
    for (const key of ['quickstart', 'schema.string', 'schema.filename'])
      assert.deepEqual(errors[key], ['Must set exactly one of schema.string, schema.filename, quickstart']);
    const refused = await t.rest.post<{ message: string }>('/connectors', {
      name: uniqueName('escape'),
      config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 't', 'schema.filename': '/etc/passwd' },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /Invalid value \/etc\/passwd for configuration schema\.filename/);
  });

  test('records reach Kafka as Structs with schemas; iterations caps them; delete and create again continues the count', async () => {
    const name = uniqueName('orders');
    const topic = uniqueName('datagen-orders');
    const config = {
      'connector.class': 'DatagenConnector',
      'kafka.topic': topic,
      quickstart: 'orders',
      'max.interval': '0',
      iterations: '40',
      'random.seed': '42',
      ...JSON_CONVERTERS,
    };
    assert.equal((await t.rest.post('/connectors', { name, config })).status, 201);
    const first = await consume(topic, 40);
    assert.equal(first.length, 40);
    const [sample] = first;
    assert.equal(sample?.value.schema.type, 'struct');
    assert.equal(sample?.value.schema.name, 'ksql.orders');
    assert.deepEqual(
      sample?.value.schema.fields?.map((f) => [f.field, f.type]),
      [
        ['ordertime', 'int64'],
        ['orderid', 'int32'],
        ['itemid', 'string'],
        ['orderunits', 'double'],
        ['address', 'struct'],
      ],
    );
    assert.deepEqual(
      first.map((r) => r.value.payload['orderid']).sort((a, b) => Number(a) - Number(b)),
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.ok(
      first.every((r) => r.key.schema.type === 'int32' && r.key.payload === (r.value.payload['orderid'] as unknown)),
      'keyed by orderid',
    );
    assert.ok(
      first.every((r) => Number(r.headers['current.iteration']) === r.value.payload['orderid']),
      'current.iteration header',
    );

    // The cap holds: the task idles RUNNING, and more slices add nothing.
    await twoMoreSlices();
    assert.equal(await topicSize(topic), 40);
    assert.equal(await taskState(name), 'RUNNING');

    assert.equal((await t.rest.delete(`/connectors/${name}`)).status, 204);
    assert.equal((await t.rest.post('/connectors', { name, config: { ...config, iterations: '70' } })).status, 201);
    const all = await consume(topic, 70);
    const again = all.map((r) => Number(r.value.payload['orderid'])).sort((a, b) => a - b);
    assert.deepEqual(
      again,
      Array.from({ length: 70 }, (_, i) => i),
      'the new connector continued at 40, up to the new cap',
    );
    await twoMoreSlices();
    assert.equal(await topicSize(topic), 70);
    assert.equal((await t.rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('tasks.max tasks each make their own iterations, with their own task.id and stream', async () => {
    const name = uniqueName('users');
    const topic = uniqueName('datagen-users');
    const config = {
      ...JSON_CONVERTERS,
      'connector.class': 'DatagenConnector',
      'kafka.topic': topic,
      quickstart: 'users',
      'max.interval': '0',
      iterations: '15',
      'tasks.max': '2',
      'random.seed': '7',
    };
    assert.equal((await t.rest.post('/connectors', { name, config })).status, 201);
    const records = await consume(topic, 30);
    const byTask = (id: string): Consumed[] =>
      records
        .filter((r) => r.headers['task.id'] === id)
        .sort((a, b) => Number(a.headers['current.iteration']) - Number(b.headers['current.iteration']));
    assert.equal(byTask('0').length, 15);
    assert.equal(byTask('1').length, 15);
    assert.deepEqual(
      byTask('1').map((r) => Number(r.headers['current.iteration'])),
      Array.from({ length: 15 }, (_, i) => i),
    );
    assert.notDeepEqual(
      byTask('0').map((r) => r.value.payload),
      byTask('1').map((r) => r.value.payload),
      'the tasks make different data',
    );
    assert.ok(
      records.every((r) => r.key.payload === r.value.payload['userid']),
      'keyed by userid',
    );
    await twoMoreSlices();
    assert.equal(await topicSize(topic), 30);
    assert.equal((await t.rest.delete(`/connectors/${name}`)).status, 204);
  });
});

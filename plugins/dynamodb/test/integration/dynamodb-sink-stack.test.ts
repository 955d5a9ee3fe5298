/**
 * The DynamoDB sink through the local stack, as a user runs it: the plugin is discovered from
 * plugins/dynamodb, the connector is created through the REST API with Confluent's class name, records
 * come from a real broker (JSON values, string keys, updates and tombstones), the items land in a
 * DynamoDB-compatible server of their own (dynalite), and an oversize record reaches the DLQ topic with
 * the reason in Connect's error headers. The task runner's DynamoDB calls are checked against its policy
 * as `cdk synth` writes it for `-c dynamoDbTables=<table>`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCAL_IAM_CONTEXT_ENV } from '../../../../local/iam/index.js';
import { useKafkaClients } from '../../../../test/helpers/kafka.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import {
  Backend,
  TEST_CREDENTIALS,
  TEST_REGION,
  createTable,
  scanAll,
  startBackend,
  type RunningBackend,
} from '../support/servers.js';

const CLASS = 'io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector';
/** The table the deployment grants (dynalite is new for each file, so a fixed name is free). */
const TABLE = 't_ddb_sink_stack_it';

describe('DynamoDB sink on the local stack', () => {
  // The deployment's grant, as `cdk deploy -c dynamoDbTables=…` gives it: the stack's IAM check enforces it.
  process.env[LOCAL_IAM_CONTEXT_ENV] = `dynamoDbTables=${TABLE}`;
  const stackRef = useTestStack();
  const clients = useKafkaClients(stackRef);
  let data: RunningBackend;

  before(async () => {
    data = await startBackend(Backend.DYNALITE);
  });
  after(async () => {
    await data?.close();
  });

  test('GET /connector-plugins lists the sink, with its config keys', async () => {
    const { rest } = stackRef.current;
    const plugins = (await rest.get<Array<{ class: string; type: string; version: string }>>('/connector-plugins'))
      .body;
    assert.deepEqual(
      plugins.filter((p) => p.class === CLASS),
      [{ class: CLASS, type: 'sink', version: '0.1.0' }],
    );
    const keys = (await rest.get<Array<{ name: string }>>(`/connector-plugins/${CLASS}/config`)).body.map(
      (k) => k.name,
    );
    for (const key of [
      'aws.dynamodb.pk.hash',
      'aws.dynamodb.pk.sort',
      'table.name.format',
      'batch.size',
      'max.retries',
      'retry.backoff.ms',
    ])
      assert.ok(keys.includes(key), key);
  });

  test('records with updates and tombstones become the last value per key; an oversize record goes to the DLQ with the reason', async () => {
    const { rest } = stackRef.current;
    const topic = uniqueName('ddb-orders');
    const dlqTopic = `${topic}-dlq`;
    const name = uniqueName('ddb-sink');
    const table = TABLE;
    await clients.admin.createTopics({
      topics: [
        { topic, numPartitions: 3 },
        { topic: dlqTopic, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await createTable(data.client, table, ['id', 'S']);

    const expected = new Map<string, number>();
    const messages: Array<{ key: string; value: string | null }> = [];
    for (let i = 0; i < 2_000; i++) {
      const id = i % 10 === 9 ? `k${i - 5}` : `k${i}`;
      if (i % 100 === 98) {
        messages.push({ key: `k${i - 40}`, value: null });
        expected.delete(`k${i - 40}`);
        continue;
      }
      messages.push({ key: id, value: JSON.stringify({ n: i, label: `order ${i}` }) });
      expected.set(id, i);
    }
    messages.push({ key: 'huge', value: JSON.stringify({ blob: 'x'.repeat(450 * 1024) }) });
    // One key per partition keeps each key's records in order, as Kafka's default partitioner would.
    const partitionOf = (key: string): number => [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 3, 0);
    for (let i = 0; i < messages.length; i += 500) {
      await clients.producer.send({
        topic,
        messages: messages.slice(i, i + 500).map((m) => ({ ...m, partition: partitionOf(m.key) })),
      });
    }

    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': CLASS,
        'tasks.max': '2',
        topics: topic,
        'aws.dynamodb.endpoint': data.endpoint,
        'aws.dynamodb.region': TEST_REGION,
        ...TEST_CREDENTIALS,
        'table.name.format': TABLE,
        'aws.dynamodb.pk.hash': 'key:id',
        'aws.dynamodb.pk.sort': '',
        'batch.size': '25',
        'delete.enabled': 'true',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlqTopic,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const snapshot = async (): Promise<Map<string, number>> =>
      new Map((await scanAll(data.client, table)).map((item) => [String(item['id']?.S), Number(item['n']?.N)]));
    await waitFor(async () => (await snapshot()).size === expected.size && !(await snapshot()).has('huge'), {
      timeoutMs: 60_000,
      message: `${expected.size} items in ${table}`,
    });
    await waitFor(async () => isDeepEqual(await snapshot(), expected), {
      timeoutMs: 30_000,
      message: 'the table equals the last value per key',
    });

    const dlq = await readOne(dlqTopic);
    assert.equal(dlq.key, 'huge');
    assert.match(
      dlq.headers['__connect.errors.exception.message'] ?? '',
      /the item for table t_.* is 46\d{4} bytes, over DynamoDB's item size limit of 400 KB/,
    );
    const status = (await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`)).body;
    assert.deepEqual(
      status.tasks.map((t) => t.state),
      ['RUNNING', 'RUNNING'],
    );
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });

  /**
   * The first record of `topic`, waited for (not slept for). The consumer leaves before the suite's
   * hooks stop the broker: one still connected would retry a dead broker for ever and hold the process.
   */
  async function readOne(topic: string): Promise<{ key: string; headers: Record<string, string> }> {
    const consumer = clients.kafka.consumer({ groupId: uniqueName('ddb-dlq-reader') });
    await consumer.connect();
    const received: Array<{ key: string; headers: Record<string, string> }> = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push({
            key: String(message.key),
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
        },
      });
      await waitFor(() => received.length > 0, { timeoutMs: 30_000, message: `a record in ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return received[0] as { key: string; headers: Record<string, string> };
  }
});

function isDeepEqual(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The JDBC sink through the local stack: created over the REST API, fed by a real broker (JsonConverter
 * with schemas), writing to a real PostgreSQL: upserts with redelivered updates, tombstone deletes,
 * auto.evolve on a new optional field, and a record PostgreSQL refuses sent to the DLQ with its message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { usePostgres } from '../postgres.js';

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const KEY_SCHEMA = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int32', optional: false }] };
const VALUE_FIELDS = [
  { field: 'name', type: 'string', optional: false },
  { field: 'qty', type: 'int32', optional: false },
];
const NOTE = { field: 'note', type: 'string', optional: true };

function message(id: number, value: { name: string; qty: number; note?: string } | null, withNote = false) {
  const valueSchema = { type: 'struct', optional: false, fields: withNote ? [...VALUE_FIELDS, NOTE] : VALUE_FIELDS };
  return {
    key: JSON.stringify({ schema: KEY_SCHEMA, payload: { id } }),
    value: value === null ? null : JSON.stringify({ schema: valueSchema, payload: value }),
  };
}

describe('JDBC sink through the local stack', () => {
  const stackRef = useTestStack();
  const pg = usePostgres();
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  before(async () => {
    kafka = new Kafka({ brokers: stackRef.current.stack.kafkaBootstrapServers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 10_000 });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  after(async () => {
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  test('upserts, tombstone deletes, auto.evolve, and a refused record in the DLQ with PostgreSQL’s message', async (t) => {
    const { rest } = stackRef.current;
    const db = await pg.database();
    const topic = uniqueName('orders');
    const dlq = uniqueName('orders-dlq');
    const name = uniqueName('jdbc-sink');
    await db.query(`CREATE TABLE "${topic}" (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL CHECK (qty >= 0))`);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const first = [
      ...Array.from({ length: 100 }, (_, i) => message(i, { name: `n${i}`, qty: i })),
      ...Array.from({ length: 20 }, (_, i) => message(i, { name: `updated${i}`, qty: 1000 + i })),
      message(50, null),
      message(51, null),
      message(7, { name: 'refused', qty: -1 }),
    ];
    await producer.send({ topic, messages: first });

    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'tasks.max': '2', topics: topic, ...db.props,
        'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true', 'auto.evolve': 'true',
        'key.converter': JSON_CONVERTER, 'value.converter': JSON_CONVERTER,
        'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlq, 'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    t.after(async () => {
      await rest.delete(`/connectors/${name}`);
    });
    const rows = async () => db.query<{ id: number; name: string; qty: number }>(`SELECT id, name, qty FROM "${topic}" ORDER BY id`);
    await waitFor(async () => (await rows()).length === 98 && (await rows()).find((r) => r.id === 19)?.name === 'updated19', { timeoutMs: 60_000, message: '98 rows with the updates applied' });
    const written = await rows();
    assert.equal(written.some((r) => r.id === 50 || r.id === 51), false, 'tombstones deleted their rows');
    assert.deepEqual(written.find((r) => r.id === 7), { id: 7, name: 'updated7', qty: 1007 }, 'the refused record changed nothing');
    assert.deepEqual(written.find((r) => r.id === 99), { id: 99, name: 'n99', qty: 99 });

    const dlqEnd = async (): Promise<number> => (await admin.fetchTopicOffsets(dlq).catch(() => [])).reduce((n, p) => n + Number(p.high), 0);
    await waitFor(async () => (await dlqEnd()) === 1, { timeoutMs: 30_000, message: 'the refused record in the DLQ' });
    const headers = await readOneDlqRecord(kafka, dlq);
    assert.equal(headers['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(headers['__connect.errors.exception.class.name'], 'DataError');
    assert.match(headers['__connect.errors.exception.message'] ?? '', /violates check constraint .*qty_check.*SQLSTATE 23514/);

    await producer.send({ topic, messages: [message(200, { name: 'with note', qty: 1, note: 'hello' }, true)] });
    await waitFor(async () => (await db.query(`SELECT note FROM "${topic}" WHERE id = 200`))[0]?.note === 'hello', { timeoutMs: 60_000, message: 'the evolved row' });
    const status = (await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`)).body;
    assert.deepEqual(status.tasks.map((task) => task.state), ['RUNNING', 'RUNNING']);
  });
});

async function readOneDlqRecord(kafka: Kafka, topic: string): Promise<Record<string, string>> {
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  await consumer.connect();
  try {
    let headers: Record<string, string> | undefined;
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      },
    });
    await waitFor(() => headers !== undefined, { timeoutMs: 20_000, message: 'a record read from the DLQ' });
    return headers!;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * The JDBC sink through the local stack: created over the REST API, fed by a real broker (JsonConverter
 * with schemas), writing to a real PostgreSQL: upserts with redelivered updates, tombstone deletes,
 * auto.evolve on a new optional field, and a record PostgreSQL refuses sent to the DLQ with its message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Kafka } from 'kafkajs';
import { useKafkaClients } from '../../../../test/helpers/kafka.js';
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
  const clients = useKafkaClients(stackRef);
  const pg = usePostgres();

  test('upserts, tombstone deletes, auto.evolve, and a refused record in the DLQ with PostgreSQL’s message', async (t) => {
    const { rest } = stackRef.current;
    const db = await pg.database();
    const topic = uniqueName('orders');
    const dlq = uniqueName('orders-dlq');
    const name = uniqueName('jdbc-sink');
    await db.query(
      `CREATE TABLE "${topic}" (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL CHECK (qty >= 0))`,
    );
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const first = [
      ...Array.from({ length: 100 }, (_, i) => message(i, { name: `n${i}`, qty: i })),
      ...Array.from({ length: 20 }, (_, i) => message(i, { name: `updated${i}`, qty: 1000 + i })),
      message(50, null),
      message(51, null),
      message(7, { name: 'refused', qty: -1 }),
    ];
    await clients.producer.send({ topic, messages: first });

    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
        'tasks.max': '2',
        topics: topic,
        ...db.props,
        'insert.mode': 'upsert',
        'pk.mode': 'record_key',
        'delete.enabled': 'true',
        'auto.evolve': 'true',
        'key.converter': JSON_CONVERTER,
        'value.converter': JSON_CONVERTER,
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    t.after(async () => {
      await rest.delete(`/connectors/${name}`);
    });
    const rows = async () =>
      db.query<{ id: number; name: string; qty: number }>(`SELECT id, name, qty FROM "${topic}" ORDER BY id`);
    await waitFor(
      async () => (await rows()).length === 98 && (await rows()).find((r) => r.id === 19)?.name === 'updated19',
      { timeoutMs: 60_000, message: '98 rows with the updates applied' },
    );
    const written = await rows();
    assert.equal(
      written.some((r) => r.id === 50 || r.id === 51),
      false,
      'tombstones deleted their rows',
    );
    assert.deepEqual(
      written.find((r) => r.id === 7),
      { id: 7, name: 'updated7', qty: 1007 },
      'the refused record changed nothing',
    );
    assert.deepEqual(
      written.find((r) => r.id === 99),
      { id: 99, name: 'n99', qty: 99 },
    );

    const dlqEnd = async (): Promise<number> =>
      (await clients.admin.fetchTopicOffsets(dlq).catch(() => [])).reduce((n, p) => n + Number(p.high), 0);
    await waitFor(async () => (await dlqEnd()) === 1, { timeoutMs: 30_000, message: 'the refused record in the DLQ' });
    const headers = await readOneDlqRecord(clients.kafka, dlq);
    assert.equal(headers['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(headers['__connect.errors.exception.class.name'], 'DataError');
    assert.match(
      headers['__connect.errors.exception.message'] ?? '',
      /violates check constraint .*qty_check.*SQLSTATE 23514/,
    );

    await clients.producer.send({
      topic,
      messages: [message(200, { name: 'with note', qty: 1, note: 'hello' }, true)],
    });
    await waitFor(async () => (await db.query(`SELECT note FROM "${topic}" WHERE id = 200`))[0]?.note === 'hello', {
      timeoutMs: 60_000,
      message: 'the evolved row',
    });
    const status = (await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`)).body;
    assert.deepEqual(
      status.tasks.map((task) => task.state),
      ['RUNNING', 'RUNNING'],
    );
  });

  test('while the database is unreachable the task stays RUNNING and retries; once it is back every record arrives', async (t) => {
    const { rest } = stackRef.current;
    const db = await pg.database();
    const relay = new Relay(pg.server().port);
    const relayPort = await relay.listen();
    t.after(() => relay.close());
    const topic = uniqueName('outage');
    const name = uniqueName('jdbc-outage');
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await clients.producer.send({
      topic,
      messages: Array.from({ length: 50 }, (_, i) => message(i, { name: `n${i}`, qty: i })),
    });
    const url = db.url.replace(`:${pg.server().port}/`, `:${relayPort}/`);
    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'JdbcSink',
        topics: topic,
        ...db.props,
        'connection.url': url,
        'auto.create': 'true',
        'insert.mode': 'upsert',
        'pk.mode': 'record_key',
        'max.retries': '1000',
        'retry.backoff.ms': '100',
        'key.converter': JSON_CONVERTER,
        'value.converter': JSON_CONVERTER,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    t.after(async () => {
      await rest.delete(`/connectors/${name}`);
    });
    const state = async (): Promise<string | undefined> =>
      (await rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(`/connectors/${name}/status`)).body
        .tasks?.[0]?.state;
    await waitFor(() => relay.attemptsWhileDown >= 3, {
      timeoutMs: 60_000,
      message: 'three connection attempts while the database is down',
    });
    assert.equal(await state(), 'RUNNING');
    const table = async () =>
      (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_tables WHERE tablename = '${topic}'`))[0]?.n;
    assert.equal(await table(), '0', 'nothing written while the database is unreachable');
    relay.restore();
    await waitFor(async () => (await table()) === '1' && (await db.query(`SELECT 1 FROM "${topic}"`)).length === 50, {
      timeoutMs: 60_000,
      message: 'all 50 rows once the database is back',
    });
    assert.equal(await state(), 'RUNNING');
  });
});

/** A TCP relay to PostgreSQL that drops every connection (counting them) until `restore()`, then relays. */
class Relay {
  attemptsWhileDown = 0;
  private up = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: number) {
    this.server = createServer((client) => {
      this.track(client);
      if (!this.up) {
        this.attemptsWhileDown += 1;
        client.destroy();
        return;
      }
      const upstream = this.track(createConnection(this.target, '127.0.0.1'));
      client.pipe(upstream).pipe(client);
    });
  }

  /** Listens on a free port of 127.0.0.1 and resolves with it. */
  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }

  restore(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  }
}

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

/**
 * A clean stack shutdown while a JDBC sink slice retries against an unreachable database: `stop()`
 * returns within its drain bound, and no Kafka connection of this process outlives it, neither when it
 * returns nor once the abandoned slice has ended (jdbc-sink-stack once held a socket to the shared
 * broker for 7 minutes after its tests passed). The broker is not the stack's, so its sockets stay
 * open unless the stack closes them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { startKafkaBroker, type KafkaBroker } from '../../../../local/kafka/broker.js';
import { FUNCTION_NAMES, startLocalStack } from '../../../../local/stack.js';
import { restClient } from '../../../../test/helpers/rest.js';
import { openSocketsTo } from '../../../../test/helpers/sockets.js';
import { testStackOptions, uniqueName } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const STOP_DRAIN_MS = 2_000;
const TASK_TIMEOUT_MS = 15_000;

describe('LocalStack.stop with a sink slice retrying', () => {
  let broker: KafkaBroker | undefined;
  let bootstrap = process.env['KAFKA_BOOTSTRAP_SERVERS'] ?? '';
  before(async () => {
    if (bootstrap !== '') return;
    broker = await startKafkaBroker();
    bootstrap = broker.bootstrapServers;
  });
  after(async () => {
    await broker?.stop();
  });

  test('stop returns within its bound and leaves no socket to the broker, also after the abandoned slice ends', async (t) => {
    const brokerPort = Number(bootstrap.split(',')[0]?.split(':').pop());
    const database = new RefusingServer();
    const dbPort = await database.listen();
    t.after(() => database.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'lc-stop-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const stack = await startLocalStack(
      testStackOptions(join(dataDir, 'state'), {
        kafkaBootstrapServers: bootstrap,
        tickMs: 500,
        stopDrainMs: STOP_DRAIN_MS,
        taskTimeoutMs: TASK_TIMEOUT_MS,
      }),
    );
    t.after(() => stack.stop());

    const topic = uniqueName('stop');
    const producer = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).producer({
      allowAutoTopicCreation: true,
    });
    await producer.connect();
    const schema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int32', optional: false }] };
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, id) => ({
        key: JSON.stringify({ schema, payload: { id } }),
        value: JSON.stringify({ schema, payload: { id } }),
      })),
    });
    await producer.disconnect();

    const created = await restClient(stack.url).post('/connectors', {
      name: uniqueName('jdbc-stop'),
      config: {
        'connector.class': 'JdbcSink',
        topics: topic,
        'connection.url': `jdbc:postgresql://127.0.0.1:${dbPort}/nowhere`,
        'connection.user': 'nobody',
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
    // Three refused connections: the slice has fetched the records and is delivering them again and again.
    await waitFor(() => database.attempts >= 3, {
      timeoutMs: 60_000,
      message: 'the sink retrying against the unreachable database',
    });
    assert.ok(openSocketsTo(brokerPort).length > 0, 'the stack is connected to the broker');
    assert.ok((stack.functionStats()[FUNCTION_NAMES.taskRunner]?.inFlight ?? 0) > 0, 'a slice in flight');

    const started = Date.now();
    await stack.stop();
    const took = Date.now() - started;
    assert.ok(took < STOP_DRAIN_MS + 10_000, `stop took ${took} ms`);
    assert.deepEqual(addresses(openSocketsTo(brokerPort)), [], 'no socket to the broker once stop returned');

    // The abandoned slice runs on until its deadline; its end (offset commits, status) must not reconnect.
    await waitFor(() => (stack.functionStats()[FUNCTION_NAMES.taskRunner]?.inFlight ?? 0) === 0, {
      timeoutMs: TASK_TIMEOUT_MS + 30_000,
      message: 'the abandoned slice ended',
    });
    assert.deepEqual(
      addresses(openSocketsTo(brokerPort)),
      [],
      'no socket to the broker once the abandoned slice ended',
    );
    process.stdout.write(`# stack stop with a retrying sink slice: ${took} ms\n`);
  });
});

function addresses(sockets: readonly Socket[]): string[] {
  return sockets.map((s) => `${s.localAddress}:${s.localPort} -> ${s.remoteAddress}:${s.remotePort}`);
}

/** A database port that accepts and at once drops every connection, counting them. */
class RefusingServer {
  attempts = 0;
  private readonly server: Server = createServer((socket) => {
    this.attempts += 1;
    socket.on('error', () => undefined);
    socket.destroy();
  });

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

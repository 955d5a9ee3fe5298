/**
 * The HTTP sink through a local stack, as a user would run it: records produced to a real broker, the
 * connector created through the REST API (the stack loads plugins/* by itself), a real node:http server
 * started here as the endpoint. Exactly once when the server behaves; nothing lost when it fails 20 % of
 * requests with 503 and drops 5 % of connections; a 400 poison record in the DLQ with its status and body;
 * BASIC auth with the password read from Secrets Manager (moto's server) by reference.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMotoDynamo, type MotoDynamo } from '../../../../local/dynamodb/moto.js';
import { LOCAL_ACCOUNT } from '../../../../local/iam/local-names.js';
import { useKafkaClients } from '../../../../test/helpers/kafka.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { HttpTestServer, type Answer, type ReceivedRequest } from '../helpers/http-test-server.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const SECRET_NAME = `http-sink-it/${process.pid}`;
const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
const SAVED_ENV = { ...process.env };

/** A seeded generator (mulberry32), so the fault pattern is random-looking and the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('HTTP sink through the local stack', () => {
  let moto: MotoDynamo | undefined;
  // Registered before the stack's hooks, so the stack starts with Secrets Manager pointed at moto and the
  // deployment's grant for the secret (cdk deploy -c secretArns=…) given to local IAM.
  before(async () => {
    moto = await startMotoDynamo();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
      AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'] ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY'] ?? 'local',
      AWS_REGION: process.env['AWS_REGION'] ?? 'us-east-1',
      LC_LOCAL_IAM_CONTEXT: `secretArns=arn:aws:secretsmanager:us-east-1:${LOCAL_ACCOUNT}:secret:http-sink-it/*`,
    });
    const client = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(
        new CreateSecretCommand({ Name: SECRET_NAME, SecretString: JSON.stringify({ password: PASSWORD }) }),
      );
    } finally {
      client.destroy();
    }
  });
  const stackRef = useTestStack();
  const clients = useKafkaClients(stackRef);
  const servers: HttpTestServer[] = [];

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await moto?.close();
    for (const key of Object.keys(process.env)) if (!(key in SAVED_ENV)) delete process.env[key];
    Object.assign(process.env, SAVED_ENV);
  });

  const server = async (respond: (r: ReceivedRequest, i: number) => Answer): Promise<HttpTestServer> => {
    const s = await HttpTestServer.start(respond);
    servers.push(s);
    return s;
  };

  /** Produces `values` to a new topic of `partitions` partitions. */
  const topicWith = async (values: readonly string[], partitions = 3): Promise<string> => {
    const topic = uniqueName('http-sink');
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    for (let i = 0; i < values.length; i += 1_000) {
      const messages = values.slice(i, i + 1_000).map((value, j) => ({ key: `k${(i + j) % 31}`, value }));
      // A new topic's metadata may reach the producer a moment after its leaders are elected.
      await waitFor(async () => (await clients.producer.send({ topic, messages }), true), {
        timeoutMs: 15_000,
        message: `produce to ${topic}`,
      });
    }
    return topic;
  };

  const createSink = async (name: string, config: Record<string, string>): Promise<void> => {
    const created = await stackRef.current.rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'io.confluent.connect.http.HttpSinkConnector',
        'tasks.max': '2',
        'key.converter': STRING,
        'value.converter': STRING,
        'retry.backoff.ms': '10',
        ...config,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  };

  const taskStates = async (name: string): Promise<string[]> =>
    (
      (
        await stackRef.current.rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(
          `/connectors/${name}/status`,
        )
      ).body.tasks ?? []
    ).map((t) => t.state);

  /** Every value the server accepted, from `separator`-joined bodies (Kafka trims string configs, so not a newline). */
  const valuesOf = (s: HttpTestServer, separator = ';'): string[] => s.received.flatMap((r) => r.body.split(separator));

  test('the connector is listed with the package version and validates', async () => {
    const { rest } = stackRef.current;
    const plugins = (await rest.get<Array<{ class: string; type: string; version: string }>>('/connector-plugins'))
      .body;
    assert.deepEqual(
      plugins.filter((p) => p.class === 'io.confluent.connect.http.HttpSinkConnector'),
      [{ class: 'io.confluent.connect.http.HttpSinkConnector', type: 'sink', version: '0.1.0' }],
    );
    const validated = await rest.put<{
      error_count: number;
      configs: Array<{ value: { name: string; errors: string[] } }>;
    }>('/connector-plugins/HttpSink/config/validate', {
      'connector.class': 'HttpSink',
      topics: 't',
      'http.api.url': 'ftp://nope',
      'auth.type': 'BASIC',
    });
    assert.equal(validated.status, 200);
    const errors = Object.fromEntries(
      validated.body.configs.filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]),
    );
    assert.match(errors['http.api.url']?.[0] ?? '', /the scheme must be http or https/);
    assert.equal(validated.body.error_count, Object.values(errors).flat().length);
  });

  test('10,000 records, one per request: each received exactly once', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `single-${i}`);
    const topic = await topicWith(values);
    const s = await server(() => ({ status: 200 }));
    const name = uniqueName('http-single');
    await createSink(name, { topics: topic, 'http.api.url': s.url });
    await s.waitFor('10,000 records', (r) => r.length >= values.length, 120_000);
    await waitFor(
      async () =>
        (
          await stackRef.current.rest.get<{ offsets: Array<{ offset: { kafka_offset: number } }> }>(
            `/connectors/${name}/offsets`,
          )
        ).body.offsets.reduce((n, o) => n + o.offset.kafka_offset, 0) === values.length,
      { timeoutMs: 30_000, message: 'offsets committed for all 10,000' },
    );
    const got = valuesOf(s);
    assert.equal(got.length, values.length, 'no duplicates');
    assert.deepEqual([...got].sort(), [...values].sort());
    assert.deepEqual(await taskStates(name), ['RUNNING', 'RUNNING']);
    assert.equal((await stackRef.current.rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('20 % 503s and 5 % dropped connections, batched: none lost, none twice', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `faulty-${i}`);
    const topic = await topicWith(values);
    const random = seeded(13);
    let unavailable = 0;
    let dropped = 0;
    const s = await server(() => {
      const roll = random();
      if (roll < 0.2) return (unavailable++, { status: 503, body: 'try later' });
      if (roll < 0.25) return (dropped++, 'drop');
      return { status: 200 };
    });
    const name = uniqueName('http-faulty');
    await createSink(name, { topics: topic, 'http.api.url': s.url, 'batch.max.size': '20', 'batch.separator': ';' });
    await waitFor(() => new Set(valuesOf(s)).size >= values.length, {
      timeoutMs: 120_000,
      message: `10,000 distinct records (have ${new Set(valuesOf(s)).size})`,
    });
    const got = valuesOf(s);
    assert.deepEqual([...new Set(got)].sort(), [...values].sort(), 'every record arrived');
    assert.equal(got.length, values.length, 'dropped connections never reached the server, so nothing twice');
    assert.ok(
      unavailable > 0.15 * s.attempts && dropped > 0.03 * s.attempts,
      `faults were injected: ${unavailable} 503s and ${dropped} drops in ${s.attempts} requests`,
    );
    assert.deepEqual(await taskStates(name), ['RUNNING', 'RUNNING'], 'outages of the endpoint never fail a task');
    assert.equal((await stackRef.current.rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('a 400 for a poison record puts it in the DLQ with the status and body; the rest flows', async () => {
    const values = Array.from({ length: 50 }, (_, i) => (i === 17 ? 'poison' : `good-${i}`));
    const topic = await topicWith(values, 1);
    const s = await server((r) =>
      r.body === 'poison' ? { status: 400, body: '{"error":"unparseable event"}' } : { status: 200 },
    );
    const dlq = uniqueName('http-dlq');
    const name = uniqueName('http-poison');
    await createSink(name, {
      topics: topic,
      'tasks.max': '1',
      'http.api.url': s.url,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await s.waitFor('49 good records', (r) => r.length >= 49, 60_000);
    // The framework creates the DLQ topic when it first reports a record.
    await waitFor(async () => (await clients.admin.listTopics()).includes(dlq), {
      timeoutMs: 60_000,
      message: `the DLQ topic ${dlq}`,
    });
    const dead: Array<{ value: string; headers: Record<string, string> }> = [];
    const consumer = clients.kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: dlq, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          dead.push({
            value: message.value?.toString() ?? '',
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
        },
      });
      await waitFor(() => dead.length >= 1, { timeoutMs: 60_000, message: 'the poison record in the DLQ' });
    } finally {
      await consumer.disconnect();
    }
    assert.deepEqual(
      dead.map((d) => d.value),
      ['poison'],
    );
    const headers = dead[0]?.headers ?? {};
    assert.equal(headers['__connect.errors.exception.class.name'], 'HttpResponseError');
    assert.match(
      headers['__connect.errors.exception.message'] ?? '',
      /^HTTP 400 from POST http:\/\/127\.0\.0\.1:\d+\/events; response body: \{"error":"unparseable event"\}$/,
    );
    assert.equal(headers['__connect.errors.details.http.status'], '400');
    assert.equal(headers['__connect.errors.details.http.response.body'], '{"error":"unparseable event"}');
    assert.equal(headers['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(headers['__connect.errors.offset'], '17');
    assert.deepEqual(
      s.received.map((r) => r.body),
      values.filter((v) => v !== 'poison'),
    );
    assert.deepEqual(await taskStates(name), ['RUNNING']);
    assert.equal((await stackRef.current.rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('BASIC auth with the password from Secrets Manager by reference', async () => {
    const expected = `Basic ${Buffer.from(`ingest:${PASSWORD}`).toString('base64')}`;
    const values = Array.from({ length: 100 }, (_, i) => `auth-${i}`);
    const topic = await topicWith(values, 1);
    const s = await server((r) =>
      r.headers.authorization === expected ? { status: 200 } : { status: 401, body: 'who are you' },
    );
    const name = uniqueName('http-auth');
    const reference = `\${secretsmanager:${SECRET_NAME}:password}`;
    await createSink(name, {
      topics: topic,
      'tasks.max': '1',
      'http.api.url': s.url,
      'auth.type': 'BASIC',
      'connection.user': 'ingest',
      'connection.password': reference,
    });
    await s.waitFor('100 authenticated records', (r) => r.length >= values.length, 60_000);
    assert.deepEqual(valuesOf(s), values);
    assert.equal(s.attempts, values.length, 'no request went without the right credentials');
    const shown = await stackRef.current.rest.get<Record<string, string>>(`/connectors/${name}/config`);
    assert.equal(shown.body['connection.password'], reference, 'the REST API shows the reference');
    assert.ok(!JSON.stringify(shown.body).includes(PASSWORD));
    assert.equal((await stackRef.current.rest.delete(`/connectors/${name}`)).status, 204);
  });
});

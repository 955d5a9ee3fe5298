/**
 * The seed's walkthrough (shared/seed/kafka-connect.md), end to end on a real broker and a real
 * DynamoDB-compatible server: a FileStream source reads a properties file into a topic, a real consumer
 * finds every line, a FileStream sink copies the topic to a file equal to the source, DELETE removes both.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { consumeAll } from '../helpers/kafka.js';
import { uniqueName, useTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const PROPERTIES =
  Array.from({ length: 120 }, (_, i) =>
    i % 10 === 0 ? `# section ${i / 10}` : `setting.${i}=value-${i} with spaces = and equals`,
  ).join('\n') + '\n';

describe('the seed walkthrough', () => {
  const stack = useTestStack();
  let t: TestStack;
  beforeEach(() => {
    t = stack.current;
  });

  test('GET / answers version, commit and the real cluster id', async () => {
    const res = await t.rest.get<{ version: string; commit: string; kafka_cluster_id: string }>('/');
    assert.equal(res.status, 200);
    const admin = new Kafka({
      brokers: t.stack.kafkaBootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
    }).admin();
    await admin.connect();
    try {
      assert.equal(res.body.kafka_cluster_id, (await admin.describeCluster()).clusterId);
    } finally {
      await admin.disconnect();
    }
    assert.equal(res.body.version, '4.3.1');
    assert.equal(typeof res.body.commit, 'string');
  });

  test('source fills the topic, sink copies it, DELETE removes both', async () => {
    const source = join(t.dataDir, 'server.properties');
    const copy = join(t.dataDir, 'copy-of-server-properties');
    const topic = uniqueName('kafka-config-topic');
    await writeFile(source, PROPERTIES);

    const created = Date.now();
    const load = await t.rest.post<{ name: string; type: string }>('/connectors', {
      name: 'load-kafka-config',
      config: { 'connector.class': 'FileStreamSource', file: source, topic },
    });
    assert.equal(load.status, 201);
    assert.equal(load.body.type, 'source');
    await waitFor(
      async () =>
        (
          await t.rest.get<{ connector?: { state: string }; tasks?: Array<{ state: string }> }>(
            '/connectors/load-kafka-config/status',
          )
        ).body.tasks?.[0]?.state === 'RUNNING',
      { timeoutMs: 10_000, message: 'source task RUNNING within 10 s' },
    );
    assert.ok(Date.now() - created < 10_000);

    const lines = PROPERTIES.trimEnd().split('\n');
    const seen = await consumeAll(t.stack.kafkaBootstrapServers, topic, lines.length);
    assert.deepEqual(
      seen.map((v) => JSON.parse(v).payload),
      lines,
    );
    assert.deepEqual(JSON.parse(seen[0] ?? '{}').schema, { type: 'string', optional: false });

    const dump = await t.rest.post('/connectors', {
      name: 'dump-kafka-config',
      config: { 'connector.class': 'FileStreamSink', file: copy, topics: topic },
    });
    assert.equal(dump.status, 201);
    await waitFor(async () => (await readFile(copy, 'utf8').catch(() => '')) === PROPERTIES, {
      timeoutMs: 30_000,
      message: 'the copy equals the source',
    });

    assert.deepEqual((await t.rest.get<string[]>('/connectors')).body.sort(), [
      'dump-kafka-config',
      'load-kafka-config',
    ]);
    assert.equal((await t.rest.delete('/connectors/load-kafka-config')).status, 204);
    assert.equal((await t.rest.delete('/connectors/dump-kafka-config')).status, 204);
    assert.deepEqual((await t.rest.get('/connectors')).body, []);
    assert.equal((await t.rest.get('/connectors/load-kafka-config/status')).status, 404);
    await t.stack.tick();
    await writeFile(source, PROPERTIES + 'appended.after.delete=true\n');
    await t.stack.tick();
    assert.equal(await readFile(copy, 'utf8'), PROPERTIES, 'deleted connectors move no more data');
  });

  test('the seed spelling FileStream-Source gets a clear 400 naming the right class', async () => {
    const res = await t.rest.post<{ error_code: number; message: string }>('/connectors', {
      name: 'seed-spelling',
      config: { 'connector.class': 'FileStream-Source', file: '/tmp/x', topic: 't' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 400);
    assert.match(
      res.body.message,
      /Failed to find any class that implements Connector and which name matches FileStream-Source/,
    );
    assert.match(res.body.message, /FileStreamSource/);
    assert.ok(!(await t.rest.get<string[]>('/connectors')).body.includes('seed-spelling'), 'nothing was created');
  });

  test('the seed file /etc/hosts, /etc/passwd or a ../ path out of the allowed dirs is a 400 naming the setting (decision 0008)', async () => {
    const attempts = [
      { 'connector.class': 'FileStreamSource', file: '/etc/hosts', topic: 't' },
      { 'connector.class': 'FileStreamSource', file: '/etc/passwd', topic: 't' },
      { 'connector.class': 'FileStreamSink', file: `${tmpdir()}/../etc/copy-of-hosts`, topics: 't' },
    ];
    for (const config of attempts) {
      const res = await t.rest.post<{ error_code: number; message: string }>('/connectors', { name: 'escape', config });
      assert.equal(res.status, 400, config.file);
      assert.match(
        res.body.message,
        /Invalid value .* for configuration file: the file is outside the directories FileStream connectors may use \(LC_FILE_ALLOWED_DIRS=/,
      );
    }
    assert.equal((await t.rest.get('/connectors/escape')).status, 404, 'nothing was created');
  });
});

/**
 * The S3 sink through the local stack: created with the REST API like any connector, it reads a real
 * topic and writes moto S3. The process running the slices is SIGKILLed several times while it works;
 * afterwards the bucket holds exactly the keys an uninterrupted run writes, each record once. Every S3
 * call of the task runner is checked against its policy as `cdk synth` writes it for a write-only grant
 * of the bucket's `topics/` prefix (`-c s3Buckets=<bucket>/topics/:write`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { LOCAL_IAM_CONTEXT_ENV } from '../../../../local/iam/index.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { useDummyCredentials, useMotoS3 } from '../fixtures/moto-s3.js';

const RECORDS = 20_000;
const PARTITIONS = 2;
const FLUSH_SIZE = 1_000;
const KILLS = 6;
/** Named in the IAM grant the stack is synthesized with (moto is new for each file, so a fixed name is free). */
const BUCKET = 's3-sink-stack-it';

describe('S3 sink through the local stack', () => {
  // The task runner's S3 client uses the default credential chain: dummy keys for moto.
  useDummyCredentials();
  // The deployment's grant, as `cdk deploy -c s3Buckets=…` gives it: the stack's IAM check enforces it.
  process.env[LOCAL_IAM_CONTEXT_ENV] = `s3Buckets=${BUCKET}/topics/:write`;
  const moto = useMotoS3();
  const ref = useTestStack({ isolateTaskRunner: true, leaseTtlMs: 2_000, tickMs: 500 });
  let admin: Admin;
  let producer: Producer;

  before(async () => {
    const kafka = new Kafka({
      brokers: ref.current.stack.kafkaBootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
    });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  after(async () => {
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  test('listed in GET /connector-plugins with its config keys', async () => {
    const { rest } = ref.current;
    const plugins = (await rest.get<Array<{ class: string; type: string }>>('/connector-plugins')).body;
    assert.ok(plugins.some((p) => p.class === 'io.confluent.connect.s3.S3SinkConnector' && p.type === 'sink'));
    const bad = await rest.put<{ configs: Array<{ value: { name: string; errors: string[] } }> }>(
      '/connector-plugins/S3SinkConnector/config/validate',
      {
        'connector.class': 'S3SinkConnector',
        topics: 't',
        's3.bucket.name': 'b',
        'format.class': 'ParquetFormat',
        'parquet.codec': 'lz4',
        'flush.size': '10',
      },
    );
    const format = bad.body.configs.find((c) => c.value.name === 'format.class');
    assert.deepEqual(format?.value.errors, []);
    const codec = bad.body.configs.find((c) => c.value.name === 'parquet.codec');
    assert.match(
      codec?.value.errors.join(' ') ?? '',
      /lz4 is not supported by this sink; use none, snappy, gzip, brotli, zstd/,
    );
  });

  test(`${RECORDS.toLocaleString('en-US')} records, up to ${KILLS} SIGKILLs of the task runner right after uploads: exactly the keys of a clean run, each record once`, async (t) => {
    const { rest, stack } = ref.current;
    const bucket = await moto.bucket('stack', BUCKET);
    const topic = uniqueName('s3-orders');
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    const sent = new Map<number, string[]>(Array.from({ length: PARTITIONS }, (_, p) => [p, []]));
    for (let from = 0; from < RECORDS; from += 1_000) {
      const messages = Array.from({ length: 1_000 }, (_, i) => {
        const n = from + i;
        const value = JSON.stringify({ id: n, region: ['eu', 'us', 'ap'][n % 3], amount: n / 4 });
        sent.get(n % PARTITIONS)?.push(value);
        return { partition: n % PARTITIONS, key: `k${n}`, value };
      });
      await producer.send({ topic, messages });
    }
    const name = uniqueName('s3-sink');
    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        topics: topic,
        's3.bucket.name': bucket,
        's3.region': 'us-east-1',
        'store.url': moto.endpoint,
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        'flush.size': String(FLUSH_SIZE),
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        // Small slices: many slice boundaries (open files dropped and re-read) besides the kills.
        'slice.max.records': '2500',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const expectedKeys = Array.from({ length: PARTITIONS }, (_, p) =>
      Array.from(
        { length: RECORDS / PARTITIONS / FLUSH_SIZE },
        (_, i) => `topics/${topic}/partition=${p}/${topic}+${p}+${String(i * FLUSH_SIZE).padStart(10, '0')}.json`,
      ),
    )
      .flat()
      .sort();
    // Each kill lands right after a new object appears: the slice that uploaded it is likely between its
    // upload and its commit, the window where a duplicate would be born.
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const seen = (await moto.keys(bucket)).length;
      if (seen >= expectedKeys.length) break;
      await waitFor(async () => (await moto.keys(bucket)).length > seen, {
        timeoutMs: 60_000,
        intervalMs: 20,
        message: `object ${seen + 1}`,
      });
      await delay(Math.floor(Math.random() * 50));
      await stack.killTaskRunner();
      kills++;
    }
    t.diagnostic(
      `${kills} kills while objects were being written; ${(await moto.keys(bucket)).length} of ${expectedKeys.length} objects when the last hit`,
    );
    assert.ok(kills >= KILLS / 2, `only ${kills} kills landed before the sink finished`);
    await waitFor(async () => (await moto.keys(bucket)).length >= expectedKeys.length, {
      timeoutMs: 240_000,
      intervalMs: 250,
      message: `${expectedKeys.length} objects`,
    });
    // Nothing but the expected keys, even though slices died between upload and commit.
    assert.deepEqual(await moto.keys(bucket), expectedKeys);
    for (const key of expectedKeys) {
      const [, p, start] = /\+(\d+)\+(\d+)\.json$/.exec(key) ?? [];
      const lines = (sent.get(Number(p)) ?? []).slice(Number(start), Number(start) + FLUSH_SIZE);
      assert.equal((await moto.body(bucket, key)).toString(), lines.map((l) => `${l}\n`).join(''), key);
    }
    const status = (await rest.get<{ tasks: Array<{ state: string }> }>(`/connectors/${name}/status`)).body;
    assert.deepEqual(
      status.tasks.map((t) => t.state),
      ['RUNNING'],
    );
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });
});

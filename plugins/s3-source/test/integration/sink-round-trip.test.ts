/**
 * Backup and restore with both plugins through one local stack: records produced to a topic → the S3
 * sink (plugins/s3: JsonFormat, gzip, keys and headers objects) → moto → the S3 source → a new topic,
 * where every record is back with its key, value, headers and partition, in order per partition. This
 * checks the source against what the sink really writes, not only against the test's own layout writer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { LOCAL_IAM_CONTEXT_ENV } from '../../../../local/iam/index.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { Formats } from '../../src/index.js';
import { MOTO_CREDENTIALS, startMotoS3, type MotoS3 } from '../helpers/moto.js';
import { originalRecords } from '../helpers/sink-layout.js';

const PARTITIONS = 4;
const RECORDS = 8_000;
const CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
} as const;

const BUCKET = 'round-trip-stack-it';

describe('S3 sink then S3 source', () => {
  // The deployment's grant, read and write on the bucket's topics/ prefix (`-c s3Buckets=<bucket>/topics/`):
  // the stack's IAM check enforces it on the task runner's S3 calls.
  process.env[LOCAL_IAM_CONTEXT_ENV] = `s3Buckets=${BUCKET}/topics/`;
  let moto: MotoS3;
  let kafka: Kafka | undefined;
  const consumers: Consumer[] = [];
  const savedEnv = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
  // Before the stack's hooks: the sink has no key settings and takes credentials from the environment
  // (the function role on AWS), which the stack's task-runner process inherits.
  before(async () => {
    process.env['AWS_ACCESS_KEY_ID'] = MOTO_CREDENTIALS.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = MOTO_CREDENTIALS.secretAccessKey;
    moto = await startMotoS3();
  });
  after(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await moto?.close();
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', savedEnv.id],
      ['AWS_SECRET_ACCESS_KEY', savedEnv.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const ref = useTestStack({ isolateTaskRunner: true });

  test(`${RECORDS} records over ${PARTITIONS} partitions: sink (JSON, gzip, keys, headers) then source into a new topic, every record back`, async (t) => {
    const { rest, stack } = ref.current;
    kafka ??= new Kafka({
      brokers: stack.kafkaBootstrapServers.split(','),
      clientId: 's3-round-trip',
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName('backup');
    const restoredTopic = `restored-${topic}`;
    const bucket = BUCKET;
    await moto.createBucket(bucket);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [topic, restoredTopic].map((name) => ({ topic: name, numPartitions: PARTITIONS, replicationFactor: 1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    const originals = originalRecords(topic, PARTITIONS, RECORDS);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: originals.map((r) => ({
        partition: r.partition,
        key: r.key,
        value: r.value,
        headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
      })),
    });
    await producer.disconnect();

    const sink = uniqueName('s3-backup');
    const created = await rest.post('/connectors', {
      name: sink,
      config: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        topics: topic,
        's3.bucket.name': bucket,
        's3.region': 'us-east-1',
        'store.url': moto.endpoint,
        'format.class': Formats.JSON,
        's3.compression.type': 'gzip',
        'flush.size': '1000',
        'store.kafka.keys': 'true',
        'store.kafka.headers': 'true',
        'slice.max.records': '4000',
        ...CONVERTERS,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    t.after(() => rest.delete(`/connectors/${sink}`));
    // flush.size divides each partition's 2,000 records: every record ends up in a complete object.
    const objectCount = () => listCount(moto, bucket);
    await waitFor(async () => (await objectCount()) >= (3 * RECORDS) / 1000, {
      timeoutMs: 120_000,
      intervalMs: 500,
      message: 'the sink wrote every object and its sidecars',
    });

    const received: Array<{ partition: number; key: string | null; value: string; headers: Array<[string, string]> }> =
      [];
    const consumer = kafka.consumer({ groupId: uniqueName('round-trip-check') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: restoredTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? '',
          headers: Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        });
      },
    });
    const source = uniqueName('s3-restore');
    const restored = await rest.post('/connectors', {
      name: source,
      config: {
        'connector.class': 'io.confluent.connect.s3.source.S3SourceConnector',
        'tasks.max': '2',
        ...moto.connectorConfig(bucket),
        'format.class': Formats.JSON,
        'store.kafka.keys': 'true',
        'store.kafka.headers': 'true',
        ...CONVERTERS,
        transforms: 'rename',
        'transforms.rename.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.rename.regex': '(.*)',
        'transforms.rename.replacement': 'restored-$1',
      },
    });
    assert.equal(restored.status, 201, JSON.stringify(restored.body));
    t.after(() => rest.delete(`/connectors/${source}`));
    await waitFor(() => new Set(received.map((r) => r.key)).size >= RECORDS, {
      timeoutMs: 120_000,
      intervalMs: 200,
      message: `all ${RECORDS} records restored`,
    });

    for (let p = 0; p < PARTITIONS; p++) {
      const expected = originals
        .filter((r) => r.partition === p)
        .map((r) => ({
          partition: p,
          key: r.key?.toString('utf8') ?? null,
          value: r.value.toString('utf8'),
          headers: r.headers.map((h) => [h.key, h.value]),
        }));
      const seen = new Set<string | null>();
      // Re-sent runs (a slice that lost its lease) are dropped by key; what remains must be the originals.
      const firsts = received.filter((r) => r.partition === p && (seen.has(r.key) ? false : (seen.add(r.key), true)));
      assert.deepEqual(firsts, expected, `partition ${p}`);
    }
    process.stdout.write(`# s3 round trip: ${RECORDS} records, ${received.length - RECORDS} re-sent by the source\n`);
  });
});

async function listCount(moto: MotoS3, bucket: string): Promise<number> {
  const page = await moto.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return page.KeyCount ?? 0;
}

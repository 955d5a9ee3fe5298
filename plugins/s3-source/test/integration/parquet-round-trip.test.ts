/**
 * ParquetFormat backup and restore through one local stack: records with a Connect schema (JsonConverter,
 * schemas.enable=true) → the S3 sink (ParquetFormat, snappy, keys objects) → moto → the S3 source → a new
 * topic, every record back with its key, value and partition; the schema changes mid-stream (a field
 * added), which starts a new object, and the restored records carry the schema they were written with.
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

const PARTITIONS = 2;
const PER_PARTITION = 1_500;
const RECORDS = PARTITIONS * PER_PARTITION;
/** Per partition, records from this one on have the second schema. */
const CHANGE_AT = 700;
const FLUSH_SIZE = 200;
const CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'true',
} as const;
const BUCKET = 'parquet-round-trip-it';

const V1_FIELDS = [
  { field: 'id', type: 'int64', optional: false },
  { field: 'name', type: 'string', optional: false },
  { field: 'amount', type: 'double', optional: true },
  { field: 'tags', type: 'array', items: { type: 'string', optional: false }, optional: false },
  {
    field: 'address',
    type: 'struct',
    optional: true,
    fields: [
      { field: 'city', type: 'string', optional: false },
      { field: 'zip', type: 'int32', optional: true },
    ],
  },
];
const V2_FIELDS = [...V1_FIELDS, { field: 'note', type: 'string', optional: true }];

/** Record `n` of partition `p`: its key and its JsonConverter envelope (schema and payload). */
function original(p: number, n: number): { key: string; schemaFields: string[]; payload: Record<string, unknown> } {
  const v2 = n >= CHANGE_AT;
  const id = p * 1_000_000_000_000 + n;
  const payload: Record<string, unknown> = {
    id,
    name: `customer ${n % 17}`,
    amount: n % 5 === 0 ? null : n / 4,
    tags: n % 3 === 0 ? [] : ['a', `t${n}`],
    address: n % 7 === 0 ? null : { city: `city ${n % 11}`, zip: n % 2 === 0 ? 10_000 + n : null },
  };
  if (v2) payload['note'] = n % 2 === 0 ? `note ${n}` : null;
  return { key: `${p}-${n}`, schemaFields: (v2 ? V2_FIELDS : V1_FIELDS).map((f) => f.field), payload };
}

function envelope(p: number, n: number): string {
  const { payload } = original(p, n);
  const fields = n >= CHANGE_AT ? V2_FIELDS : V1_FIELDS;
  return JSON.stringify({ schema: { type: 'struct', optional: false, fields }, payload });
}

describe('S3 sink then S3 source, ParquetFormat', () => {
  // The deployment's grant on the bucket's topics/ prefix: the stack's IAM check enforces it.
  process.env[LOCAL_IAM_CONTEXT_ENV] = `s3Buckets=${BUCKET}/topics/`;
  let moto: MotoS3;
  let kafka: Kafka | undefined;
  const consumers: Consumer[] = [];
  const savedEnv = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
  // The sink takes credentials from the environment (the function role on AWS), which the task runner inherits.
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

  test(`${RECORDS} records over ${PARTITIONS} partitions with a schema change: Parquet objects, restored with their schemas`, async (t) => {
    const { rest, stack } = ref.current;
    kafka ??= new Kafka({
      brokers: stack.kafkaBootstrapServers.split(','),
      clientId: 'pq-round-trip',
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName('pq-backup');
    const restoredTopic = `restored-${topic}`;
    await moto.createBucket(BUCKET);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [topic, restoredTopic].map((name) => ({ topic: name, numPartitions: PARTITIONS, replicationFactor: 1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (let p = 0; p < PARTITIONS; p++) {
      await producer.send({
        topic,
        messages: Array.from({ length: PER_PARTITION }, (_, n) => ({
          partition: p,
          key: `${p}-${n}`,
          value: envelope(p, n),
        })),
      });
    }
    await producer.disconnect();

    const sink = uniqueName('s3-pq-backup');
    const created = await rest.post('/connectors', {
      name: sink,
      config: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        topics: topic,
        's3.bucket.name': BUCKET,
        's3.region': 'us-east-1',
        'store.url': moto.endpoint,
        'format.class': Formats.PARQUET,
        'flush.size': String(FLUSH_SIZE),
        'store.kafka.keys': 'true',
        ...CONVERTERS,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    t.after(() => rest.delete(`/connectors/${sink}`));
    // Per partition: 0..699 in objects at 0, 200, 400 and 600 (cut short by the schema change at 700),
    // then 700..1499 in four full objects: every record is in a complete object, with its keys object.
    const starts = [0, 200, 400, 600, 700, 900, 1_100, 1_300];
    const expectedKeys = Array.from({ length: PARTITIONS }, (_, p) =>
      starts.flatMap((s) => {
        const name = `topics/${topic}/partition=${p}/${topic}+${p}+${String(s).padStart(10, '0')}`;
        return [`${name}.keys.json`, `${name}.snappy.parquet`];
      }),
    )
      .flat()
      .sort();
    await waitFor(async () => (await listKeys(moto, BUCKET, topic)).length >= expectedKeys.length, {
      timeoutMs: 60_000,
      intervalMs: 500,
      message: 'the sink wrote every Parquet object and its keys object',
    });
    assert.deepEqual((await listKeys(moto, BUCKET, topic)).sort(), expectedKeys);

    const received: Array<{
      partition: number;
      key: string;
      value: { schema: { fields: Array<{ field: string }> }; payload: unknown };
    }> = [];
    const consumer = kafka.consumer({ groupId: uniqueName('pq-round-trip-check') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: restoredTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          key: message.key?.toString('utf8') ?? '',
          value: JSON.parse(message.value?.toString('utf8') ?? 'null'),
        });
      },
    });
    const source = uniqueName('s3-pq-restore');
    const restored = await rest.post('/connectors', {
      name: source,
      config: {
        'connector.class': 'io.confluent.connect.s3.source.S3SourceConnector',
        ...moto.connectorConfig(BUCKET),
        'format.class': Formats.PARQUET,
        'store.kafka.keys': 'true',
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
      timeoutMs: 60_000,
      intervalMs: 200,
      message: `all ${RECORDS} records restored`,
    });

    for (let p = 0; p < PARTITIONS; p++) {
      // Re-sent runs (a slice that lost its lease) are dropped by key; what remains must be the originals.
      const byKey = new Map<string, (typeof received)[number]>();
      for (const r of received) if (r.partition === p && !byKey.has(r.key)) byKey.set(r.key, r);
      const firsts = [...byKey.values()];
      assert.equal(firsts.length, PER_PARTITION, `partition ${p}`);
      firsts.forEach((r, n) => {
        const want = original(p, n);
        assert.equal(r.key, want.key);
        assert.deepEqual(r.value.payload, want.payload, `partition ${p} record ${n}`);
        assert.deepEqual(
          r.value.schema.fields.map((f) => f.field),
          want.schemaFields,
          `partition ${p} record ${n}: the schema it was written with`,
        );
      });
    }
    process.stdout.write(
      `# parquet round trip: ${RECORDS} records, ${received.length - RECORDS} re-sent by the source\n`,
    );
  });
});

async function listKeys(moto: MotoS3, bucket: string, topic: string): Promise<string[]> {
  const page = await moto.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `topics/${topic}/` }));
  return (page.Contents ?? []).map((o) => o.Key ?? '');
}

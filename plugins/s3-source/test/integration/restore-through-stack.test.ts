/**
 * The S3 source through the local stack (REST API, scheduler, task-runner slices, real Kafka, moto S3):
 * objects in the S3 sink's layout come back as records equal to the originals (key, value and header
 * bytes, partition, order per partition), renamed by a RegexRouter; and a restore whose task runner is
 * SIGKILLed again and again loses no record. The buckets are granted read-only, as `cdk deploy -c
 * s3Buckets=<bucket>/topics/:read` grants them, and the stack's IAM check enforces it: the source's
 * listings and reads are allowed, and an S3 sink pointed at the same bucket is denied its PutObject.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { LOCAL_IAM_CONTEXT_ENV } from '../../../../local/iam/index.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { Formats } from '../../src/index.js';
import { startMotoS3, type MotoS3 } from '../helpers/moto.js';
import { originalRecords, sinkLayout, type OriginalRecord } from '../helpers/sink-layout.js';

const PARTITIONS = 4;
const CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
} as const;

/** Granted read-only (moto is new for each file, so fixed names are free). */
const RESTORE_BUCKET = 'restore-stack-it';
const CRASH_BUCKET = 'crash-stack-it';

interface Restored {
  readonly partition: number;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Array<[string, string]>;
}

describe('S3 source through the local stack', () => {
  // The deployment's grants, read-only: the stack's IAM check enforces them on the task runner's S3 calls.
  process.env[LOCAL_IAM_CONTEXT_ENV] = `s3Buckets=${RESTORE_BUCKET}/topics/:read,${CRASH_BUCKET}/topics/:read`;
  let moto: MotoS3;
  let kafka: Kafka | undefined;
  const consumers: Consumer[] = [];
  // Registered before the stack's hooks, so these run first: moto starts, and the consumers leave
  // while the broker is still up (hooks run in registration order).
  before(async () => {
    moto = await startMotoS3();
  });
  after(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await moto?.close();
  });
  const ref = useTestStack({ isolateTaskRunner: true, leaseTtlMs: 2_000, tickMs: 500 });

  /** Creates the topic with the original partition count and collects everything produced to it. */
  async function collect(topic: string): Promise<Restored[]> {
    kafka ??= new Kafka({
      brokers: ref.current.stack.kafkaBootstrapServers.split(','),
      clientId: 's3-source-test',
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const received: Restored[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('s3-source-check') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
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
    return received;
  }

  async function restoreFrom(
    bucket: string,
    originals: OriginalRecord[],
    layout: Parameters<typeof sinkLayout>[1],
  ): Promise<void> {
    await moto.createBucket(bucket);
    await moto.putObjects(bucket, sinkLayout(originals, layout));
  }

  const expectedOf = (originals: OriginalRecord[], partition: number): Restored[] =>
    originals
      .filter((r) => r.partition === partition)
      .map((r) => ({
        partition,
        key: r.key?.toString('utf8') ?? null,
        value: r.value.toString('utf8'),
        headers: r.headers.map((h): [string, string] => [h.key, h.value]),
      }));

  /**
   * Every original back, identical, in order per partition. A slice that loses its lease or is killed
   * before its offsets are stored makes the next slice send the same run again (the framework's
   * at-least-once window): dropping every record whose key was seen before must leave exactly the
   * originals, and every record received must be an original of its partition. Returns the re-sent count.
   */
  function assertRestored(received: readonly Restored[], originals: OriginalRecord[]): number {
    for (let p = 0; p < PARTITIONS; p++) {
      const expected = expectedOf(originals, p);
      const got = received.filter((r) => r.partition === p);
      const seen = new Set<string | null>();
      const firsts = got.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
      assert.deepEqual(firsts, expected, `partition ${p}`);
      const originalsByKey = new Map(expected.map((r) => [r.key, JSON.stringify(r)]));
      assert.ok(
        got.every((r) => originalsByKey.get(r.key) === JSON.stringify(r)),
        `partition ${p}: a re-sent record differs from its original`,
      );
    }
    return received.length - originals.length;
  }

  async function createConnector(config: Record<string, string>): Promise<string> {
    const name = uniqueName('s3-restore');
    const created = await ref.current.rest.post('/connectors', { name, config });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return name;
  }

  test('gzip JSON objects with keys and headers come back identical, per partition and in order, under a new topic name', async (t) => {
    const topic = uniqueName('orders');
    const originals = originalRecords(topic, PARTITIONS, 8_000);
    const bucket = RESTORE_BUCKET;
    await restoreFrom(bucket, originals, { format: 'json', flushSize: 1_000, gzip: true, keys: true, headers: true });
    const received = await collect(`restored-${topic}`);
    const name = await createConnector({
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
    });
    t.after(() => ref.current.rest.delete(`/connectors/${name}`));
    const distinct = () => new Set(received.map((r) => r.key)).size;
    await waitFor(() => distinct() >= originals.length, {
      timeoutMs: 90_000,
      intervalMs: 200,
      message: `all ${originals.length} records restored`,
    });
    const resent = assertRestored(received, originals);
    process.stdout.write(`# s3-source restore: ${originals.length} records, ${resent} re-sent\n`);
  });

  test('task runner killed mid-restore, 8 times: no record lost, order kept per partition', async (t) => {
    const { stack } = ref.current;
    const topic = uniqueName('events');
    const originals = originalRecords(topic, PARTITIONS, 12_000);
    const bucket = CRASH_BUCKET;
    await restoreFrom(bucket, originals, { format: 'json', flushSize: 1_000, keys: true, headers: true });
    const received = await collect(topic);
    const name = await createConnector({
      'connector.class': 'S3SourceConnector',
      ...moto.connectorConfig(bucket),
      'format.class': Formats.JSON,
      ...CONVERTERS,
      'record.batch.max.size': '250',
      'slice.max.records': '1500',
    });
    t.after(() => ref.current.rest.delete(`/connectors/${name}`));
    await waitFor(() => received.length > 0, { timeoutMs: 30_000, message: 'records start flowing' });
    for (let i = 0; i < 8; i++) {
      await delay(150 + Math.floor(Math.random() * 350));
      await stack.killTaskRunner();
    }
    const distinct = () => new Set(received.map((r) => r.key)).size;
    await waitFor(() => distinct() >= originals.length, {
      timeoutMs: 120_000,
      intervalMs: 200,
      message: 'every record arrives after the kills',
    });
    const resent = assertRestored(received, originals);
    process.stdout.write(`# s3-source kills: ${resent} re-sent records of ${originals.length}\n`);
  });

  test('a read-only bucket cannot be written: an S3 sink pointed at it is denied s3:PutObject as AWS would deny it, and its task fails saying so', async (t) => {
    const { rest } = ref.current;
    const topic = uniqueName('readonly');
    kafka ??= new Kafka({
      brokers: ref.current.stack.kafkaBootstrapServers.split(','),
      clientId: 's3-source-test',
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'k', value: '{"n":1}' }] });
    } finally {
      await producer.disconnect();
    }
    const name = await createConnector({
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      topics: topic,
      ...moto.connectorConfig(RESTORE_BUCKET),
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '1',
      ...CONVERTERS,
    });
    t.after(() => ref.current.rest.delete(`/connectors/${name}`));
    type Status = { tasks: Array<{ state: string; trace?: string }> };
    let status: Status = { tasks: [] };
    await waitFor(
      async () => {
        status = (await rest.get<Status>(`/connectors/${name}/status`)).body;
        return status.tasks[0]?.state === 'FAILED';
      },
      { timeoutMs: 60_000, intervalMs: 250, message: 'the sink task fails' },
    );
    const trace = status.tasks[0]?.trace ?? '';
    assert.match(trace, /Access denied writing s3:\/\/restore-stack-it\/topics\//);
    assert.match(trace, /not authorized to perform: s3:PutObject on resource: arn:aws:s3:::restore-stack-it\/topics\//);
    // Nothing was written: the refusal happened before the request left the task runner.
    const listed = await moto.client.send(
      new ListObjectsV2Command({ Bucket: RESTORE_BUCKET, Prefix: `topics/${topic}/` }),
    );
    assert.equal(listed.KeyCount ?? 0, 0);
  });
});

/**
 * The S3 crash run (issue 14's "must show"): records over 4 partitions → three S3 sinks (JsonFormat,
 * keys and headers stored; DefaultPartitioner gzip, DefaultPartitioner plain, FieldPartitioner plain) →
 * the S3 source restores the gzip bucket into a new topic. The local stack runs the slices in an isolated
 * task-runner process, SIGKILLed at random points during the sinks' work and the restore. The stack's IAM
 * check enforces the grants `cdk deploy -c s3Buckets=…` would give. Parameterized: `npm run chaos` runs
 * it at 200,000 records and 10 kills, the integration suite at 20,000 and 3.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { IAM_REPORT_ENV, LOCAL_IAM_CONTEXT_ENV } from '../../local/iam/index.js';
import { startMotoServer } from '../../local/moto/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { restClient, type RestClient } from '../../test/helpers/rest.js';
import { auditExactLayout, auditRecordsOnce, EtagWatch, type LayoutAudit } from './bucket-audit.js';
import { crashRecords, expectedDefaultLayout } from './layout.js';
import { restore, type RestoreAudit } from './restore.js';
import { type KillPause, KillSchedule } from './kills.js';

export interface S3CrashOptions {
  readonly records: number;
  readonly flushSize: number;
  readonly kills: number;
  readonly log: (line: string) => void;
  /** Use this Kafka; else the stack starts a broker of its own. */
  readonly kafkaBootstrapServers?: string;
  /** Bound on each phase (sinks, restore). */
  readonly phaseTimeoutMs: number;
  /** The random pause before each kill (default 0.5-4 s). */
  readonly killPause?: KillPause;
}

export interface SinkOutcome {
  readonly name: string;
  readonly partitioner: 'Default' | 'Field';
  readonly compression: 'gzip' | 'none';
  readonly audit: LayoutAudit;
}

export interface S3CrashResult {
  readonly records: number;
  readonly partitions: number;
  readonly flushSize: number;
  readonly killsDuringSinks: number;
  readonly killsDuringRestore: number;
  readonly sinkMs: number;
  readonly sinks: readonly SinkOutcome[];
  /** Objects seen with another ETag than the first one seen for their key. */
  readonly rewritten: readonly string[];
  readonly etagObservations: number;
  readonly restore: RestoreAudit;
  /**
   * Local IAM over the run: commands checked and denied, summed over the stack's functions and the last
   * task-runner process (a SIGKILLed process's counts die with it).
   */
  iam: string;
}

export const PARTITIONS = 4;
const JSON_FORMAT = 'io.confluent.connect.s3.format.json.JsonFormat';
const SINKS = [
  { bucket: 'crash-default-gzip', partitioner: 'Default', compression: 'gzip' },
  { bucket: 'crash-default-plain', partitioner: 'Default', compression: 'none' },
  { bucket: 'crash-field-plain', partitioner: 'Field', compression: 'none' },
] as const;

export async function runS3Crash(options: S3CrashOptions): Promise<S3CrashResult> {
  const { log } = options;
  // The sink's client uses the default chain (the function's role on AWS): dummy keys for moto.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
  process.env[LOCAL_IAM_CONTEXT_ENV] = `s3Buckets=${SINKS.map((s) => `${s.bucket}/topics/`).join(',')}`;
  const moto = await startMotoServer();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const dir = await mkdtemp(join(tmpdir(), 'lc-s3-crash-'));
  // Our own report file unless a test runner collects them: the task-runner process appends its counts there.
  const report = process.env[IAM_REPORT_ENV] === undefined ? join(dir, 'iam.jsonl') : null;
  if (report !== null) process.env[IAM_REPORT_ENV] = report;
  let stack: LocalStack | undefined;
  let result: S3CrashResult | undefined;
  try {
    for (const sink of SINKS) await s3.send(new CreateBucketCommand({ Bucket: sink.bucket }));
    stack = await startLocalStack({
      port: 0,
      dataDir: join(dir, 'state'),
      isolateTaskRunner: true,
      leaseTtlMs: 2_000,
      tickMs: 500,
      tablePrefix: `lc-s3-crash-${Date.now().toString(36)}`,
      ...(options.kafkaBootstrapServers === undefined ? {} : { kafkaBootstrapServers: options.kafkaBootstrapServers }),
    });
    log(`stack up (isolated task runner), moto at ${moto.endpoint}`);
    result = await crashRun(options, stack, restClient(stack.url), s3, moto.endpoint);
  } finally {
    await stack?.stop();
    if (report !== null) {
      if (result !== undefined) result.iam = await iamTotals(report);
      delete process.env[IAM_REPORT_ENV];
    }
    s3.destroy();
    await moto.close();
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

async function iamTotals(file: string): Promise<string> {
  const lines = (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { checked: number; denied: number });
  const sum = (key: 'checked' | 'denied') => lines.reduce((n, l) => n + l[key], 0);
  return `${sum('checked')} AWS SDK commands checked against the synthesized policies (${lines.length} reports: the stack's functions and the last task-runner process; killed processes' counts are lost), ${sum('denied')} denied`;
}

async function crashRun(
  options: S3CrashOptions,
  stack: LocalStack,
  rest: RestClient,
  s3: S3Client,
  endpoint: string,
): Promise<S3CrashResult> {
  const { log, records: count, flushSize } = options;
  const topic = `crash-${Date.now().toString(36)}`;
  const records = crashRecords(topic, PARTITIONS, count);
  const kafka = new Kafka({
    brokers: stack.kafkaBootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    for (let at = 0; at < records.length; at += 4_000) {
      const batch = records.slice(at, at + 4_000);
      await producer.send({
        topic,
        messages: batch.map((r) => ({
          partition: r.partition,
          key: r.key,
          value: r.value,
          headers: { trace: r.headers[0]?.value ?? '' },
        })),
      });
      if ((at / 4_000) % 10 === 0)
        log(`produced ${(at + batch.length).toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`);
    }
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }

  // About 70 % of the kills while the sinks write, the rest (at least one) during the restore.
  const sinkKills = options.kills - Math.max(1, Math.floor(options.kills * 0.3));
  const watch = new EtagWatch();
  const sinkStarted = Date.now();
  const names = await Promise.all(
    SINKS.map((sink, i) => createSink(rest, `s3-crash-sink-${i}`, topic, sink, endpoint, flushSize)),
  );
  const kills = new KillSchedule(stack, log, options.killPause);
  const done = () =>
    Promise.all(names.map((name) => sinkCaughtUp(rest, name, count / PARTITIONS))).then((all) => all.every(Boolean));
  await kills.during(done, sinkKills, options.phaseTimeoutMs, () =>
    watch.observe(
      s3,
      SINKS.map((s) => s.bucket),
    ),
  );
  const sinkMs = Date.now() - sinkStarted;
  await watch.observe(
    s3,
    SINKS.map((s) => s.bucket),
  );
  log(`sinks caught up in ${Math.round(sinkMs / 1000)} s after ${kills.count} kills; auditing the buckets`);
  const sinks: SinkOutcome[] = [];
  for (const sink of SINKS) {
    const audit =
      sink.partitioner === 'Default'
        ? await auditExactLayout(
            s3,
            sink.bucket,
            expectedDefaultLayout(records, flushSize, sink.compression === 'gzip'),
            count,
          )
        : await auditRecordsOnce(s3, sink.bucket, count);
    sinks.push({ name: sink.bucket, partitioner: sink.partitioner, compression: sink.compression, audit });
  }
  for (const name of names) await rest.delete(`/connectors/${name}`);

  log('restoring the gzip bucket with the S3 source into a new topic');
  const restoreKills = new KillSchedule(stack, log, options.killPause);
  const restored = await restore({
    rest,
    kafka,
    bucket: SINKS[0].bucket,
    endpoint,
    records,
    kills: restoreKills,
    killCount: options.kills - kills.count,
    timeoutMs: options.phaseTimeoutMs,
    log,
  });
  return {
    records: count,
    partitions: PARTITIONS,
    flushSize,
    killsDuringSinks: kills.count,
    killsDuringRestore: restoreKills.count,
    sinkMs,
    sinks,
    rewritten: [...watch.changed],
    etagObservations: watch.observations,
    restore: restored,
    iam: stack.iam?.summary() ?? 'IAM enforcement off',
  };
}

async function createSink(
  rest: RestClient,
  name: string,
  topic: string,
  sink: (typeof SINKS)[number],
  endpoint: string,
  flushSize: number,
): Promise<string> {
  const created = await rest.post('/connectors', {
    name,
    config: {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      'tasks.max': '2',
      topics: topic,
      's3.bucket.name': sink.bucket,
      's3.region': 'us-east-1',
      'store.url': endpoint,
      'format.class': JSON_FORMAT,
      'flush.size': String(flushSize),
      's3.compression.type': sink.compression,
      'store.kafka.keys': 'true',
      'store.kafka.headers': 'true',
      ...(sink.partitioner === 'Field'
        ? {
            'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner',
            'partition.field.name': 'region',
          }
        : {}),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    },
  });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  return name;
}

/** True once every partition's committed offset reached `perPartition` (the sink commits uploaded objects only). */
async function sinkCaughtUp(rest: RestClient, name: string, perPartition: number): Promise<boolean> {
  const answer = await rest.get<{ offsets?: Array<{ offset: { kafka_offset?: number } }> }>(
    `/connectors/${name}/offsets`,
  );
  const offsets = answer.body.offsets ?? [];
  return offsets.length === PARTITIONS && offsets.every((o) => (o.offset.kafka_offset ?? 0) >= perPartition);
}

/**
 * The crash run's restore: the S3 source reads the gzip bucket back into a new topic (RegexRouter
 * renames it), while the task runner is killed; then every original record must be there with its key,
 * value, headers and partition. The source is at-least-once across a kill (records produced but not yet
 * committed are produced again), so re-sent copies are counted, and each must equal its original.
 */
import type { Kafka } from 'kafkajs';
import type { RestClient } from '../../test/helpers/rest.js';
import type { KillSchedule } from './kills.js';
import type { OriginalRecord } from './layout.js';

export interface RestoreAudit {
  readonly received: number;
  readonly distinct: number;
  readonly missing: number;
  /** Records whose key, value, headers or partition differ from the original's. */
  readonly mismatched: number;
  readonly resent: number;
  readonly ms: number;
}

export interface RestoreOptions {
  readonly rest: RestClient;
  readonly kafka: Kafka;
  readonly bucket: string;
  readonly endpoint: string;
  readonly records: readonly OriginalRecord[];
  readonly kills: KillSchedule;
  readonly killCount: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

interface Received {
  readonly partition: number;
  readonly key: string;
  readonly value: string;
  readonly headers: string;
}

export async function restore(options: RestoreOptions): Promise<RestoreAudit> {
  const { rest, kafka, records } = options;
  const topic = `restored-${records[0]?.topic ?? 'none'}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  await admin.disconnect();
  const received: Received[] = [];
  const keys = new Set<string>();
  const consumer = kafka.consumer({ groupId: `${topic}-check` });
  await consumer.connect();
  const started = Date.now();
  const name = `s3-crash-restore-${Date.now().toString(36)}`;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8') ?? '';
        keys.add(key);
        const headers = Object.entries(message.headers ?? {})
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',');
        received.push({ partition, key, value: message.value?.toString('utf8') ?? '', headers });
      },
    });
    const created = await rest.post('/connectors', {
      name,
      config: {
        'connector.class': 'io.confluent.connect.s3.source.S3SourceConnector',
        'tasks.max': '2',
        's3.bucket.name': options.bucket,
        's3.region': 'us-east-1',
        'store.url': options.endpoint,
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        'store.kafka.keys': 'true',
        'store.kafka.headers': 'true',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        transforms: 'rename',
        'transforms.rename.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.rename.regex': '(.*)',
        'transforms.rename.replacement': 'restored-$1',
      },
    });
    if (created.status !== 201)
      throw new Error(`creating the S3 source: ${created.status} ${JSON.stringify(created.body)}`);
    let reported = 0;
    await options.kills.during(
      async () => {
        if (keys.size - reported >= 50_000) {
          reported = keys.size;
          options.log(`restored ${keys.size.toLocaleString('en-US')} distinct records`);
        }
        return keys.size >= records.length;
      },
      options.killCount,
      options.timeoutMs,
    );
  } finally {
    await rest.delete(`/connectors/${name}`).catch(() => undefined);
    await consumer.disconnect();
  }
  return audit(received, records, Date.now() - started);
}

function audit(received: readonly Received[], records: readonly OriginalRecord[], ms: number): RestoreAudit {
  const originals = new Map(records.map((r) => [r.key?.toString('utf8') ?? '', r]));
  let mismatched = 0;
  for (const got of received) {
    const want = originals.get(got.key);
    const wantHeaders = want?.headers.map((h) => `${h.key}=${h.value}`).join(',');
    if (
      want === undefined ||
      want.partition !== got.partition ||
      want.value.toString('utf8') !== got.value ||
      wantHeaders !== got.headers
    )
      mismatched++;
  }
  const distinct = new Set(received.map((r) => r.key)).size;
  return {
    received: received.length,
    distinct,
    missing: records.length - distinct,
    mismatched,
    resent: received.length - distinct,
    ms,
  };
}

/**
 * Issue 18's table of every common PostgreSQL type (`items`), and what the round-trip tests and bench do
 * with it: fill it, compare two copies value for value, read the changes the source wrote to its topic.
 * Shared by jdbc-source-stack.test.ts, jdbc-incremental-crash.test.ts and bench/round-trip.ts.
 */
import { Kafka, logLevel } from 'kafkajs';

/** What the helpers need of a database: rows of a statement (TestDatabase and the bench's both fit). */
export interface Queryable {
  query<T extends Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
}

export const JSON_CONVERTER = {
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'true',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
} as const;

const COLUMNS = 'id,i16,i32,i64,amount,f32,f64,body,name,blob,flag,day,at,ts,tstz,uid,doc,updated';

/**
 * Values normalized the same way on both sides (the sink creates its own column types). Milliseconds:
 * Connect's temporal types hold ms.
 */
const COMPARED = `SELECT id, i16, i32, i64, amount::text, f32, f64, body, name, encode(blob, 'hex') AS blob, flag, day::text,
  to_char(at, 'HH24:MI:SS.MS') AS at, (extract(epoch FROM ts) * 1000)::bigint AS ts, (extract(epoch FROM tstz) * 1000)::bigint AS tstz,
  uid::text, doc::text, (extract(epoch FROM updated) * 1000)::bigint AS updated FROM items`;

/** Creates `items` with rows 1..rows, all with `updated` = 2024-01-01. */
export async function createItems(db: Queryable, rows: number): Promise<void> {
  await db.query(`CREATE TABLE items (
    id serial PRIMARY KEY, i16 smallint NOT NULL, i32 integer NOT NULL, i64 bigint NOT NULL, amount numeric(12,3) NOT NULL, f32 real NOT NULL,
    f64 double precision NOT NULL, body text NOT NULL, name varchar(40) NOT NULL, blob bytea NOT NULL, flag boolean NOT NULL, day date NOT NULL,
    at time(3) NOT NULL, ts timestamp(3) NOT NULL, tstz timestamptz(3) NOT NULL, uid uuid NOT NULL, doc json NOT NULL,
    updated timestamptz(3) NOT NULL DEFAULT '2024-01-01')`);
  await insertItems(db, 1, rows);
  // The index a timestamp+incrementing source needs: each poll seeks past its offset.
  await db.query('CREATE INDEX ON items (updated, id)');
}

/** Inserts rows from..to (ids follow the serial), `updated` as given (an SQL expression). */
export async function insertItems(
  db: Queryable,
  from: number,
  to: number,
  updated = `timestamptz '2024-01-01'`,
): Promise<void> {
  await db.query(`INSERT INTO items (i16, i32, i64, amount, f32, f64, body, name, blob, flag, day, at, ts, tstz, uid, doc, updated)
    SELECT g % 32000 - 16000, g * 7, g::bigint * 1000000007, g * 1.125 - 500, g / 4.0, g / 7.0, 'body ✓ ' || g, 'n' || g, decode(md5(g::text), 'hex'),
           g % 2 = 0, date '2024-01-01' + g % 365, time '00:00' + g * interval '1 ms', timestamp '2024-01-01' + g * interval '1 ms',
           timestamptz '2024-01-01 00:00+00' + g * interval '1 s', md5(g::text)::uuid, json_build_object('g', g), ${updated}
      FROM generate_series(${from}, ${to}) g`);
}

/** The source config of issue 18: timestamp+incrementing on `items`, JsonConverter with schemas. */
export function sourceConfig(
  props: Record<string, string>,
  topicPrefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    ...props,
    ...JSON_CONVERTER,
    mode: 'timestamp+incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'updated',
    'table.whitelist': 'items',
    'topic.prefix': topicPrefix,
    'batch.max.rows': '1000',
    'poll.interval.ms': '200',
    ...extra,
  };
}

/** The sink config of issue 18: upsert on `id`, auto.create, into `items`. */
export function sinkConfig(
  props: Record<string, string>,
  topic: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'connector.class': 'JdbcSinkConnector',
    ...props,
    ...JSON_CONVERTER,
    topics: topic,
    'table.name.format': 'items',
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
    'auto.create': 'true',
    'fields.whitelist': COLUMNS,
    ...extra,
  };
}

export interface TableDigest {
  readonly rows: number;
  /** md5 of every normalized row in id order. */
  readonly digest: string;
}

/** Row count and a digest of `items`' normalized values (`rows` 0 when the table does not exist yet). */
export async function itemsDigest(db: Queryable): Promise<TableDigest> {
  const exists = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'items'`);
  if (exists[0]?.n !== 1) return { rows: 0, digest: '' };
  const [row] = await db.query<{ rows: number; digest: string }>(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS digest FROM (${COMPARED}) t`,
  );
  return { rows: row?.rows ?? 0, digest: row?.digest ?? '' };
}

/** For a failure message: how many rows differ and the first few of them, side by side. */
export async function describeDifference(from: Queryable, to: Queryable): Promise<string> {
  const [a, b] = await Promise.all([from.query(`${COMPARED} ORDER BY id`), to.query(`${COMPARED} ORDER BY id`)]);
  const byId = new Map(b.map((row) => [String(row['id']), JSON.stringify(row)]));
  const differing = a.filter((row) => byId.get(String(row['id'])) !== JSON.stringify(row));
  const sample = differing
    .slice(0, 3)
    .map((row) => `source ${JSON.stringify(row)}\n  copy ${byId.get(String(row['id'])) ?? '(missing)'}`);
  return `${a.length} source rows, ${b.length} copied, ${differing.length} differ or are missing${sample.length ? `:\n${sample.join('\n')}` : ''}`;
}

/** One change the source wrote: the record's offset in its partition, the row's id and `updated` (epoch ms). */
export interface Change {
  readonly partition: number;
  readonly offset: number;
  readonly id: number;
  readonly updated: number;
}

/** Records in `topic` (high watermark minus low, summed over partitions; 0 for a missing topic). */
export async function topicCount(bootstrap: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Every record of `topic` up to its current end, as (id, updated) changes, in offset order per partition. */
export async function readChanges(bootstrap: string, topic: string, timeoutMs = 60_000): Promise<Change[]> {
  const kafka = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const consumer = kafka.consumer({
    groupId: `items-reader-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
  });
  const changes: Change[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const payload = JSON.parse(message.value?.toString('utf8') ?? 'null').payload as {
          id: number;
          updated: number;
        };
        changes.push({ partition, offset: Number(message.offset), id: payload.id, updated: payload.updated });
        if (changes.length >= expected) done();
      },
    });
    if (expected > 0)
      await withTimeout(all, timeoutMs, `${expected} records read from ${topic} (read ${changes.length})`);
  } finally {
    await consumer.disconnect();
  }
  return changes.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

async function withTimeout(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for: ${what}`)), ms);
  });
  try {
    await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Issue 18 through a local stack (REST API, scheduler, task-runner slices, real Kafka, real PostgreSQL):
 * a table of every common type → JDBC source (timestamp+incrementing) → topic (JsonConverter with
 * schemas) → JDBC sink (upsert, auto.create) into another database; the two tables end equal, value for
 * value, also after inserts and updates made while the source runs, every change in the topic exactly
 * once; the offsets API shows Confluent's partition and offset, and an offset set through it is where
 * the source resumes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { usePostgres, type TestDatabase } from '../postgres.js';

const pg = usePostgres();
const lc = useTestStack();

const JSON_CONVERTER = { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'true', 'key.converter': 'org.apache.kafka.connect.storage.StringConverter' };

/** Values normalized the same way on both sides (the sink creates its own column types). Milliseconds: Connect's temporal types hold ms. */
const COMPARED = `SELECT id, i16, i32, i64, amount::text, f32, f64, body, name, encode(blob, 'hex') AS blob, flag, day::text, to_char(at, 'HH24:MI:SS.MS') AS at,
  (extract(epoch FROM ts) * 1000)::bigint AS ts, (extract(epoch FROM tstz) * 1000)::bigint AS tstz, uid::text, doc::text FROM %I ORDER BY id`;

async function rowsOf(db: TestDatabase, table: string): Promise<unknown[]> {
  return db.query(COMPARED.replace('%I', `"${table}"`));
}

async function createSource(db: TestDatabase, rows: number): Promise<void> {
  await db.query(`CREATE TABLE items (
    id serial PRIMARY KEY, i16 smallint NOT NULL, i32 integer NOT NULL, i64 bigint NOT NULL, amount numeric(12,3) NOT NULL, f32 real NOT NULL,
    f64 double precision NOT NULL, body text NOT NULL, name varchar(40) NOT NULL, blob bytea NOT NULL, flag boolean NOT NULL, day date NOT NULL,
    at time(3) NOT NULL, ts timestamp(3) NOT NULL, tstz timestamptz(3) NOT NULL, uid uuid NOT NULL, doc json NOT NULL,
    updated timestamptz(3) NOT NULL DEFAULT '2024-01-01')`);
  await insertRows(db, 1, rows);
}

async function insertRows(db: TestDatabase, from: number, to: number, updated = `timestamptz '2024-01-01'`): Promise<void> {
  await db.query(`INSERT INTO items (i16, i32, i64, amount, f32, f64, body, name, blob, flag, day, at, ts, tstz, uid, doc, updated)
    SELECT g % 32000 - 16000, g * 7, g::bigint * 1000000007, g * 1.125 - 500, g / 4.0, g / 7.0, 'body ✓ ' || g, 'n' || g, decode(md5(g::text), 'hex'),
           g % 2 = 0, date '2024-01-01' + g % 365, time '00:00' + g * interval '1 ms', timestamp '2024-01-01' + g * interval '1 ms',
           timestamptz '2024-01-01 00:00+00' + g * interval '1 s', md5(g::text)::uuid, json_build_object('g', g), ${updated}
      FROM generate_series(${from}, ${to}) g`);
}

async function topicCount(bootstrap: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('JDBC source through the local stack', () => {
  test('PostgreSQL → source → topic → sink → PostgreSQL: equal tables, inserts and updates once each, offsets API', async () => {
    const { rest, stack } = lc.current;
    const [from, to] = [await pg.database(), await pg.database()];
    await createSource(from, 2000);
    const prefix = uniqueName('jdbc');
    const topic = `${prefix}-items`;
    const source = {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', ...from.props, ...JSON_CONVERTER,
      mode: 'timestamp+incrementing', 'incrementing.column.name': 'id', 'timestamp.column.name': 'updated', 'table.whitelist': 'items',
      'topic.prefix': `${prefix}-`, 'batch.max.rows': '500', 'poll.interval.ms': '200',
    };
    const sink = {
      'connector.class': 'JdbcSinkConnector', ...to.props, ...JSON_CONVERTER, topics: topic, 'table.name.format': 'items',
      'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id', 'auto.create': 'true', 'fields.whitelist': 'id,i16,i32,i64,amount,f32,f64,body,name,blob,flag,day,at,ts,tstz,uid,doc,updated',
    };
    assert.equal((await rest.post('/connectors', { name: `${prefix}-src`, config: source })).status, 201);
    assert.equal((await rest.post('/connectors', { name: `${prefix}-snk`, config: sink })).status, 201);
    const expected = await rowsOf(from, 'items');
    await waitFor(async () => (await to.query<{ n: string }>(`SELECT count(*) AS n FROM items`).catch(() => [{ n: '0' }]))[0]?.n === '2000', { timeoutMs: 120_000, message: '2,000 rows copied' });
    assert.deepEqual(await rowsOf(to, 'items'), expected);

    // While the source runs: 500 new rows and 500 updates of rows copied before, then the copy must equal the
    // source again. (An update of a row inserted just now may or may not be seen as a separate change,
    // depending on whether the source polled in between, so the updates touch only the first 2,000 rows.)
    await insertRows(from, 2001, 2500, 'now()');
    await from.query(`UPDATE items SET body = 'updated ' || id, updated = now() WHERE id % 4 = 0 AND id <= 2000`);
    const changed = await rowsOf(from, 'items');
    await waitFor(async () => JSON.stringify(await rowsOf(to, 'items')) === JSON.stringify(changed), { timeoutMs: 120_000, message: 'inserts and updates copied' });
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, topic)) >= 3000, { timeoutMs: 30_000, message: '3,000 records in the topic' });
    assert.equal(await topicCount(stack.kafkaBootstrapServers, topic), 3000, '2,000 rows + 500 inserts + 500 updates, none twice');

    // Source offsets are committed after Kafka acknowledged the records: the last batch's may land after the
    // records are visible in the topic, so wait for it rather than read once.
    // The last row read is the last in (timestamp, incrementing) order: the updated row with the highest id.
    const [last] = await from.query<{ id: number }>(`SELECT id FROM items ORDER BY updated DESC, id DESC LIMIT 1`);
    assert.equal(last?.id, 2000);
    type Offsets = Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>;
    let offsets: Offsets = [];
    await waitFor(async () => {
      offsets = (await rest.get<{ offsets: Offsets }>(`/connectors/${prefix}-src/offsets`)).body.offsets;
      return offsets[0]?.offset['incrementing'] === 2000;
    }, { timeoutMs: 30_000, message: 'the source offset at the last row read (incrementing 2000)' });
    assert.equal(offsets.length, 1);
    assert.deepEqual(offsets[0]?.partition, { protocol: '1', table: `${from.url.split('/').pop() ?? ''}.public.items` });
    assert.deepEqual(Object.keys(offsets[0]?.offset ?? {}).sort(), ['incrementing', 'timestamp', 'timestamp_nanos']);
    assert.equal(offsets[0]?.offset['incrementing'], 2000);
  });

  test('offsets set through the REST API in Confluent shape are where a stopped source resumes', async () => {
    const { rest, stack } = lc.current;
    const db = await pg.database();
    await db.query(`CREATE TABLE seq (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO seq (v) SELECT 'v' || g FROM generate_series(1, 50) g`);
    const prefix = uniqueName('jdbc-offsets');
    const name = `${prefix}-src`;
    const config = { 'connector.class': 'JdbcSourceConnector', ...db.props, ...JSON_CONVERTER, mode: 'incrementing', 'topic.prefix': `${prefix}-`, 'table.whitelist': 'seq' };
    assert.equal((await rest.post('/connectors', { name, config })).status, 201);
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, `${prefix}-seq`)) === 50, { timeoutMs: 60_000, message: '50 rows in the topic' });
    assert.equal((await rest.put(`/connectors/${name}/stop`, undefined)).status, 204);
    await waitFor(async () => (await rest.get<{ connector: { state: string } }>(`/connectors/${name}/status`)).body.connector.state === 'STOPPED', { timeoutMs: 30_000, message: 'stopped' });
    const partition = { protocol: '1', table: `${db.url.split('/').pop() ?? ''}.public.seq` };
    // A ConnectException from the connector's alterOffsets: Connect answers 500 with its message, so do we.
    const bad = await rest.patch<{ message: string }>(`/connectors/${name}/offsets`, { offsets: [{ partition, offset: { incrementing: 'forty' } }] });
    assert.equal(bad.status, 500);
    assert.match(bad.body.message, /'incrementing' key in the offset is expected to be a Long value/);
    assert.equal((await rest.patch(`/connectors/${name}/offsets`, { offsets: [{ partition, offset: { incrementing: 40 } }] })).status, 200);
    assert.equal((await rest.put(`/connectors/${name}/resume`, undefined)).status, 202);
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, `${prefix}-seq`)) === 60, { timeoutMs: 60_000, message: 'rows 41..50 read again' });
  });
});

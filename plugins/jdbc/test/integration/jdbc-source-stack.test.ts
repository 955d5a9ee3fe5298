/**
 * Issue 18's round trip through a local stack (REST API, scheduler, task-runner slices, real Kafka, real
 * PostgreSQL): a table of every common type → JDBC source (timestamp+incrementing) → topic (JsonConverter
 * with schemas) → JDBC sink (upsert, auto.create) into another database; the two tables end equal, value
 * for value, every row in the topic exactly once; the offsets API shows Confluent's partition and offset,
 * and an offset set through it is where the source resumes. 10,000 rows here (JDBC_ROUND_TRIP_ROWS to
 * change it); the 100,000 rows of the issue run in the bench (plugins/jdbc/bench/round-trip.ts).
 * Inserts, updates and a SIGKILL while the source runs: jdbc-incremental-crash.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import {
  createItems,
  describeDifference,
  itemsDigest,
  JSON_CONVERTER,
  readChanges,
  sinkConfig,
  sourceConfig,
  topicCount,
} from '../items.js';
import { usePostgres } from '../postgres.js';

const pg = usePostgres();
const lc = useTestStack();
const ROWS = Number(process.env['JDBC_ROUND_TRIP_ROWS'] ?? '10000');

describe('JDBC source through the local stack', () => {
  test(`PostgreSQL → source → topic → sink → PostgreSQL: ${ROWS.toLocaleString('en-US')} rows of every common type, equal tables, each row once, offsets API`, async () => {
    const { rest, stack } = lc.current;
    const [from, to] = [await pg.database(), await pg.database()];
    await createItems(from, ROWS);
    const prefix = uniqueName('jdbc');
    const topic = `${prefix}-items`;
    const started = Date.now();
    assert.equal(
      (await rest.post('/connectors', { name: `${prefix}-src`, config: sourceConfig(from.props, `${prefix}-`) }))
        .status,
      201,
    );
    assert.equal(
      (await rest.post('/connectors', { name: `${prefix}-snk`, config: sinkConfig(to.props, topic) })).status,
      201,
    );
    const expected = await itemsDigest(from);
    assert.equal(expected.rows, ROWS);
    await waitFor(async () => (await itemsDigest(to)).rows === ROWS, {
      timeoutMs: 60_000 + ROWS * 5,
      intervalMs: 500,
      message: `${ROWS} rows copied`,
    });
    const copied = await itemsDigest(to);
    assert.deepEqual(copied, expected, copied.digest === expected.digest ? '' : await describeDifference(from, to));
    process.stdout.write(
      `# jdbc round trip: ${ROWS} rows equal after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );

    assert.equal(await topicCount(stack.kafkaBootstrapServers, topic), ROWS, 'each row once in the topic');
    const ids = new Set((await readChanges(stack.kafkaBootstrapServers, topic)).map((c) => c.id));
    assert.equal(ids.size, ROWS, 'every id in the topic');

    // Source offsets are committed after Kafka acknowledged the records: the last batch's may land after
    // its records are visible in the topic, so wait for it rather than read once.
    type Offsets = Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>;
    let offsets: Offsets = [];
    await waitFor(
      async () => {
        offsets = (await rest.get<{ offsets: Offsets }>(`/connectors/${prefix}-src/offsets`)).body.offsets;
        return offsets[0]?.offset['incrementing'] === ROWS;
      },
      { timeoutMs: 30_000, message: `the source offset at the last row (incrementing ${ROWS})` },
    );
    assert.equal(offsets.length, 1);
    assert.deepEqual(offsets[0]?.partition, {
      protocol: '1',
      table: `${from.url.split('/').pop() ?? ''}.public.items`,
    });
    assert.deepEqual(Object.keys(offsets[0]?.offset ?? {}).sort(), ['incrementing', 'timestamp', 'timestamp_nanos']);
    assert.equal(offsets[0]?.offset['timestamp'], Date.parse('2024-01-01T00:00:00Z'));
  });

  test('offsets set through the REST API in Confluent shape are where a stopped source resumes', async () => {
    const { rest, stack } = lc.current;
    const db = await pg.database();
    await db.query(
      `CREATE TABLE seq (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO seq (v) SELECT 'v' || g FROM generate_series(1, 50) g`,
    );
    const prefix = uniqueName('jdbc-offsets');
    const name = `${prefix}-src`;
    const config = {
      'connector.class': 'JdbcSourceConnector',
      ...db.props,
      ...JSON_CONVERTER,
      mode: 'incrementing',
      'topic.prefix': `${prefix}-`,
      'table.whitelist': 'seq',
    };
    assert.equal((await rest.post('/connectors', { name, config })).status, 201);
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, `${prefix}-seq`)) === 50, {
      timeoutMs: 60_000,
      message: '50 rows in the topic',
    });
    assert.equal((await rest.put(`/connectors/${name}/stop`, undefined)).status, 204);
    await waitFor(
      async () =>
        (await rest.get<{ connector: { state: string } }>(`/connectors/${name}/status`)).body.connector.state ===
        'STOPPED',
      { timeoutMs: 30_000, message: 'stopped' },
    );
    const partition = { protocol: '1', table: `${db.url.split('/').pop() ?? ''}.public.seq` };
    // A ConnectException from the connector's alterOffsets: Connect answers 500 with its message, so do we.
    const bad = await rest.patch<{ message: string }>(`/connectors/${name}/offsets`, {
      offsets: [{ partition, offset: { incrementing: 'forty' } }],
    });
    assert.equal(bad.status, 500);
    assert.match(bad.body.message, /'incrementing' key in the offset is expected to be a Long value/);
    assert.equal(
      (await rest.patch(`/connectors/${name}/offsets`, { offsets: [{ partition, offset: { incrementing: 40 } }] }))
        .status,
      200,
    );
    assert.equal((await rest.put(`/connectors/${name}/resume`, undefined)).status, 202);
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, `${prefix}-seq`)) === 60, {
      timeoutMs: 60_000,
      message: 'rows 41..50 read again',
    });
  });
});

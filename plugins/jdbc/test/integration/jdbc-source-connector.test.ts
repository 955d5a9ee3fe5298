/** JDBC source on a real PostgreSQL: which tables are read, how tasks split them, query and bulk modes, failures. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { ConfigError, ConnectError, RetriableError, type Struct } from 'lambda-connect/api';
import { parseTableIdList } from '../../src/source/table-id.js';
import { usePostgres } from '../postgres.js';
import { OffsetStore, runSlice, taskConfigs } from '../source-harness.js';

const pg = usePostgres();

const tablesOf = (configs: ReadonlyArray<Record<string, string>>): string[][] =>
  configs.map((c) => parseTableIdList(c['tables'] ?? '').map((t) => `${t.schema}.${t.table}`));

describe('tables and tasks', () => {
  test('include/exclude lists, schema.pattern and table.types select tables; tasks get contiguous groups', async () => {
    const db = await pg.database();
    await db.query(
      `CREATE SCHEMA sales; CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int); CREATE TABLE sales.a (id int); CREATE VIEW v AS SELECT * FROM a`,
    );
    const props = { ...db.props, mode: 'bulk', 'topic.prefix': 'p-' };
    assert.deepEqual(tablesOf(await taskConfigs(props, 2)), [
      ['public.a', 'public.b'],
      ['public.c', 'sales.a'],
    ]);
    assert.deepEqual(tablesOf(await taskConfigs(props, 10)), [['public.a'], ['public.b'], ['public.c'], ['sales.a']]);
    assert.deepEqual(tablesOf(await taskConfigs({ ...props, 'table.whitelist': 'a' })), [['public.a', 'sales.a']]);
    assert.deepEqual(tablesOf(await taskConfigs({ ...props, 'table.include.list': 'sales.a,c' })), [
      ['public.c', 'sales.a'],
    ]);
    assert.deepEqual(tablesOf(await taskConfigs({ ...props, 'table.blacklist': 'public.a,b' })), [
      ['public.c', 'sales.a'],
    ]);
    assert.deepEqual(tablesOf(await taskConfigs({ ...props, 'schema.pattern': 'sal%' })), [['sales.a']]);
    assert.deepEqual(tablesOf(await taskConfigs({ ...props, 'table.types': 'VIEW' })), [['public.v']]);
    const [config] = await taskConfigs(props, 1);
    assert.equal(config?.['tables.fetched'], 'true');
    assert.equal(config?.['topic.prefix'], 'p-');
  });

  test('a table created later is in the next task configs; with no table the task fails as Confluent', async () => {
    const db = await pg.database();
    const props = { ...db.props, mode: 'incrementing', 'topic.prefix': 'p-', 'table.whitelist': 'late' };
    const [empty] = await taskConfigs(props);
    assert.equal(empty?.['tables'], '');
    await assert.rejects(
      runSlice(empty!, new OffsetStore()),
      (e: unknown) => e instanceof ConfigError && /not assigned a table nor a query/.test(e.message),
    );
    await db.query(`CREATE TABLE late (id serial PRIMARY KEY)`);
    assert.deepEqual(tablesOf(await taskConfigs(props)), [['public.late']]);
  });
});

describe('modes', () => {
  test('query mode: a query with its own WHERE and JOIN, incrementing, topic = topic.prefix, partition {query}', async () => {
    const db = await pg.database();
    await db.query(
      `CREATE TABLE users (id serial PRIMARY KEY, name text, active boolean); CREATE TABLE orders (id serial PRIMARY KEY, user_id int, total int)`,
    );
    await db.query(
      `INSERT INTO users (name, active) VALUES ('ann', true), ('bob', false); INSERT INTO orders (user_id, total) VALUES (1, 10), (2, 20), (1, 30)`,
    );
    const props = {
      ...db.props,
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'topic.prefix': 'active-orders',
      query: 'SELECT o.id, u.name, o.total FROM orders o JOIN users u ON u.id = o.user_id WHERE u.active',
    };
    const configs = await taskConfigs(props, 3);
    assert.equal(configs.length, 1);
    const store = new OffsetStore();
    const records = await runSlice(configs[0]!, store);
    assert.deepEqual(
      records.map((r) => [
        (r.value as Struct).get('id'),
        (r.value as Struct).get('name'),
        (r.value as Struct).get('total'),
      ]),
      [
        [1, 'ann', 10],
        [3, 'ann', 30],
      ],
    );
    assert.equal(records[0]?.topic, 'active-orders');
    assert.deepEqual(records[0]?.sourcePartition, { query: 'query' });
    assert.equal(records[0]?.valueSchema?.name, undefined);
    await db.query(`INSERT INTO orders (user_id, total) VALUES (1, 40)`);
    assert.deepEqual(
      (await runSlice(configs[0]!, store)).map((r) => (r.value as Struct).get('id')),
      [4],
    );
  });

  test('bulk mode: the whole table in every slice, through a cursor in batches', async () => {
    const db = await pg.database();
    await db.query(`CREATE TABLE snapshot AS SELECT g AS id FROM generate_series(1, 1234) g`);
    const [config] = await taskConfigs({ ...db.props, mode: 'bulk', 'topic.prefix': 'b-', 'batch.max.rows': '100' });
    const store = new OffsetStore();
    for (let pass = 0; pass < 2; pass++) {
      const records = await runSlice(config!, store);
      assert.equal(records.length, 1234);
      assert.equal(new Set(records.map((r) => (r.value as Struct).get('id'))).size, 1234);
    }
    assert.equal(store.offsets.size, 0);
  });

  test('the serial column is found when incrementing.column.name is empty; nullable offset columns are refused', async () => {
    const db = await pg.database();
    await db.query(
      `CREATE TABLE auto (n int GENERATED ALWAYS AS IDENTITY, v text); INSERT INTO auto (v) VALUES ('x'), ('y')`,
    );
    await db.query(`CREATE TABLE loose (id int, at timestamp)`);
    const [auto] = await taskConfigs({
      ...db.props,
      mode: 'incrementing',
      'topic.prefix': 'a-',
      'table.whitelist': 'auto',
    });
    assert.deepEqual(
      (await runSlice(auto!, new OffsetStore())).map((r) => r.sourceOffset),
      [{ incrementing: 1 }, { incrementing: 2 }],
    );
    const [loose] = await taskConfigs({
      ...db.props,
      mode: 'timestamp+incrementing',
      'incrementing.column.name': 'id',
      'timestamp.column.name': 'at',
      'topic.prefix': 'l-',
      'table.whitelist': 'loose',
    });
    await assert.rejects(
      runSlice(loose!, new OffsetStore()),
      (e: unknown) =>
        e instanceof ConnectError &&
        !(e instanceof RetriableError) &&
        /incrementing column id on .*loose because this column is nullable/.test(e.message),
    );
    await assert.rejects(
      runSlice({ ...loose!, 'validate.non.null': 'false', 'incrementing.column.name': 'nope' }, new OffsetStore()),
      /Incrementing column nope not found/,
    );
  });
});

describe('failures', () => {
  test('a table dropped while its task runs is skipped, the other tables still read', async () => {
    const db = await pg.database();
    await db.query(
      `CREATE TABLE keep (id serial PRIMARY KEY); CREATE TABLE gone (id serial PRIMARY KEY); INSERT INTO keep SELECT FROM generate_series(1, 3); INSERT INTO gone SELECT FROM generate_series(1, 3)`,
    );
    const [config] = await taskConfigs({
      ...db.props,
      mode: 'incrementing',
      'topic.prefix': 'd-',
      'batch.max.rows': '2',
    });
    const store = new OffsetStore();
    assert.equal((await runSlice(config!, store, 2)).length, 4);
    await db.query(`DROP TABLE gone`);
    await db.query(`INSERT INTO keep SELECT FROM generate_series(1, 2)`);
    const records = await runSlice(config!, store);
    assert.deepEqual(
      records.map((r) => `${r.topic}:${String((r.value as Struct).get('id'))}`),
      ['d-keep:3', 'd-keep:4', 'd-keep:5'],
    );
  });

  test('an unreachable database is retriable (the slice is retried), in the connector and in the task', async () => {
    const port = await closedPort();
    const props = {
      'connection.url': `jdbc:postgresql://127.0.0.1:${port}/none`,
      mode: 'bulk',
      'topic.prefix': 'x-',
      'connection.user': 'u',
    };
    await assert.rejects(
      taskConfigs(props),
      (e: unknown) => e instanceof RetriableError && /ECONNREFUSED|connect/i.test(e.message),
    );
    await assert.rejects(
      runSlice({ ...props, tables: '"db"."public"."t"', 'tables.fetched': 'true' }, new OffsetStore()),
      RetriableError,
    );
  });

  test('a bad password fails without retries, with the database message', async () => {
    const db = await pg.database();
    await assert.rejects(
      taskConfigs({ ...db.props, 'connection.password': 'wrong', mode: 'bulk', 'topic.prefix': 'x-' }),
      (e: unknown) =>
        e instanceof ConnectError && !(e instanceof RetriableError) && /password authentication failed/.test(e.message),
    );
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

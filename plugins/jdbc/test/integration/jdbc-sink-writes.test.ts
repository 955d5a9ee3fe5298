import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
} from 'lambda-connect/api';
import { JdbcSinkTask } from '../../src/sink/index.js';
import { usePostgres } from '../postgres.js';
import { RecordingContext, sinkRecord } from '../records.js';

const pg = usePostgres();

const ALL_TYPES = SchemaBuilder.struct()
  .field('id', Schemas.INT64)
  .field('i8', Schemas.INT8)
  .field('i16', Schemas.INT16)
  .field('i32', Schemas.INT32)
  .field('f32', Schemas.FLOAT32)
  .field('f64', Schemas.FLOAT64)
  .field('flag', Schemas.BOOLEAN)
  .field('text', Schemas.STRING)
  .field('blob', Schemas.BYTES)
  .field('amount', Decimal.builder(2).build())
  .field('day', LogicalDate.SCHEMA)
  .field('at', LogicalTime.SCHEMA)
  .field('ts', LogicalTimestamp.SCHEMA)
  .field('tags', SchemaBuilder.array(Schemas.STRING).optional().build())
  .field('note', Schemas.OPTIONAL_STRING)
  .build();

function allTypes(id: number, text: string): Struct {
  return new Struct(ALL_TYPES)
    .put('id', id)
    .put('i8', -8)
    .put('i16', 1600)
    .put('i32', -320_000)
    .put('f32', 1.5)
    .put('f64', 2.25e-10)
    .put('flag', true)
    .put('text', text)
    .put('blob', Uint8Array.from([0, 1, 254, 255]))
    .put('amount', new BigDecimal(-12345n, 2))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('at', new Date(Date.UTC(1970, 0, 1, 13, 45, 30, 125)))
    .put('ts', new Date(Date.UTC(2024, 2, 1, 8, 30, 0, 250)))
    .put('tags', ['a', 'b,c', 'd"e'])
    .put('note', null);
}

async function startTask(
  props: Record<string, string>,
  withReporter = false,
): Promise<{ task: JdbcSinkTask; context: RecordingContext }> {
  const task = new JdbcSinkTask();
  const context = new RecordingContext(props, withReporter);
  task.initialize(context);
  task.start(props);
  return { task, context };
}

describe('JdbcSinkTask on PostgreSQL: writes', () => {
  test('insert with auto.create creates the table from the schema and writes every type exactly', async (t) => {
    const db = await pg.database();
    const { task } = await startTask({
      ...db.props,
      'auto.create': 'true',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
    });
    t.after(() => task.stop());
    await task.put([
      sinkRecord({ valueSchema: ALL_TYPES, value: allTypes(1, 'héllo'), offset: 0 }),
      sinkRecord({ valueSchema: ALL_TYPES, value: allTypes(2, "it's"), offset: 1 }),
    ]);
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position",
    );
    assert.deepEqual(
      columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`),
      [
        'id bigint NO',
        'i8 smallint NO',
        'i16 smallint NO',
        'i32 integer NO',
        'f32 real NO',
        'f64 double precision NO',
        'flag boolean NO',
        'text text NO',
        'blob bytea NO',
        'amount numeric NO',
        'day date NO',
        'at time without time zone NO',
        'ts timestamp without time zone NO',
        'tags ARRAY YES',
        'note text YES',
      ],
    );
    const rows = await db.query(
      `SELECT id::text, i8, i16, i32, f32, f64, flag, text, encode(blob, 'hex') AS blob, amount::text, day::text, at::text, ts::text, tags, note FROM orders ORDER BY id`,
    );
    assert.deepEqual(rows[0], {
      id: '1',
      i8: -8,
      i16: 1600,
      i32: -320000,
      f32: 1.5,
      f64: 2.25e-10,
      flag: true,
      text: 'héllo',
      blob: '0001feff',
      amount: '-123.45',
      day: '2024-02-29',
      at: '13:45:30.125',
      ts: '2024-03-01 08:30:00.25',
      tags: ['a', 'b,c', 'd"e'],
      note: null,
    });
    assert.equal(rows[1]?.text, "it's");
    const keys = await db.query<{ column_name: string }>(
      "SELECT a.attname AS column_name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'orders'::regclass AND i.indisprimary",
    );
    assert.deepEqual(
      keys.map((k) => k.column_name),
      ['id'],
    );
  });

  test('scalar columns go through unnest with the same values, into existing columns of other compatible types', async (t) => {
    const db = await pg.database();
    await db.query(`CREATE TABLE orders (id bigint PRIMARY KEY, i8 int2, i16 int2, i32 int4, f32 float4, f64 float8, flag bool, text varchar(20),
      blob bytea, amount numeric(10,2), day date, at time(3), ts timestamptz, tags text[], note uuid)`);
    const { task } = await startTask({
      ...db.props,
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'fields.whitelist': 'i8,i16,i32,f32,f64,flag,text,blob,amount,day,at,ts',
    });
    t.after(() => task.stop());
    await task.put([sinkRecord({ valueSchema: ALL_TYPES, value: allTypes(7, 'x"y\\z,{}') })]);
    const rows =
      await db.query(`SELECT id::text, i8, i16, i32, f32, f64, flag, text, encode(blob, 'hex') AS blob, amount::text, day::text, at::text,
      (extract(epoch FROM ts) * 1000)::bigint::text AS ts, tags, note FROM orders`);
    assert.deepEqual(rows, [
      {
        id: '7',
        i8: -8,
        i16: 1600,
        i32: -320000,
        f32: 1.5,
        f64: 2.25e-10,
        flag: true,
        text: 'x"y\\z,{}',
        blob: '0001feff',
        amount: '-123.45',
        day: '2024-02-29',
        at: '13:45:30.125',
        ts: String(Date.UTC(2024, 2, 1, 8, 30, 0, 250)),
        tags: null,
        note: null,
      },
    ]);
  });

  test('a value too long for a varchar(n) column is refused, never truncated', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id bigint PRIMARY KEY, text varchar(3))');
    const { task, context } = await startTask(
      { ...db.props, 'pk.mode': 'record_value', 'pk.fields': 'id', 'fields.whitelist': 'text' },
      true,
    );
    t.after(() => task.stop());
    await task.put([
      sinkRecord({ valueSchema: ALL_TYPES, value: allTypes(1, 'abc'), offset: 0 }),
      sinkRecord({ valueSchema: ALL_TYPES, value: allTypes(2, 'abcd'), offset: 1 }),
    ]);
    assert.deepEqual(await db.query('SELECT id::text, text FROM orders'), [{ id: '1', text: 'abc' }]);
    assert.match(
      context.reported[0]?.error.message ?? '',
      /value too long for type character varying\(3\).*SQLSTATE 22001/,
    );
  });

  test('upsert: redelivering a batch changes nothing, the last record per key wins, even within one statement', async (t) => {
    const db = await pg.database();
    const keySchema = SchemaBuilder.struct().field('id', Schemas.INT32).build();
    const valueSchema = SchemaBuilder.struct().field('name', Schemas.STRING).field('qty', Schemas.INT32).build();
    const { task } = await startTask({
      ...db.props,
      'auto.create': 'true',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'batch.size': '2',
    });
    t.after(() => task.stop());
    const rec = (id: number, name: string, qty: number, offset: number) =>
      sinkRecord({
        keySchema,
        key: new Struct(keySchema).put('id', id),
        valueSchema,
        value: new Struct(valueSchema).put('name', name).put('qty', qty),
        offset,
      });
    const batch = [rec(1, 'a', 1, 0), rec(2, 'b', 2, 1), rec(1, 'a2', 3, 2), rec(1, 'a3', 4, 3), rec(3, 'c', 5, 4)];
    await task.put(batch);
    const first = await db.query('SELECT id, name, qty FROM orders ORDER BY id');
    assert.deepEqual(first, [
      { id: 1, name: 'a3', qty: 4 },
      { id: 2, name: 'b', qty: 2 },
      { id: 3, name: 'c', qty: 5 },
    ]);
    await task.put(batch);
    assert.deepEqual(await db.query('SELECT id, name, qty FROM orders ORDER BY id'), first, 'redelivery is idempotent');
    await task.put([rec(2, 'b2', 20, 5)]);
    assert.deepEqual(await db.query('SELECT name, qty FROM orders WHERE id = 2'), [{ name: 'b2', qty: 20 }]);
  });

  test('update mode changes existing rows only; delete.enabled turns tombstones into deletes, in order', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id int PRIMARY KEY, name text)');
    await db.query("INSERT INTO orders VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    const valueSchema = SchemaBuilder.struct().field('name', Schemas.STRING).build();
    const rec = (id: number, name: string | null, offset: number) =>
      sinkRecord({
        keySchema: Schemas.INT32,
        key: id,
        valueSchema: name === null ? null : valueSchema,
        value: name === null ? null : new Struct(valueSchema).put('name', name),
        offset,
      });
    const update = await startTask({
      ...db.props,
      'insert.mode': 'update',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
    });
    await update.task.put([rec(1, 'uno', 0), rec(9, 'nine', 1)]);
    update.task.stop();
    assert.deepEqual(await db.query('SELECT id, name FROM orders ORDER BY id'), [
      { id: 1, name: 'uno' },
      { id: 2, name: 'two' },
      { id: 3, name: 'three' },
    ]);
    const { task } = await startTask({
      ...db.props,
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'delete.enabled': 'true',
    });
    t.after(() => task.stop());
    await task.put([rec(2, null, 2), rec(3, null, 3), rec(3, 'back', 4), rec(4, 'four', 5), rec(4, null, 6)]);
    assert.deepEqual(await db.query('SELECT id, name FROM orders ORDER BY id'), [
      { id: 1, name: 'uno' },
      { id: 3, name: 'back' },
    ]);
  });

  test('pk.mode=kafka keys rows by topic, partition and offset; table.name.format names the table', async (t) => {
    const db = await pg.database();
    const valueSchema = SchemaBuilder.struct().field('v', Schemas.STRING).build();
    const { task } = await startTask({
      ...db.props,
      'auto.create': 'true',
      'pk.mode': 'kafka',
      'insert.mode': 'upsert',
      'table.name.format': 'kafka_${topic}',
    });
    t.after(() => task.stop());
    const batch = [0, 1].map((offset) =>
      sinkRecord({
        topic: 'events',
        partition: 3,
        offset,
        valueSchema,
        value: new Struct(valueSchema).put('v', `v${offset}`),
      }),
    );
    await task.put(batch);
    await task.put(batch);
    assert.deepEqual(await db.query('SELECT * FROM kafka_events ORDER BY __connect_offset'), [
      { __connect_topic: 'events', __connect_partition: 3, __connect_offset: '0', v: 'v0' },
      { __connect_topic: 'events', __connect_partition: 3, __connect_offset: '1', v: 'v1' },
    ]);
  });

  test('db.timezone writes the wall-clock time there into TIMESTAMP columns and the exact instant into TIMESTAMPTZ', async (t) => {
    const db = await pg.database();
    await db.query('CREATE TABLE orders (id int PRIMARY KEY, local_ts timestamp, exact_ts timestamptz)');
    const valueSchema = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('local_ts', LogicalTimestamp.SCHEMA)
      .field('exact_ts', LogicalTimestamp.SCHEMA)
      .build();
    const { task } = await startTask({ ...db.props, 'db.timezone': 'America/New_York' });
    t.after(() => task.stop());
    const instant = new Date(Date.UTC(2024, 6, 4, 16, 0, 0, 5));
    await task.put([
      sinkRecord({
        valueSchema,
        value: new Struct(valueSchema).put('id', 1).put('local_ts', instant).put('exact_ts', instant),
      }),
    ]);
    const [row] = await db.query<{ local_ts: string; epoch: string }>(
      'SELECT local_ts::text, (extract(epoch FROM exact_ts) * 1000)::bigint::text AS epoch FROM orders',
    );
    assert.equal(row?.local_ts, '2024-07-04 12:00:00.005', 'New York is UTC-4 in July');
    assert.equal(row?.epoch, String(instant.getTime()));
  });
});

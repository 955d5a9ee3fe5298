/** JDBC source on a real PostgreSQL: every common type reaches the record with its Connect schema and exact value. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaType,
  type Struct,
} from 'lambda-connect/api';
import { usePostgres } from '../postgres.js';
import { OffsetStore, runSlice, taskConfigs } from '../source-harness.js';

const pg = usePostgres();

const DDL = `CREATE TABLE all_types (
  id bigserial PRIMARY KEY, i16 smallint NOT NULL, i32 integer, i64 bigint, amount numeric(12,3), whole numeric(9,0), free numeric,
  f32 real, f64 double precision, body text, name varchar(20), code char(3), blob bytea, flag boolean, day date, at time,
  at_tz timetz, ts timestamp, tstz timestamptz, uid uuid, doc json, docb jsonb, mood mood, tags text[], counts int8[], grid point)`;

describe('type mapping on PostgreSQL', () => {
  test('schemas from the catalog, values exact (microseconds to ms, int8 beyond 2^53, NULLs)', async () => {
    const db = await pg.database();
    await db.query(`CREATE TYPE mood AS ENUM ('happy', 'sad')`);
    await db.query(DDL);
    await db.query(`INSERT INTO all_types (i16, i32, i64, amount, whole, free, f32, f64, body, name, code, blob, flag, day, at, at_tz, ts, tstz, uid, doc, docb, mood, tags, counts) VALUES
      (-32768, 2147483647, 9223372036854775807, -123456789.125, 123456789, 3.14159265358979323846, 1.5, -2.25e-300, 'héllo ✓', 'v', 'ab', '\\x00ff10', true,
       '2024-02-29', '13:14:15.123456', '01:00:00+02', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.5+05:30',
       '0e9c6a1e-3c9b-4b9e-9a7e-7d1a0f6b2c11', '{"a": [1, 2]}', '{"b": 2}', 'sad', ARRAY['x', 'y, "z"', NULL, 'NULL'], '{1,9223372036854775807}')`);
    await db.query(`INSERT INTO all_types (i16) VALUES (7)`);
    const [config] = await taskConfigs({
      ...db.props,
      mode: 'incrementing',
      'topic.prefix': 'pg.',
      'table.whitelist': 'all_types',
    });
    const records = await runSlice(config!, new OffsetStore());
    assert.equal(records.length, 2);
    const first = records[0]!;
    assert.equal(first.topic, 'pg.all_types');
    assert.equal(first.key, null);
    const schema = first.valueSchema!;
    assert.equal(schema.name, 'all_types');
    const field = (name: string) => schema.fields?.find((f) => f.name === name)?.schema;
    assert.equal(field('id')?.type, SchemaType.INT64);
    assert.equal(field('id')?.optional, false);
    assert.equal(field('i16')?.type, SchemaType.INT16);
    assert.equal(field('i32')?.optional, true);
    assert.equal(field('amount')?.name, Decimal.LOGICAL_NAME);
    assert.equal(field('amount')?.parameters?.['scale'], '3');
    assert.equal(field('day')?.name, LogicalDate.LOGICAL_NAME);
    assert.equal(field('at')?.name, LogicalTime.LOGICAL_NAME);
    assert.equal(field('ts')?.name, LogicalTimestamp.LOGICAL_NAME);
    assert.equal(field('tags')?.type, SchemaType.ARRAY);
    assert.equal(field('tags')?.valueSchema?.type, SchemaType.STRING);
    assert.equal(field('grid'), undefined, 'geometric types are left out');
    const v = first.value as Struct;
    assert.equal(v.get('i16'), -32768);
    assert.equal(v.get('i32'), 2147483647);
    assert.equal(v.get('i64'), 9223372036854775807n);
    assert.ok((v.get('amount') as BigDecimal).equals(new BigDecimal(-123456789125n, 3)));
    assert.ok((v.get('whole') as BigDecimal).equals(new BigDecimal(123456789n, 0)));
    assert.equal(v.get('free'), '3.14159265358979323846');
    assert.equal(v.get('f32'), 1.5);
    assert.equal(v.get('f64'), -2.25e-300);
    assert.equal(v.get('body'), 'héllo ✓');
    assert.equal(v.get('code'), 'ab ');
    assert.deepEqual(v.get('blob'), new Uint8Array([0, 255, 16]));
    assert.equal(v.get('flag'), true);
    assert.deepEqual(v.get('day'), new Date('2024-02-29T00:00:00Z'));
    assert.deepEqual(v.get('at'), new Date(Date.UTC(1970, 0, 1, 13, 14, 15, 123)));
    assert.deepEqual(v.get('at_tz'), new Date(Date.UTC(1970, 0, 1, 23)));
    assert.deepEqual(v.get('ts'), new Date('2024-01-01T10:00:00.123Z'));
    assert.deepEqual(v.get('tstz'), new Date('2024-01-01T04:30:00.500Z'));
    assert.equal(v.get('uid'), '0e9c6a1e-3c9b-4b9e-9a7e-7d1a0f6b2c11');
    assert.deepEqual(JSON.parse(v.get('doc') as string), { a: [1, 2] });
    assert.deepEqual(JSON.parse(v.get('docb') as string), { b: 2 });
    assert.equal(v.get('mood'), 'sad');
    assert.deepEqual(v.get('tags'), ['x', 'y, "z"', null, 'NULL']);
    assert.deepEqual(v.get('counts'), [1, 9223372036854775807n]);
    const nulls = records[1]!.value as Struct;
    for (const name of ['i32', 'i64', 'amount', 'free', 'blob', 'day', 'ts', 'tstz', 'uid', 'doc'])
      assert.equal(nulls.get(name), null, name);
  });

  test('numeric.mapping=best_fit and db.timezone on timestamps without time zone', async () => {
    const db = await pg.database();
    await db.query(
      `CREATE TABLE m (id serial PRIMARY KEY, small numeric(4,0), big numeric(18,0), money numeric(10,2), huge numeric(30,5), ts timestamp)`,
    );
    await db.query(
      `INSERT INTO m (small, big, money, huge, ts) VALUES (1234, 123456789012345678, 99.95, 1234567890123456789012345.12345, '2024-07-01 12:00:00')`,
    );
    const [config] = await taskConfigs({
      ...db.props,
      mode: 'bulk',
      'topic.prefix': 'x-',
      'numeric.mapping': 'best_fit',
      'db.timezone': 'Europe/Paris',
    });
    const [record] = await runSlice(config!, new OffsetStore());
    const v = record!.value as Struct;
    assert.equal(v.get('small'), 1234);
    assert.equal(v.get('big'), 123456789012345678n);
    assert.equal(v.get('money'), 99.95);
    assert.ok((v.get('huge') as BigDecimal).equals(BigDecimal.parse('1234567890123456789012345.12345')));
    assert.deepEqual(v.get('ts'), new Date('2024-07-01T10:00:00Z'));
    assert.equal(record!.sourceOffset, null, 'bulk records carry no offset');
  });
});

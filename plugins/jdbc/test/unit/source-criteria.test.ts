/** JDBC source: the statements each mode reads with (Confluent's TimestampIncrementingCriteria plus a LIMIT). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bulkStatement,
  incrementalStatement,
  timestampGroupStatement,
  type CriteriaSpec,
  type QuerySource,
} from '../../src/source/criteria.js';
import { Mode } from '../../src/source/jdbc-source-config-def.js';

const table: QuerySource = { kind: 'table', id: { catalog: 'db', schema: 'public', table: 'or"ders' } };
const spec = (over: Partial<CriteriaSpec>): CriteriaSpec => ({
  mode: Mode.INCREMENTING,
  incrementingColumn: 'id',
  timestampColumns: [],
  timestampsWithZone: true,
  zone: 'UTC',
  delayMs: 0,
  quote: true,
  suffix: '',
  ...over,
});
const start = { incrementing: null, timestampMicros: null };

describe('incrementalStatement', () => {
  test('incrementing: id > last (-1 before any offset), ordered, limited; names quoted without the catalog', () => {
    const s = incrementalStatement(table, spec({}), start, 100);
    assert.equal(s.text, 'SELECT * FROM "public"."or""ders" WHERE "id" > $1 ORDER BY "id" ASC LIMIT $2');
    assert.deepEqual(s.values, [-1, 100]);
    assert.deepEqual(
      incrementalStatement(table, spec({}), { incrementing: 41, timestampMicros: null }, 5).values,
      [41, 5],
    );
  });

  test('timestamp: one column, begin bound exact to the microsecond, end computed by the database', () => {
    const s = incrementalStatement(
      table,
      spec({ mode: Mode.TIMESTAMP, incrementingColumn: null, timestampColumns: ['updated'], delayMs: 2000 }),
      { incrementing: null, timestampMicros: 1_704_103_200_123_456n },
      10,
    );
    assert.equal(
      s.text,
      'SELECT * FROM "public"."or""ders" WHERE "updated" > $1::timestamptz AND "updated" < (CURRENT_TIMESTAMP - $2::bigint * interval \'1 millisecond\') ORDER BY "updated" ASC LIMIT $3',
    );
    assert.deepEqual(s.values, ['2024-01-01T10:00:00.123456Z', 2000, 10]);
  });

  test('timestamp columns without time zone compare as wall times in db.timezone; several are COALESCEd', () => {
    const s = incrementalStatement(
      table,
      spec({
        mode: Mode.TIMESTAMP,
        incrementingColumn: null,
        timestampColumns: ['modified', 'created'],
        timestampsWithZone: false,
        zone: 'Europe/Paris',
      }),
      start,
      10,
    );
    assert.equal(
      s.text,
      'SELECT * FROM "public"."or""ders" WHERE COALESCE("modified","created") > ($1::timestamptz AT TIME ZONE $2::text) AND COALESCE("modified","created") < ((CURRENT_TIMESTAMP AT TIME ZONE $4::text) - $3::bigint * interval \'1 millisecond\') ORDER BY COALESCE("modified","created") ASC LIMIT $5',
    );
    assert.deepEqual(s.values, ['1970-01-01T00:00:00.000000Z', 'Europe/Paris', 0, 'Europe/Paris', 10]);
  });

  test('timestamp+incrementing: same timestamp and a larger id, or a later timestamp', () => {
    const s = incrementalStatement(
      table,
      spec({ mode: Mode.TIMESTAMP_INCREMENTING, timestampColumns: ['ts'] }),
      { incrementing: 7, timestampMicros: 5n },
      3,
    );
    assert.equal(
      s.text,
      'SELECT * FROM "public"."or""ders" WHERE "ts" < (CURRENT_TIMESTAMP - $1::bigint * interval \'1 millisecond\') AND "ts" >= $2::timestamptz AND (("ts" = $2::timestamptz AND "id" > $3) OR "ts" > $2::timestamptz) ORDER BY "ts","id" ASC LIMIT $4',
    );
    assert.deepEqual(s.values, [0, '1970-01-01T00:00:00.000005Z', 7, 3]);
  });

  test('a custom query is wrapped, so it may filter with its own WHERE; the suffix ends the statement', () => {
    const query: QuerySource = { kind: 'query', sql: 'SELECT id, name FROM users WHERE active' };
    const s = incrementalStatement(query, spec({ quote: false, suffix: 'FOR SHARE' }), start, 9);
    assert.equal(
      s.text,
      'SELECT * FROM (SELECT id, name FROM users WHERE active) AS lc_query WHERE id > $1 ORDER BY id ASC LIMIT $2 FOR SHARE',
    );
  });
});

describe('other statements', () => {
  test('a timestamp group is read whole by its timestamp', () => {
    const s = timestampGroupStatement(table, spec({ mode: Mode.TIMESTAMP, timestampColumns: ['ts'] }), 1_000_000n);
    assert.equal(s.text, 'SELECT * FROM "public"."or""ders" WHERE "ts" = $1::timestamptz');
    assert.deepEqual(s.values, ['1970-01-01T00:00:01.000000Z']);
  });

  test('bulk reads everything; quote.sql.identifiers=never leaves names as written', () => {
    assert.equal(
      bulkStatement({ kind: 'table', id: { catalog: null, schema: 'app', table: 'Users' } }, false, '').text,
      'SELECT * FROM app.Users',
    );
    assert.equal(bulkStatement(table, true, 'WHERE false').text, 'SELECT * FROM "public"."or""ders" WHERE false');
  });
});

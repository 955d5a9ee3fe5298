import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deleteSql,
  insertSql,
  rowParameters,
  rowsPerStatement,
  updateSql,
  upsertSql,
} from '../../src/sink/statements.js';

const shape = { table: { schema: 'crm', table: 'Or"ders' }, keyColumns: ['id'], nonKeyColumns: ['name', 'qty'] };

describe('statements', () => {
  test('multi-row insert with quoted identifiers', () => {
    assert.equal(insertSql(shape, 2), 'INSERT INTO "crm"."Or""ders" ("id","name","qty") VALUES ($1,$2,$3),($4,$5,$6)');
  });

  test('with column types, inserts send one array per column through unnest', () => {
    const typed = { ...shape, columnTypes: ['integer', 'text', 'numeric'] };
    assert.equal(
      insertSql(typed, 500),
      'INSERT INTO "crm"."Or""ders" ("id","name","qty") SELECT * FROM unnest($1::integer[],$2::text[],$3::numeric[])',
    );
    assert.match(upsertSql(typed, 500), /unnest\(.*\) ON CONFLICT \("id"\) DO UPDATE SET/);
    assert.deepEqual(
      rowParameters(
        [
          [1, 'a', '2'],
          [3, 'b', '4'],
        ],
        true,
      ),
      [
        [1, 3],
        ['a', 'b'],
        ['2', '4'],
      ],
    );
    assert.deepEqual(
      rowParameters(
        [
          [1, 'a'],
          [3, 'b'],
        ],
        false,
      ),
      [1, 'a', 3, 'b'],
    );
    assert.equal(rowsPerStatement(100_000, 10, true), 100_000);
  });

  test('upsert updates the non-key columns on conflict, or does nothing when all columns are keys', () => {
    assert.equal(
      upsertSql(shape, 1),
      'INSERT INTO "crm"."Or""ders" ("id","name","qty") VALUES ($1,$2,$3) ON CONFLICT ("id") DO UPDATE SET "name"=EXCLUDED."name","qty"=EXCLUDED."qty"',
    );
    assert.match(upsertSql({ ...shape, nonKeyColumns: [] }, 1), /ON CONFLICT \("id"\) DO NOTHING$/);
  });

  test('update sets the non-key columns first, then matches the key', () => {
    assert.equal(
      updateSql({ ...shape, keyColumns: ['a', 'b'] }),
      'UPDATE "crm"."Or""ders" SET "name"=$1,"qty"=$2 WHERE "a"=$3 AND "b"=$4',
    );
  });

  test('delete by a single or a composite key', () => {
    assert.equal(deleteSql(shape, 3), 'DELETE FROM "crm"."Or""ders" WHERE "id" IN ($1,$2,$3)');
    assert.equal(
      deleteSql({ ...shape, keyColumns: ['a', 'b'] }, 2),
      'DELETE FROM "crm"."Or""ders" WHERE ("a","b") IN (($1,$2),($3,$4))',
    );
  });

  test('rows per statement stay within batch.size and PostgreSQL’s 65,535 parameters', () => {
    assert.equal(rowsPerStatement(3000, 10), 3000);
    assert.equal(rowsPerStatement(100_000, 10), 6553);
    assert.equal(rowsPerStatement(3000, 70_000), 1);
  });
});

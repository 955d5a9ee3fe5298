import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  SchemaType,
  Schemas,
} from 'lambda-connect/api';
import { defaultLiteral, sqlTypeFor, toParameter } from '../../src/sink/sql-types.js';
import { formatTimestamp } from '../../src/sink/timestamps.js';

describe('Connect → PostgreSQL types', () => {
  test('column types as Confluent’s PostgreSQL dialect', () => {
    const cases: Array<[Parameters<typeof sqlTypeFor>[0], string]> = [
      [Schemas.INT8, 'SMALLINT'],
      [Schemas.INT16, 'SMALLINT'],
      [Schemas.INT32, 'INT'],
      [Schemas.INT64, 'BIGINT'],
      [Schemas.FLOAT32, 'REAL'],
      [Schemas.FLOAT64, 'DOUBLE PRECISION'],
      [Schemas.BOOLEAN, 'BOOLEAN'],
      [Schemas.STRING, 'TEXT'],
      [Schemas.BYTES, 'BYTEA'],
      [Decimal.schema(2), 'DECIMAL'],
      [LogicalDate.SCHEMA, 'DATE'],
      [LogicalTime.SCHEMA, 'TIME'],
      [LogicalTimestamp.SCHEMA, 'TIMESTAMP'],
      [SchemaBuilder.array(Schemas.INT32).build(), 'INT[]'],
    ];
    for (const [schema, type] of cases) assert.equal(sqlTypeFor(schema), type, schema.name ?? schema.type);
    assert.throws(
      () => sqlTypeFor(SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()),
      (e: Error) => e instanceof DataError && /Unsupported source data type: MAP/.test(e.message),
    );
  });

  test('parameters: exact text for numbers (bigint too), decimals, dates and times; bytes as a Buffer', () => {
    assert.equal(toParameter(Schemas.INT64, 2n ** 62n, 'UTC'), '4611686018427387904');
    assert.equal(toParameter(Schemas.FLOAT64, Number.NaN, 'UTC'), 'NaN');
    assert.equal(toParameter(Decimal.schema(3), new BigDecimal(-1n, 3), 'UTC'), '-0.001');
    assert.equal(toParameter(LogicalDate.SCHEMA, new Date(Date.UTC(1999, 11, 31)), 'UTC'), '1999-12-31');
    assert.equal(toParameter(LogicalTime.SCHEMA, new Date(86_399_999), 'UTC'), '23:59:59.999');
    assert.deepEqual(toParameter(Schemas.BYTES, Uint8Array.from([1, 2]), 'UTC'), Buffer.from([1, 2]));
    assert.equal(toParameter(Schemas.OPTIONAL_STRING, null, 'UTC'), null);
    assert.throws(() => toParameter(Schemas.INT32, '12', 'UTC'), /does not match the field schema int32/);
  });

  test('defaults become SQL literals with quotes doubled', () => {
    assert.equal(defaultLiteral(new SchemaBuilder(SchemaType.STRING).defaultValue("it's").build(), 'UTC'), "'it''s'");
    assert.equal(defaultLiteral(Schemas.OPTIONAL_STRING, 'UTC'), undefined);
  });

  test('timestamps: wall-clock time in db.timezone with its offset (DST-aware), UTC by default', () => {
    const summer = new Date(Date.UTC(2024, 6, 1, 12, 0, 0, 7));
    assert.equal(formatTimestamp(summer, 'UTC'), '2024-07-01 12:00:00.007+00:00');
    assert.equal(formatTimestamp(summer, 'Europe/Paris'), '2024-07-01 14:00:00.007+02:00');
    assert.equal(formatTimestamp(new Date(Date.UTC(2024, 0, 1, 12)), 'Europe/Paris'), '2024-01-01 13:00:00.000+01:00');
    assert.equal(
      formatTimestamp(new Date(Date.UTC(2024, 0, 1, 2, 30)), 'Asia/Kolkata'),
      '2024-01-01 08:00:00.000+05:30',
    );
    assert.equal(formatTimestamp(new Date(-1), 'UTC'), '1969-12-31 23:59:59.999+00:00');
  });
});

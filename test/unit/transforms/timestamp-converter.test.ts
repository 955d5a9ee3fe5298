// Expected values were checked against Apache Kafka 4.3.1's TimestampConverter for the same inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, Struct } from '../../../lib/api/index.js';
import { LogicalDate, LogicalTimestamp } from '../../../lib/converters/index.js';
import { TimestampConverterValue } from '../../../lib/transforms/index.js';
import { valueRecord } from './records.js';

const instant = new Date(1700000000123);

function converter(configs: Record<string, string>): TimestampConverterValue {
  const t = new TimestampConverterValue();
  t.configure(configs);
  return t;
}

describe('TimestampConverter', () => {
  test('whole values between representations', () => {
    const seconds = converter({ 'target.type': 'unix', 'unix.precision': 'seconds' }).apply(
      valueRecord(LogicalTimestamp.SCHEMA, instant),
    );
    assert.deepEqual([seconds.value, seconds.valueSchema], [1700000000, Schemas.INT64]);
    assert.equal(
      converter({ 'target.type': 'unix', 'unix.precision': 'microseconds' }).apply(valueRecord(null, instant)).value,
      1700000000123000,
    );
    assert.deepEqual(
      converter({ 'target.type': 'Timestamp', 'unix.precision': 'nanoseconds' }).apply(
        valueRecord(null, 1700000000123456789n),
      ).value,
      instant,
    );
    const date = converter({ 'target.type': 'Date' }).apply(valueRecord(LogicalTimestamp.SCHEMA, instant));
    assert.deepEqual([date.value, date.valueSchema], [new Date(1699920000000), LogicalDate.SCHEMA]);
    assert.deepEqual(converter({ 'target.type': 'Time' }).apply(valueRecord(null, instant)).value, new Date(80000123));
    const text = converter({ 'target.type': 'string', format: 'yyyy-MM-dd HH:mm' }).apply(
      valueRecord(Schemas.INT64, 1700000000123),
    );
    assert.deepEqual([text.value, text.valueSchema], ['2023-11-14 22:13', Schemas.STRING]);
    const parsed = converter({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' }).apply(
      valueRecord(Schemas.STRING, '2023-11-14'),
    );
    assert.deepEqual([parsed.value, parsed.valueSchema], [new Date(1699920000000), LogicalTimestamp.SCHEMA]);
  });

  test('one field of a map or struct', () => {
    const t = converter({ 'target.type': 'unix', field: 'ts' });
    assert.deepEqual(t.apply(valueRecord(null, { ts: instant, o: 1 })).value, { ts: 1700000000123, o: 1 });
    assert.deepEqual(t.apply(valueRecord(null, { o: 1 })).value, { o: 1, ts: null });
    const schema = SchemaBuilder.struct().field('ts', LogicalTimestamp.SCHEMA).field('o', Schemas.INT32).build();
    const out = t.apply(valueRecord(schema, new Struct(schema).put('ts', instant).put('o', 1)));
    assert.equal(String(out.value), 'Struct{ts=1700000000123,o=1}');
    assert.deepEqual(
      out.valueSchema?.fields?.map((f) => f.schema),
      [Schemas.INT64, Schemas.INT32],
    );
  });

  test('nulls pass through with the converted schema', () => {
    assert.equal(converter({ 'target.type': 'unix' }).apply(valueRecord(null, null)).value, null);
    const optional = converter({ 'target.type': 'unix' }).apply(
      valueRecord(LogicalTimestamp.builder().optional().build(), null),
    );
    assert.deepEqual([optional.value, optional.valueSchema], [null, Schemas.OPTIONAL_INT64]);
    const schema = SchemaBuilder.struct().field('ts', LogicalTimestamp.SCHEMA).optional().build();
    assert.equal(converter({ 'target.type': 'unix', field: 'ts' }).apply(valueRecord(schema, null)).value, null);
  });

  test("errors carry Connect's messages", () => {
    assert.throws(
      () => converter({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' }).apply(valueRecord(Schemas.STRING, 'nope')),
      {
        message: 'Could not parse timestamp: value (nope) does not match pattern (yyyy-MM-dd)',
      },
    );
    assert.throws(() => converter({ 'target.type': 'string' }), {
      message: 'TimestampConverter requires format option to be specified when using string timestamps',
    });
    assert.throws(() => converter({ 'target.type': 'unix' }).apply(valueRecord(null, 1.5)), {
      message: 'TimestampConverter does not support class java.lang.Double objects as timestamps',
    });
    assert.throws(() => converter({ 'target.type': 'unix' }).apply(valueRecord(Schemas.INT32, 5)), {
      name: 'ConnectError',
      message: 'Schema Schema{INT32} does not correspond to a known timestamp type format',
    });
    assert.throws(() => converter({ 'target.type': 'unix', format: 'yyyy-bb' }), {
      message:
        "Invalid value java.lang.IllegalArgumentException: Illegal pattern character 'b' for configuration TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: yyyy-bb",
    });
    assert.throws(() => converter({ 'target.type': 'epoch' }), {
      message:
        'Invalid value epoch for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp',
    });
  });
});

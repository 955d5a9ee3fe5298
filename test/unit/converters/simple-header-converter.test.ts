// Expected values were checked against Apache Kafka 4.3.1's SimpleHeaderConverter for the same inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, SchemaType, Struct } from '../../../lib/api/index.js';
import {
  BigDecimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SimpleHeaderConverter,
} from '../../../lib/converters/index.js';

const converter = new SimpleHeaderConverter();
const read = (text: string) => converter.toConnectHeader('t', 'h', Buffer.from(text, 'utf8'));
const write = (schema: Parameters<SimpleHeaderConverter['fromConnectHeader']>[2], value: unknown) =>
  Buffer.from(converter.fromConnectHeader('t', 'h', schema, value) ?? []).toString('utf8');

describe('SimpleHeaderConverter', () => {
  test('infers the smallest fitting type', () => {
    const cases: Array<[string, SchemaType | null, unknown]> = [
      ['', SchemaType.STRING, ''],
      [' ', SchemaType.STRING, ' '],
      ['true', SchemaType.BOOLEAN, true],
      ['42', SchemaType.INT8, 42],
      ['300', SchemaType.INT16, 300],
      ['70000', SchemaType.INT32, 70000],
      ['5000000000', SchemaType.INT64, 5000000000],
      ['1.5', SchemaType.FLOAT32, 1.5],
      ['1.0', SchemaType.INT8, 1],
      ['+3', SchemaType.INT8, 3],
      ['1e3', SchemaType.INT16, 1000],
      ['abc', SchemaType.STRING, 'abc'],
      ['true}', SchemaType.STRING, 'true}'],
      ['[1,2', SchemaType.STRING, '[1,2'],
      ['hello world', SchemaType.STRING, 'hello world'],
    ];
    for (const [text, type, value] of cases) {
      const result = read(text);
      assert.equal(result.schema?.type ?? null, type, text);
      assert.deepEqual(result.value, value, text);
    }
    assert.deepEqual(read('null'), { schema: null, value: null });
    assert.deepEqual(converter.toConnectHeader('t', 'h', null), { schema: null, value: null });
  });

  test('parses arrays, maps, big numbers and temporal values', () => {
    const ints = read('[1,2,3]');
    assert.equal(ints.schema?.valueSchema?.type, SchemaType.INT8);
    assert.deepEqual(ints.value, [1, 2, 3]);
    assert.equal(read('[1, 2.5]').schema?.valueSchema?.type, SchemaType.FLOAT32);
    assert.equal(read('[1,"a"]').schema?.valueSchema, undefined);
    assert.deepEqual(read('{"a":1,"b":2}').value, { a: 1, b: 2 });
    const big = read('12345678901234567890');
    assert.equal(big.schema?.name, 'org.apache.kafka.connect.data.Decimal');
    assert.ok(big.value instanceof BigDecimal && big.value.unscaled === 12345678901234567890n);
    assert.deepEqual(read('2024-01-02'), { schema: LogicalDate.SCHEMA, value: new Date('2024-01-02T00:00:00Z') });
    assert.deepEqual(read('12:34:56.789Z'), {
      schema: LogicalTime.SCHEMA,
      value: new Date('1970-01-01T12:34:56.789Z'),
    });
    assert.deepEqual(read('2024-01-02T03:04:05.678Z'), {
      schema: LogicalTimestamp.SCHEMA,
      value: new Date('2024-01-02T03:04:05.678Z'),
    });
  });

  test('keeps undecodable bytes as bytes', () => {
    const raw = Uint8Array.of(0xff, 0xfe);
    assert.deepEqual(converter.toConnectHeader('t', 'h', raw), { schema: Schemas.BYTES, value: raw });
  });

  test('writes values as Connect renders them', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.STRING).build();
    assert.equal(write(null, 'x"y'), 'x"y');
    assert.equal(write(null, 5), '5');
    assert.equal(write(Schemas.FLOAT64, 1.0), '1.0');
    assert.equal(write(null, ['a', 1, null]), '["a",1,null]');
    assert.equal(write(null, { k: 'v' }), '{"k":"v"}');
    assert.equal(write(schema, new Struct(schema).put('a', 1).put('b', 'q')), '{"a":1,"b":"q"}');
    assert.equal(write(null, Uint8Array.of(1, 2)), 'AQI=');
    assert.equal(write(LogicalTime.SCHEMA, new Date(3723004)), '01:02:03.004Z');
    assert.equal(write(null, new Date(86400000 * 2)), '1970-01-03');
    assert.equal(write(null, new Date(1700000000123)), '2023-11-14T22:13:20.123Z');
    assert.equal(converter.fromConnectHeader('t', 'h', null, null), null);
  });
});

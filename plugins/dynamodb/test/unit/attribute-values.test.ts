import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  DataError,
  LogicalDate,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
} from 'lambda-connect/api';
import { itemAttributes, toAttributeValue } from '../../src/attribute-values.js';
import { itemSize, MAX_ITEM_BYTES } from '../../src/item-size.js';
import { keyAttributeValue, parseKeyReference } from '../../src/key-reference.js';
import { sinkRecord } from '../support/records.js';

describe('Connect values as DynamoDB attribute values', () => {
  test('a Struct value becomes one attribute per field, nested structs and maps become M, arrays L', () => {
    const address = SchemaBuilder.struct().field('city', Schemas.STRING).build();
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT64)
      .field('name', Schemas.OPTIONAL_STRING)
      .field('address', address)
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .field('scores', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
      .build();
    const value = new Struct(schema)
      .put('id', 7)
      .put('address', new Struct(address).put('city', 'Lyon'))
      .put('tags', ['a', 'b'])
      .put('scores', new Map([['x', 1.5]]));
    assert.deepEqual(itemAttributes(value, schema), {
      id: { N: '7' },
      name: { NULL: true },
      address: { M: { city: { S: 'Lyon' } } },
      tags: { L: [{ S: 'a' }, { S: 'b' }] },
      scores: { M: { x: { N: '1.5' } } },
    });
  });

  test('schemaless JSON (plain objects) maps the same way; a primitive value goes under "value"', () => {
    assert.deepEqual(itemAttributes({ a: true, b: [1, null] }, null), {
      a: { BOOL: true },
      b: { L: [{ N: '1' }, { NULL: true }] },
    });
    assert.deepEqual(itemAttributes('hello', null), { value: { S: 'hello' } });
    assert.deepEqual(itemAttributes([1], null), { value: { L: [{ N: '1' }] } });
  });

  test('bigint, BigDecimal, bytes and logical types keep their exact values', () => {
    assert.deepEqual(toAttributeValue(2n ** 70n, null, 'v'), { N: '1180591620717411303424' });
    assert.deepEqual(toAttributeValue(BigDecimal.parse('-12.340'), null, 'v'), { N: '-12.340' });
    assert.deepEqual(toAttributeValue(new Uint8Array([1, 2]), null, 'v'), { B: new Uint8Array([1, 2]) });
    const day = new Date(Date.UTC(2026, 0, 2));
    assert.deepEqual(toAttributeValue(day, LogicalDate.SCHEMA, 'v'), { N: String(Date.UTC(2026, 0, 2) / 86_400_000) });
    assert.deepEqual(toAttributeValue(day, LogicalTimestamp.SCHEMA, 'v'), { N: String(day.getTime()) });
  });

  test('NaN cannot be stored: a DataError names the field', () => {
    assert.throws(
      () => itemAttributes({ price: Number.NaN }, null),
      (error: unknown) => error instanceof DataError && /value\.price: NaN/.test(error.message),
    );
  });
});

describe('key attributes', () => {
  const record = sinkRecord({
    kafkaPartition: 3,
    kafkaOffset: 42,
    key: { user: { id: 'u-1' } },
    value: { n: 5, blank: '' },
  });

  test('partition and offset are numbers; key/value paths follow fields', () => {
    assert.deepEqual(keyAttributeValue(parseKeyReference('k', 'partition'), record), { N: '3' });
    assert.deepEqual(keyAttributeValue(parseKeyReference('k', 'offset'), record), { N: '42' });
    assert.deepEqual(keyAttributeValue(parseKeyReference('k', 'key.user.id'), record), { S: 'u-1' });
    assert.deepEqual(keyAttributeValue(parseKeyReference('k', 'value.n'), record), { N: '5' });
  });

  test('a missing field, an empty string or a map is a DataError that names the record and the reference', () => {
    assert.throws(() => keyAttributeValue(parseKeyReference('k', 'value.id'), record), {
      name: 'DataError',
      message: "record orders-3@42: value.id (from value.id) does not exist in the record's value",
    });
    assert.throws(() => keyAttributeValue(parseKeyReference('k', 'value.blank'), record), /gives an empty string/);
    assert.throws(() => keyAttributeValue(parseKeyReference('k', 'key'), record), /gives object/);
  });
});

describe('item size', () => {
  test('counts names and values as DynamoDB does', () => {
    assert.equal(itemSize({ id: { S: 'abc' } }), 5);
    assert.equal(itemSize({ n: { N: '12345' } }), 1 + 4);
    assert.equal(itemSize({ b: { BOOL: true }, z: { NULL: true } }), 4);
    assert.equal(itemSize({ l: { L: [{ S: 'x' }, { S: 'yy' }] } }), 1 + 3 + 2 + 3);
    assert.equal(itemSize({ m: { M: { ab: { S: 'c' } } } }), 1 + 3 + 3 + 1);
    assert.equal(itemSize({ s: { S: 'é' } }), 3, 'UTF-8 bytes, not characters');
  });

  test('the limit is 400 KiB', () => {
    assert.equal(MAX_ITEM_BYTES, 409_600);
  });
});

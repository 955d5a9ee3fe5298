import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, SchemaBuilder, Schemas } from 'lambda-connect/api';
import { extractFields } from '../../src/sink/fields-metadata.js';

const VALUE = SchemaBuilder.struct()
  .field('b', Schemas.STRING)
  .field('a', Schemas.INT32)
  .field('c', Schemas.OPTIONAL_STRING)
  .build();
const KEY = SchemaBuilder.struct().field('k1', Schemas.INT32).field('k2', Schemas.STRING).build();
const config = (
  pkMode: 'none' | 'kafka' | 'record_key' | 'record_value',
  pkFields: string[] = [],
  whitelist: string[] = [],
) => ({ pkMode, pkFields, fieldsWhitelist: new Set(whitelist) });
const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);

describe('extractFields (Confluent FieldsMetadata rules)', () => {
  test('none: every value field, no key', () => {
    const fields = extractFields('t', config('none'), null, VALUE);
    assert.deepEqual(names(fields.keyFields), []);
    assert.deepEqual(names(fields.allFields), ['b', 'a', 'c']);
  });

  test('kafka: the three coordinates by default, first; exactly three names otherwise', () => {
    const fields = extractFields('t', config('kafka'), null, VALUE);
    assert.deepEqual(names(fields.allFields), [
      '__connect_topic',
      '__connect_partition',
      '__connect_offset',
      'b',
      'a',
      'c',
    ]);
    assert.deepEqual(
      fields.keyFields.map((f) => f.schema.type),
      ['string', 'int32', 'int64'],
    );
    assert.deepEqual(names(extractFields('t', config('kafka', ['t', 'p', 'o']), null, VALUE).keyFields), [
      't',
      'p',
      'o',
    ]);
    assert.throws(
      () => extractFields('t', config('kafka', ['x']), null, VALUE),
      /should either be no field names defined .* or exactly 3/,
    );
  });

  test('record_key: all key struct fields, or the chosen ones; a primitive key needs exactly one name', () => {
    assert.deepEqual(names(extractFields('t', config('record_key'), KEY, VALUE).keyFields), ['k1', 'k2']);
    assert.deepEqual(names(extractFields('t', config('record_key', ['k2']), KEY, VALUE).keyFields), ['k2']);
    assert.throws(
      () => extractFields('t', config('record_key', ['zz']), KEY, VALUE),
      /record key schema does not contain field: zz/,
    );
    assert.deepEqual(names(extractFields('t', config('record_key', ['id']), Schemas.INT64, VALUE).allFields), [
      'b',
      'a',
      'c',
      'id',
    ]);
    assert.throws(
      () => extractFields('t', config('record_key'), Schemas.INT64, VALUE),
      /Need exactly one PK column defined/,
    );
    assert.throws(() => extractFields('t', config('record_key'), null, VALUE), /record key schema is missing/);
  });

  test('record_value: all value fields, or the chosen ones; fields.whitelist limits the others only', () => {
    assert.deepEqual(names(extractFields('t', config('record_value'), null, VALUE).keyFields), ['b', 'a', 'c']);
    const chosen = extractFields('t', config('record_value', ['a'], ['c']), null, VALUE);
    assert.deepEqual(names(chosen.keyFields), ['a']);
    assert.deepEqual(names(chosen.nonKeyFields), ['c']);
    assert.throws(
      () => extractFields('t', config('record_value', ['nope']), null, VALUE),
      /record value schema does not contain field: nope/,
    );
  });

  test('a non-struct value schema, or nothing to write, is an error', () => {
    assert.throws(
      () => extractFields('t', config('none'), null, Schemas.STRING),
      (error: Error) => error instanceof ConnectError && /Value schema must be of type Struct/.test(error.message),
    );
    assert.throws(
      () => extractFields('t', config('none'), null, null),
      /No fields found using key and value schemas for table: t/,
    );
  });
});

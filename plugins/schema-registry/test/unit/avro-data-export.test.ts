/** `AvroData`, the registry-free Avro mapping the package exports for other plugins (the S3 sink's AvroFormat). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { BigDecimal, DataError, Decimal, LogicalTimestamp, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { AvroData, DEFAULT_AVRO_DATA_SETTINGS } from '../../src/index.js';

const schema = new SchemaBuilder('struct')
  .name('shop.Order')
  .field('id', Schemas.INT32)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('amount', Decimal.schema(2))
  .field('at', LogicalTimestamp.SCHEMA)
  .build();
const value = new Struct(schema)
  .put('id', 7)
  .put('note', null)
  .put('amount', BigDecimal.parse('-1.50'))
  .put('at', new Date(1_700_000_000_123));

describe('AvroData', () => {
  const data = new AvroData();

  test('the Avro schema of a Connect schema is cached per schema object', () => {
    const first = data.fromConnectSchema(schema);
    assert.equal(data.fromConnectSchema(schema), first);
    assert.equal(JSON.parse(first.text)['connect.name'], 'shop.Order');
    assert.equal(data.settings, DEFAULT_AVRO_DATA_SETTINGS);
  });

  test('Connect value → Avro binary that plain avsc reads → the same Connect value', () => {
    const written = data.fromConnectSchema(schema);
    const binary = data.fromConnectData(schema, written, value);
    const plain = avro.Type.forSchema(JSON.parse(written.text)).fromBuffer(binary) as Record<string, unknown>;
    assert.equal(plain['id'], 7);
    assert.equal(plain['note'], null);
    assert.equal(plain['at'], 1_700_000_000_123);
    const read = data.parseSchema(written.text);
    const back = data.toConnectData(data.toConnectSchema(read), read, binary) as Struct;
    assert.equal(back.get('id'), 7);
    assert.equal((back.get('amount') as BigDecimal).toString(), '-1.50');
    assert.equal((back.get('at') as Date).getTime(), 1_700_000_000_123);
  });

  test('a value that does not fit its schema is a DataError', () => {
    assert.throws(
      () => data.fromConnectData(schema, data.fromConnectSchema(schema), new Struct(schema).put('id', 1)),
      DataError,
    );
    assert.throws(
      () => data.fromConnectValue(schema, data.fromConnectSchema(schema), new Struct(schema).put('id', 1)),
      DataError,
    );
  });

  test('fromConnectValue: the avsc value fromConnectData encodes (wrapped unions, decimal bytes)', () => {
    const written = data.fromConnectSchema(schema);
    const order = new Struct(schema)
      .put('id', 8)
      .put('note', 'n')
      .put('amount', BigDecimal.parse('2.05'))
      .put('at', new Date(5));
    const direct = data.fromConnectValue(schema, written, order);
    assert.deepEqual(direct, { id: 8, note: { string: 'n' }, amount: Buffer.from([0x00, 0xcd]), at: 5 });
    assert.deepEqual(written.type.toBuffer(direct), data.fromConnectData(schema, written, order));
  });
});

/**
 * ProtobufData's `flatten.unions`: a oneof's members read as optional fields of the message's struct (in
 * the oneof's place, tags kept) instead of a `Union` struct, and write back through the same message type.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Schema, SchemaType, Struct } from 'lambda-connect/api';
import { ProtobufData } from '../../../src/protobuf/protobuf-data.js';
import { protobufDataOptions } from '../../../src/protobuf/protobuf-data-config.js';
import { messageAt, parseProtoSchema } from '../../../src/protobuf/proto-schema.js';

const TEXT = `syntax = "proto3";
package shop;
message Order {
  string id = 1;
  oneof payment { string card = 2; int64 voucher = 3; Gift gift = 4; }
  uint32 qty = 5;
  message Gift { string from = 1; }
}
`;

function fieldSchema(schema: Schema, name: string): Schema {
  const field = schema.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

describe('ProtobufData flatten.unions', () => {
  const type = messageAt(parseProtoSchema(TEXT), [0]);
  const flat = new ProtobufData(protobufDataOptions({ 'flatten.unions': 'true' }));

  test('the oneof members are optional fields in its place, with their tags; no Union struct', () => {
    const schema = flat.toConnectSchema(type);
    assert.deepEqual(
      schema.fields?.map((f) => f.name),
      ['card', 'voucher', 'gift', 'id', 'qty'],
    );
    for (const [name, tag] of [
      ['card', '2'],
      ['voucher', '3'],
      ['gift', '4'],
    ] as const) {
      assert.equal(fieldSchema(schema, name).optional, true, `${name} optional`);
      assert.equal(fieldSchema(schema, name).parameters?.['io.confluent.connect.protobuf.Tag'], tag);
    }
    assert.equal(fieldSchema(schema, 'gift').type, SchemaType.STRUCT);
    assert.ok(!schema.fields?.some((f) => f.schema.name?.startsWith('io.confluent.connect.protobuf.Union')));
    const nested = new ProtobufData().toConnectSchema(type);
    assert.equal(fieldSchema(nested, 'payment_0').name, 'io.confluent.connect.protobuf.Union.payment');
  });

  test('the member that is set reads as its field, the others null; written back, the same bytes', () => {
    const schema = flat.toConnectSchema(type);
    const encoded = type.encode(type.fromObject({ id: 'o-1', voucher: '9007199254740993', qty: 2 })).finish();
    const { value } = flat.toConnectData(type, encoded);
    const struct = value as Struct;
    assert.equal(struct.get('voucher'), 9007199254740993n);
    assert.equal(struct.get('card'), null);
    assert.equal(struct.get('gift'), null);
    assert.equal(struct.get('id'), 'o-1');
    const bytes = flat.fromConnectData(schema, struct, type);
    assert.ok(bytes);
    assert.deepEqual(Buffer.from(bytes), Buffer.from(encoded));

    const gift = new Struct(schema)
      .put('id', 'o-2')
      .put('qty', 1n)
      .put('gift', new Struct(fieldSchema(schema, 'gift')).put('from', 'Ada'));
    const back = flat.toConnectData(type, flat.fromConnectData(schema, gift, type) as Uint8Array).value as Struct;
    assert.equal((back.get('gift') as Struct).get('from'), 'Ada');
    assert.equal(back.get('voucher'), null);
  });
});

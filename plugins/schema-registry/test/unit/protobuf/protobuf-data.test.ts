import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BigDecimal, DataError, type Schema, SchemaBuilder, SchemaType, Schemas, Struct } from 'lambda-connect/api';
import type protobuf from 'protobufjs';
import { ProtobufData } from '../../../src/protobuf/protobuf-data.js';
import { protobufDataOptions } from '../../../src/protobuf/protobuf-data-config.js';
import { messageAt, parseProtoSchema } from '../../../src/protobuf/proto-schema.js';
import { TABLE_SCHEMA, tableValue } from './types-table.js';

const TAG = 'io.confluent.connect.protobuf.Tag';

function fieldSchema(schema: Schema, name: string): Schema {
  const field = schema.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

/** A struct's field values without its schema (read schemas carry tags the written ones do not). */
function plain(value: unknown): unknown {
  if (!(value instanceof Struct)) return value;
  return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, plain(value.get(f.name))]));
}

describe('ProtobufData: Connect schema → .proto', () => {
  const data = new ProtobufData();
  const { schema, type, indexes } = data.fromConnectSchema(TABLE_SCHEMA);

  test('a named struct is a proto3 message in the package of its namespace, the first of its file', () => {
    assert.match(schema.text, /^syntax = "proto3";\n\npackage lc\.test;\n/);
    assert.equal(type.fullName, '.lc.test.AllTypes');
    assert.deepEqual(indexes, [0]);
  });

  test('every type of the table maps as ProtobufData maps it', () => {
    const lines = schema.text.split('\n').map((l) => l.trim());
    for (const expected of [
      'int32 i8 = 1 [(confluent.field_meta) = { params: [{ key: "connect.type", value: "int8" }] }];',
      'int32 i16 = 2 [(confluent.field_meta) = { params: [{ key: "connect.type", value: "int16" }] }];',
      'int32 i32 = 3;',
      'int64 i64 = 4;',
      'float f32 = 6;',
      'double f64 = 7;',
      'bool flag = 8;',
      'string text = 9;',
      'bytes blob = 10;',
      'string maybe = 11;',
      'Inner inner = 12;',
      'repeated string tags = 13;',
      'map<string, int64> counts = 14;',
      'map<int32, string> by_id = 15;',
      'confluent.type.Decimal amount = 16 [(confluent.field_meta) = { params: [{ key: "scale", value: "2" }] }];',
      'google.type.Date day = 17;',
      'google.type.TimeOfDay at_time = 18;',
      'google.protobuf.Timestamp at = 19;',
      'Color color = 20;',
      'enum Color {',
      'GREEN = 1;',
      'import "confluent/type/decimal.proto";',
      'import "confluent/meta.proto";',
    ]) {
      assert.ok(lines.includes(expected), `missing line: ${expected}\n${schema.text}`);
    }
  });

  test('an unnamed struct is ConnectDefault1, its unnamed nested structs ConnectDefault2…', () => {
    const nested = SchemaBuilder.struct().field('x', Schemas.INT32).optional().build();
    const root = SchemaBuilder.struct().field('a', nested).field('b', Schemas.OPTIONAL_STRING).build();
    const result = new ProtobufData().fromConnectSchema(root);
    assert.equal(result.type.fullName, '.ConnectDefault1');
    assert.ok(result.type.lookupType('ConnectDefault2'));
    assert.doesNotMatch(result.schema.text, /package/);
  });

  test('optional.for.nullables writes proto3 optional; wrapper.for.nullables writes wrappers', () => {
    const root = SchemaBuilder.struct().name('N').field('s', Schemas.OPTIONAL_STRING).field('r', Schemas.INT32).build();
    const optional = new ProtobufData(protobufDataOptions({ 'optional.for.nullables': 'true' })).fromConnectSchema(
      root,
    );
    assert.match(optional.schema.text, /optional string s = 1;/);
    assert.match(optional.schema.text, /\n {2}int32 r = 2;/);
    const wrapped = new ProtobufData(protobufDataOptions({ 'wrapper.for.nullables': 'true' })).fromConnectSchema(root);
    assert.match(wrapped.schema.text, /google\.protobuf\.StringValue s = 1;/);
    assert.match(wrapped.schema.text, /import "google\/protobuf\/wrappers\.proto";/);
  });

  test('a primitive root is its google.protobuf wrapper', () => {
    const result = new ProtobufData().fromConnectSchema(Schemas.STRING);
    assert.equal(result.type.fullName, '.google.protobuf.StringValue');
    assert.deepEqual(result.indexes, [7]);
  });

  test('arrays of arrays and array roots are refused with a DataError', () => {
    const nestedArray = SchemaBuilder.struct()
      .field('a', SchemaBuilder.array(SchemaBuilder.array(Schemas.INT32).build()).build())
      .build();
    assert.throws(
      () => new ProtobufData().fromConnectSchema(nestedArray),
      (e: unknown) => e instanceof DataError && /Array cannot be nested/.test(e.message),
    );
    assert.throws(() => new ProtobufData().fromConnectSchema(SchemaBuilder.array(Schemas.INT32).build()), DataError);
  });
});

describe('ProtobufData: values round-trip through the bytes', () => {
  test('every value of the table reads back equal', () => {
    const data = new ProtobufData();
    const { type } = data.fromConnectSchema(TABLE_SCHEMA);
    const original = tableValue();
    const bytes = data.fromConnectData(TABLE_SCHEMA, original, type);
    assert.ok(bytes !== null && bytes.length > 0);
    const back = data.toConnectData(type, bytes);
    const value = back.value as Struct;
    for (const field of TABLE_SCHEMA.fields ?? []) {
      assert.deepEqual(plain(value.get(field.name)), plain(original.get(field.name)), field.name);
    }
  });

  test('unset proto3 scalars read as their defaults, unset messages as null (as Confluent reads them)', () => {
    const data = new ProtobufData();
    const { type } = data.fromConnectSchema(TABLE_SCHEMA);
    const sparse = new Struct(TABLE_SCHEMA).put('i32', 7);
    const value = data.toConnectData(type, data.fromConnectData(TABLE_SCHEMA, sparse, type) as Uint8Array)
      .value as Struct;
    assert.equal(value.get('i32'), 7);
    assert.equal(value.get('i64'), 0);
    assert.equal(value.get('text'), '');
    assert.equal(value.get('maybe'), '');
    assert.deepEqual(value.get('tags'), []);
    assert.equal(value.get('inner'), null);
    assert.equal(value.get('amount'), null);
    assert.equal(value.get('color'), 'RED');
  });

  test('a null value is a null record (tombstone); a wrong value type is a DataError', () => {
    const data = new ProtobufData();
    const { type } = data.fromConnectSchema(TABLE_SCHEMA);
    assert.equal(data.fromConnectData(TABLE_SCHEMA, null, type), null);
    const bad = new Struct(TABLE_SCHEMA).put('i32', 'seven');
    assert.throws(
      () => data.fromConnectData(TABLE_SCHEMA, bad, type),
      (e: unknown) => e instanceof DataError && /INT32/.test(e.message),
    );
  });

  test('primitive roots round-trip through their wrapper', () => {
    const data = new ProtobufData();
    for (const [schema, value] of [
      [Schemas.STRING, 'key-1'],
      [Schemas.INT64, 9_007_199_254_740_993n],
      [Schemas.BOOLEAN, true],
      [Schemas.BYTES, Uint8Array.of(9, 8)],
    ] as const) {
      const { type } = data.fromConnectSchema(schema);
      const back = data.toConnectData(type, data.fromConnectData(schema, value, type) as Uint8Array);
      assert.equal(back.schema?.type, schema.type);
      assert.deepEqual(back.value, value);
    }
  });
});

describe('ProtobufData: .proto → Connect schema', () => {
  const text = `syntax = "proto3";
package shop;
import "google/protobuf/wrappers.proto";
message Order {
  oneof payment { string card = 1; int64 voucher = 2; }
  optional string note = 3;
  uint32 qty = 4;
  sint64 delta = 5;
  fixed32 f = 6;
  Status status = 7;
  repeated Line lines = 8;
  google.protobuf.StringValue coupon = 9;
  map<string, Line> by_sku = 10;
  enum Status { NEW = 0; PAID = 5; }
  message Line { string sku = 1; }
}
message Other { bool x = 1; }
`;
  const parsed = parseProtoSchema(text);

  test('a oneof is an optional Union struct in a field <name>_<index>, first; every field optional with its tag', () => {
    const schema = new ProtobufData().toConnectSchema(messageAt(parsed, [0]), 3);
    assert.equal(schema.name, 'Order');
    assert.equal(schema.version, 3);
    assert.deepEqual(
      schema.fields?.map((f) => f.name),
      ['payment_0', 'note', 'qty', 'delta', 'f', 'status', 'lines', 'coupon', 'by_sku'],
    );
    const union = fieldSchema(schema, 'payment_0');
    assert.equal(union.name, 'io.confluent.connect.protobuf.Union.payment');
    assert.equal(union.optional, true);
    assert.equal(fieldSchema(union, 'voucher').parameters?.[TAG], '2');
    assert.equal(fieldSchema(schema, 'qty').type, SchemaType.INT64);
    assert.equal(fieldSchema(schema, 'qty').parameters?.['io.confluent.connect.protobuf.Type'], 'uint32');
    assert.equal(fieldSchema(schema, 'delta').parameters?.['io.confluent.connect.protobuf.Type'], 'sint64');
    const status = fieldSchema(schema, 'status');
    assert.equal(status.type, SchemaType.STRING);
    assert.equal(status.parameters?.['io.confluent.connect.protobuf.Enum.PAID'], '5');
    const lines = fieldSchema(schema, 'lines');
    assert.equal(lines.type, SchemaType.ARRAY);
    assert.equal(lines.valueSchema?.name, 'Line');
    assert.equal(fieldSchema(schema, 'coupon').type, SchemaType.STRUCT);
    assert.equal(fieldSchema(schema, 'by_sku').type, SchemaType.MAP);
    assert.ok(schema.fields?.every((f) => f.schema.optional));
  });

  test('enhanced.protobuf.schema.support names structs by full name; wrapper.for.nullables unwraps', () => {
    const data = new ProtobufData(
      protobufDataOptions({ 'enhanced.protobuf.schema.support': 'true', 'wrapper.for.nullables': 'true' }),
    );
    const schema = data.toConnectSchema(messageAt(parsed, [0]));
    assert.equal(schema.name, 'shop.Order');
    assert.equal(fieldSchema(schema, 'coupon').type, SchemaType.STRING);
  });

  test("flatten.unions: a oneof's members are optional fields of the struct in its place; the set one holds the value", () => {
    const data = new ProtobufData(protobufDataOptions({ 'flatten.unions': 'true' }));
    const type = messageAt(parsed, [0]);
    const schema = data.toConnectSchema(type);
    assert.deepEqual(
      schema.fields?.map((f) => f.name),
      ['card', 'voucher', 'note', 'qty', 'delta', 'f', 'status', 'lines', 'coupon', 'by_sku'],
    );
    assert.equal(fieldSchema(schema, 'voucher').type, SchemaType.INT64);
    assert.equal(fieldSchema(schema, 'voucher').optional, true);
    assert.equal(fieldSchema(schema, 'voucher').parameters?.[TAG], '2');
    const value = data.toConnectData(type, type.encode({ voucher: 5, qty: 1 }).finish()).value as Struct;
    assert.equal(value.get('voucher'), 5);
    assert.equal(value.get('card'), null);
    assert.equal(value.get('qty'), 1);
  });

  test('values read: the set oneof member, a present optional, an enum symbol, nested messages', () => {
    const type = messageAt(parsed, [0]);
    const bytes = type
      .encode({
        voucher: 5,
        note: 'n',
        qty: 4_000_000_000,
        status: 5,
        lines: [{ sku: 'a' }],
        coupon: { value: 'c' },
        by_sku: { z: { sku: 'z' } },
      })
      .finish();
    const value = new ProtobufData().toConnectData(type, bytes).value as Struct;
    assert.equal((value.get('payment_0') as Struct).get('voucher'), 5);
    assert.equal((value.get('payment_0') as Struct).get('card'), null);
    assert.equal(value.get('note'), 'n');
    assert.equal(value.get('qty'), 4_000_000_000);
    assert.equal(value.get('status'), 'PAID');
    assert.equal(((value.get('lines') as Struct[])[0] as Struct).get('sku'), 'a');
    assert.equal((value.get('coupon') as Struct).get('value'), 'c');
    assert.equal(((value.get('by_sku') as Record<string, Struct>).z as Struct).get('sku'), 'z');
  });

  test('ours writes what it reads: the same schema and message encode back to the same bytes', () => {
    const data = new ProtobufData();
    const type = messageAt(parsed, [0]);
    const bytes = type.encode({ card: 'x', qty: 1, status: 5, lines: [{ sku: 'a' }] }).finish();
    const { schema, value } = data.toConnectData(type, bytes);
    assert.deepEqual(data.fromConnectData(schema as Schema, value, type), bytes);
  });

  test('message indexes resolve nested and later messages; a bad path is a DataError', () => {
    assert.equal(messageAt(parsed, [1]).name, 'Other');
    assert.equal(messageAt(parsed, [0, 0]).name, 'Line');
    assert.throws(() => messageAt(parsed, [2]), DataError);
  });

  test('a base64 FileDescriptorProto (as Python registers) parses to the same types', () => {
    const descriptorSet = (parsed.root as protobuf.Root).toDescriptor('proto3');
    const file = descriptorSet.file.find((f) => f.package === 'shop');
    assert.ok(file);
    // protoc records the imports; protobufjs's descriptor writer does not.
    file.dependency = ['google/protobuf/wrappers.proto'];
    const fileType = descriptorSet.$type.fields.file?.resolve().resolvedType as protobuf.Type;
    const fromDescriptor = parseProtoSchema(Buffer.from(fileType.encode(file).finish()).toString('base64'));
    assert.deepEqual(
      fromDescriptor.messages.map((m) => m.fullName),
      ['.shop.Order', '.shop.Other'],
    );
    assert.deepEqual(
      messageAt(fromDescriptor, [0]).fieldsArray.map((f) => f.name),
      messageAt(parsed, [0]).fieldsArray.map((f) => f.name),
    );
  });

  test('invalid text and unknown imports are DataErrors that say so', () => {
    assert.throws(
      () => parseProtoSchema('syntax = "proto3"; message {'),
      (e: unknown) => e instanceof DataError && /Invalid Protobuf schema/.test(e.message),
    );
    assert.throws(
      () => parseProtoSchema('syntax = "proto3"; import "x/y.proto"; message A { int32 a = 1; }'),
      /x\/y\.proto/,
    );
  });

  test('decimal values carry their scale; a different scale in the value is kept', () => {
    const data = new ProtobufData();
    const { type } = data.fromConnectSchema(TABLE_SCHEMA);
    const value = new Struct(TABLE_SCHEMA).put('amount', new BigDecimal(5n, 2));
    const back = data.toConnectData(type, data.fromConnectData(TABLE_SCHEMA, value, type) as Uint8Array)
      .value as Struct;
    assert.deepEqual(back.get('amount'), new BigDecimal(5n, 2));
  });
});

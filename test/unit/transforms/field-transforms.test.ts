import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, SchemaType, Struct } from '../../../lib/api/index.js';
import {
  ExtractFieldKey,
  ExtractFieldValue,
  HoistFieldKey,
  HoistFieldValue,
  MaskFieldValue,
  ReplaceFieldValue,
  ValueToKey,
} from '../../../lib/transforms/index.js';
import { keyRecord, valueRecord } from './records.js';

const inner = SchemaBuilder.struct().field('city', Schemas.STRING).build();
const schema = SchemaBuilder.struct()
  .name('com.example.Order')
  .field('id', Schemas.INT32)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('address', inner)
  .build();
const order = () =>
  new Struct(schema).put('id', 7).put('name', 'ann').put('address', new Struct(inner).put('city', 'Oslo'));

function configured<T extends { configure(c: Record<string, string>): void }>(
  t: T,
  configs: Record<string, string>,
): T {
  t.configure(configs);
  return t;
}

describe('ExtractField', () => {
  test('extracts from structs and maps, nested with V2', () => {
    const t = configured(new ExtractFieldValue(), { field: 'id' });
    const out = t.apply(valueRecord(schema, order()));
    assert.deepEqual([out.value, out.valueSchema], [7, Schemas.INT32]);
    assert.equal(t.apply(valueRecord(null, { id: 9 })).value, 9);
    assert.equal(t.apply(valueRecord(null, { other: 1 })).value, null);
    const nested = configured(new ExtractFieldValue(), { field: 'address.city', 'field.syntax.version': 'v2' });
    assert.equal(nested.apply(valueRecord(schema, order())).value, 'Oslo');
    assert.equal(nested.apply(valueRecord(null, { address: { city: 'Rome' } })).value, 'Rome');
    const dotted = configured(new ExtractFieldValue(), { field: '`a.b`.c', 'field.syntax.version': 'V2' });
    assert.equal(dotted.apply(valueRecord(null, { 'a.b': { c: 1 } })).value, 1);
    const key = configured(new ExtractFieldKey(), { field: 'k' });
    assert.equal(key.apply(keyRecord(null, { k: 'x' })).key, 'x');
  });

  test('nulls pass through; unknown struct fields fail', () => {
    const t = configured(new ExtractFieldValue(), { field: 'id' });
    assert.equal(t.apply(valueRecord(null, null)).value, null);
    const withSchema = t.apply(valueRecord(schema, null));
    assert.deepEqual([withSchema.value, withSchema.valueSchema], [null, Schemas.INT32]);
    assert.throws(() => configured(new ExtractFieldValue(), { field: 'nope' }).apply(valueRecord(schema, order())), {
      message: 'Unknown field: nope',
    });
    assert.throws(() => t.apply(valueRecord(null, 'text')), {
      message: 'Only Map objects supported in absence of schema for [field extraction], found: java.lang.String',
    });
    assert.throws(
      () => configured(new ExtractFieldValue(), { field: '`a', 'field.syntax.version': 'V2' }),
      /Incomplete backtick pair in path: \[`a\]/,
    );
  });
});

describe('HoistField', () => {
  test('wraps the value, null included', () => {
    const t = configured(new HoistFieldValue(), { field: 'line' });
    assert.deepEqual(t.apply(valueRecord(null, 'hello')).value, { line: 'hello' });
    assert.deepEqual(t.apply(valueRecord(null, null)).value, { line: null });
    const out = t.apply(valueRecord(Schemas.STRING, 'hello'));
    assert.equal(String(out.value), 'Struct{line=hello}');
    assert.deepEqual(
      out.valueSchema?.fields?.map((f) => [f.name, f.schema]),
      [['line', Schemas.STRING]],
    );
    const key = configured(new HoistFieldKey(), { field: 'k' });
    assert.deepEqual(key.apply(keyRecord(null, 5)).key, { k: 5 });
  });
});

describe('ValueToKey', () => {
  test('builds the key from value fields', () => {
    const t = configured(new ValueToKey(), { fields: 'id,name' });
    const out = t.apply(valueRecord(schema, order()));
    assert.equal(String(out.key), 'Struct{id=7,name=ann}');
    assert.deepEqual(
      out.keySchema?.fields?.map((f) => f.name),
      ['id', 'name'],
    );
    assert.deepEqual(t.apply(valueRecord(null, { id: 1, x: 2 })).key, { id: 1, name: null });
    assert.throws(() => configured(new ValueToKey(), { fields: 'zip' }).apply(valueRecord(schema, order())), {
      message: 'Field does not exist: zip',
    });
    assert.throws(() => t.apply(valueRecord(null, null)), {
      message: 'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    });
    assert.throws(() => new ValueToKey().configure({ fields: '' }), {
      message: 'Invalid value [] for configuration fields: Empty list',
    });
  });
});

describe('ReplaceField', () => {
  test('include, exclude and renames', () => {
    const t = configured(new ReplaceFieldValue(), { exclude: 'name', renames: 'id:order_id' });
    const out = t.apply(valueRecord(schema, order()));
    assert.equal(String(out.value), 'Struct{order_id=7,address=Struct{city=Oslo}}');
    assert.equal(out.valueSchema?.name, 'com.example.Order');
    assert.deepEqual(t.apply(valueRecord(null, { id: 1, name: 'x', z: 3 })).value, { order_id: 1, z: 3 });
    const only = configured(new ReplaceFieldValue(), { include: 'id,name', exclude: 'name' });
    assert.deepEqual(
      only.apply(
        valueRecord(
          null,
          new Map<string, unknown>([
            ['id', 1],
            ['name', 'x'],
            ['z', 3],
          ]),
        ),
      ).value,
      new Map([['id', 1]]),
    );
    assert.equal(t.apply(valueRecord(null, null)).value, null);
    assert.throws(() => new ReplaceFieldValue().configure({ renames: 'a' }), {
      message: 'Invalid value [a] for configuration renames: Invalid rename mapping: a',
    });
  });
});

describe('MaskField', () => {
  test('masks with empty values or a replacement', () => {
    const t = configured(new MaskFieldValue(), { fields: 'a,s,n,l,missing' });
    assert.deepEqual(t.apply(valueRecord(null, { a: 5, s: 'x', n: { k: 1 }, l: [1], keep: 2 })).value, {
      a: 0,
      s: '',
      n: {},
      l: [],
      keep: 2,
      missing: null,
    });
    const out = t.apply(valueRecord(schema, order()));
    assert.equal(String(out.value), 'Struct{id=7,name=ann,address=Struct{city=Oslo}}');
    const withSchema = configured(new MaskFieldValue(), { fields: 'id,name' }).apply(valueRecord(schema, order()));
    assert.equal(String(withSchema.value), 'Struct{id=0,name=,address=Struct{city=Oslo}}');
    const replaced = configured(new MaskFieldValue(), { fields: 'id,name', replacement: '1.5' }).apply(
      valueRecord(schema, order()),
    );
    assert.equal(String(replaced.value), 'Struct{id=1,name=1.5,address=Struct{city=Oslo}}');
    assert.equal(withSchema.valueSchema, schema);
  });

  test('rejects what Connect rejects', () => {
    const t = configured(new MaskFieldValue(), { fields: 'b', replacement: 'x' });
    assert.throws(() => t.apply(valueRecord(null, { b: true })), {
      message: 'Cannot mask value of type class java.lang.Boolean with custom replacement.',
    });
    assert.throws(
      () => configured(new MaskFieldValue(), { fields: 'n', replacement: 'abc' }).apply(valueRecord(null, { n: 5 })),
      {
        message: 'Unable to convert abc (class java.lang.String) to a number',
      },
    );
    assert.throws(
      () => configured(new MaskFieldValue(), { fields: 'b' }).apply(valueRecord(null, { b: Uint8Array.of(1) })),
      {
        message: 'Cannot mask value of type: class [B',
      },
    );
    assert.throws(() => configured(new MaskFieldValue(), { fields: 'a' }).apply(valueRecord(null, null)), {
      message: 'Only Map objects supported in absence of schema for [mask fields], found: null',
    });
    assert.throws(() => new MaskFieldValue().configure({ fields: 'a', replacement: '' }), {
      message: 'Invalid value  for configuration replacement: String must be non-empty',
    });
  });
});

describe('$Key variants keep the value untouched', () => {
  test('a Key transform only touches the key', () => {
    const t = configured(new ExtractFieldKey(), { field: 'id' });
    const record = { ...keyRecord(schema, order()), valueSchema: Schemas.STRING, value: 'v' };
    const out = t.apply(record);
    assert.deepEqual(
      [out.key, out.keySchema?.type, out.value, out.valueSchema],
      [7, SchemaType.INT32, 'v', Schemas.STRING],
    );
    assert.equal(out.kafkaOffset, 42);
    assert.notEqual(out, record);
  });
});

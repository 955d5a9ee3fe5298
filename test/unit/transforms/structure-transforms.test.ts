import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchemaBuilder, Schemas, SchemaType, Struct } from '../../../lib/api/index.js';
import { LogicalTimestamp } from '../../../lib/converters/index.js';
import {
  FlattenValue,
  HeaderFromKey,
  HeaderFromValue,
  InsertFieldValue,
  SetSchemaMetadataValue,
} from '../../../lib/transforms/index.js';
import { keyRecord, sourceRecordOf, valueRecord } from './records.js';

const inner = SchemaBuilder.struct().field('city', Schemas.STRING).field('zip', Schemas.OPTIONAL_INT32).build();
const schema = SchemaBuilder.struct()
  .name('Order')
  .version(1)
  .field('id', Schemas.INT32)
  .field('address', inner)
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .build();
const order = () =>
  new Struct(schema).put('id', 7).put('address', new Struct(inner).put('city', 'Oslo')).put('tags', ['a']);

function configured<T extends { configure(c: Record<string, string>): void }>(
  t: T,
  configs: Record<string, string>,
): T {
  t.configure(configs);
  return t;
}

describe('Flatten', () => {
  test('flattens structs with the delimiter, keeping arrays', () => {
    const t = configured(new FlattenValue(), { delimiter: '_' });
    const out = t.apply(valueRecord(schema, order()));
    assert.equal(String(out.value), 'Struct{id=7,address_city=Oslo,tags=[a]}');
    assert.deepEqual(
      out.valueSchema?.fields?.map((f) => [f.name, f.schema.type, f.schema.optional]),
      [
        ['id', SchemaType.INT32, false],
        ['address_city', SchemaType.STRING, false],
        ['address_zip', SchemaType.INT32, true],
        ['tags', SchemaType.ARRAY, false],
      ],
    );
    assert.deepEqual([out.valueSchema?.name, out.valueSchema?.version], ['Order', 1]);
  });

  test('flattens maps, keeps nulls, passes tombstones', () => {
    const t = configured(new FlattenValue(), {});
    assert.deepEqual(t.apply(valueRecord(null, { a: { b: { c: 1 } }, n: null, l: [{ x: 1 }] })).value, {
      'a.b.c': 1,
      n: null,
      l: [{ x: 1 }],
    });
    const tombstone = valueRecord(null, null);
    assert.equal(t.apply(tombstone), tombstone);
    assert.throws(() => t.apply(valueRecord(null, { d: new Date(0) })), {
      message:
        "Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API",
    });
    const mapSchema = SchemaBuilder.struct()
      .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build())
      .build();
    assert.throws(() => t.apply(valueRecord(mapSchema, new Struct(mapSchema).put('m', {}))), {
      message: 'Flatten transformation does not support MAP for record with schemas (for field m).',
    });
  });
});

describe('InsertField', () => {
  test('adds metadata fields to structs and maps', () => {
    const t = configured(new InsertFieldValue(), {
      'topic.field': 'topic!',
      'partition.field': 'partition',
      'offset.field': 'offset',
      'timestamp.field': 'ts',
      'static.field': 'origin',
      'static.value': 'lambda',
    });
    const flat = SchemaBuilder.struct().field('id', Schemas.INT32).build();
    const out = t.apply(valueRecord(flat, new Struct(flat).put('id', 1)));
    assert.equal(
      String(out.value),
      `Struct{id=1,topic=orders,partition=3,offset=42,ts=${new Date(1700000000123).toString()},origin=lambda}`,
    );
    assert.deepEqual(
      out.valueSchema?.fields?.map((f) => [f.name, f.schema.type, f.schema.optional]),
      [
        ['id', SchemaType.INT32, false],
        ['topic', SchemaType.STRING, false],
        ['partition', SchemaType.INT32, true],
        ['offset', SchemaType.INT64, true],
        ['ts', SchemaType.INT64, true],
        ['origin', SchemaType.STRING, true],
      ],
    );
    assert.equal(out.valueSchema?.fields?.[4]?.schema.name, LogicalTimestamp.LOGICAL_NAME);
    assert.deepEqual(t.apply(valueRecord(null, { id: 1 })).value, {
      id: 1,
      topic: 'orders',
      partition: 3,
      offset: 42,
      ts: 1700000000123,
      origin: 'lambda',
    });
  });

  test('tombstones pass; offsets need sink records; config is checked', () => {
    const t = configured(new InsertFieldValue(), { 'offset.field': 'o' });
    const tombstone = valueRecord(null, null);
    assert.equal(t.apply(tombstone), tombstone);
    assert.throws(() => t.apply(sourceRecordOf({ a: 1 })), {
      message: 'Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord',
    });
    const topicOnly = configured(new InsertFieldValue(), { 'topic.field': 't' });
    assert.deepEqual(topicOnly.apply(sourceRecordOf({ a: 1 })).value, { a: 1, t: 'orders' });
    assert.throws(() => new InsertFieldValue().configure({}), { message: 'No field insertion configured' });
    assert.throws(
      () => new InsertFieldValue().configure({ 'static.field': 's' }),
      /No value specified for static field: s/,
    );
  });
});

describe('SetSchemaMetadata', () => {
  test('renames and re-versions the schema, rebuilding structs', () => {
    const t = configured(new SetSchemaMetadataValue(), { 'schema.name': 'com.example.V2', 'schema.version': '5' });
    const out = t.apply(valueRecord(schema, order()));
    assert.deepEqual([out.valueSchema?.name, out.valueSchema?.version], ['com.example.V2', 5]);
    assert.ok(out.value instanceof Struct && out.value.schema === out.valueSchema);
    assert.equal(String(out.value), String(order()));
    const plain = t.apply(valueRecord(Schemas.STRING, 'x'));
    assert.deepEqual(
      [plain.valueSchema?.name, plain.valueSchema?.type, plain.value],
      ['com.example.V2', SchemaType.STRING, 'x'],
    );
  });

  test('tombstones pass; schemaless values are rejected', () => {
    const t = configured(new SetSchemaMetadataValue(), { 'schema.name': 'n' });
    const tombstone = valueRecord(null, null);
    assert.equal(t.apply(tombstone), tombstone);
    assert.throws(() => t.apply(valueRecord(null, { a: 1 })), {
      message: 'Schema required for [updating schema metadata]',
    });
    assert.throws(() => new SetSchemaMetadataValue().configure({}), {
      message: 'Neither schema name nor version configured',
    });
  });
});

describe('HeaderFrom', () => {
  test('moves or copies fields into headers', () => {
    const move = configured(new HeaderFromValue(), {
      fields: 'id,missing',
      headers: 'h-id,h-missing',
      operation: 'move',
    });
    const out = move.apply(valueRecord(null, { id: 1, keep: 2 }));
    assert.deepEqual(out.value, { keep: 2 });
    assert.deepEqual(out.headers, [
      { key: 'h-id', value: 1, schema: null },
      { key: 'h-missing', value: null, schema: null },
    ]);
    const copy = configured(new HeaderFromValue(), { fields: 'id', headers: 'h', operation: 'copy' });
    const copied = copy.apply(valueRecord(schema, order()));
    assert.equal(String(copied.value), String(order()));
    assert.deepEqual(copied.headers, [{ key: 'h', value: 7, schema: Schemas.INT32 }]);
    const moved = configured(new HeaderFromValue(), { fields: 'id', headers: 'h', operation: 'move' }).apply(
      valueRecord(schema, order()),
    );
    assert.deepEqual(
      moved.valueSchema?.fields?.map((f) => f.name),
      ['address', 'tags'],
    );
    const key = configured(new HeaderFromKey(), { fields: 'k', headers: 'hk', operation: 'copy' });
    assert.deepEqual(key.apply(keyRecord(null, { k: 'v' })).headers, [{ key: 'hk', value: 'v', schema: null }]);
  });

  test('rejects mismatched lists and null values', () => {
    assert.throws(() => new HeaderFromValue().configure({ fields: 'a,b', headers: 'h', operation: 'copy' }), {
      message: "'fields' config must have the same number of elements as 'headers' config.",
    });
    assert.throws(() => new HeaderFromValue().configure({ fields: 'a', headers: 'h', operation: 'swap' }), {
      message: 'Invalid value swap for configuration operation: String must be one of: move, copy',
    });
    const t = configured(new HeaderFromValue(), { fields: 'a', headers: 'h', operation: 'move' });
    assert.throws(() => t.apply(valueRecord(null, null)), {
      message: 'Only Map objects supported in absence of schema for [header move], found: null',
    });
  });
});

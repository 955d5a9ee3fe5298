import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BigDecimal, DataError, type Schema, SchemaBuilder, SchemaType, Schemas, Struct } from 'lambda-connect/api';
import { JsonSchemaData } from '../../../src/json-schema/json-schema-data.js';
import { jsonSchemaDataOptions } from '../../../src/json-schema/json-schema-data-config.js';
import { TABLE_SCHEMA, tableValue } from '../protobuf/types-table.js';

function fieldSchema(schema: Schema, name: string): Schema {
  const field = schema.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

function plain(value: unknown): unknown {
  if (!(value instanceof Struct)) return value;
  return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, plain(value.get(f.name))]));
}

describe('JsonSchemaData: Connect schema → JSON Schema', () => {
  const { document } = new JsonSchemaData().fromConnectSchema(TABLE_SCHEMA);
  const properties = document.properties as Record<string, Record<string, unknown>>;

  test('a struct is an object titled by its name; fields carry connect.index and connect.type', () => {
    assert.equal(document.type, 'object');
    assert.equal(document.title, 'lc.test.AllTypes');
    assert.deepEqual(properties.i8, { type: 'integer', 'connect.type': 'int8', 'connect.index': 0 });
    assert.deepEqual(properties.i64, { type: 'integer', 'connect.type': 'int64', 'connect.index': 3 });
    assert.deepEqual(properties.f32, { type: 'number', 'connect.type': 'float32', 'connect.index': 5 });
    assert.deepEqual(properties.blob, { type: 'string', 'connect.type': 'bytes', 'connect.index': 9 });
  });

  test('optional is oneOf null; logical types keep their name, version and parameters', () => {
    assert.deepEqual(properties.maybe, { oneOf: [{ type: 'null' }, { type: 'string' }], 'connect.index': 10 });
    const amount = properties.amount?.oneOf as Record<string, unknown>[];
    assert.deepEqual(amount[1], {
      type: 'string',
      'connect.type': 'bytes',
      title: 'org.apache.kafka.connect.data.Decimal',
      'connect.version': 1,
      'connect.parameters': { scale: '2' },
    });
    const byId = properties.by_id?.oneOf as Record<string, unknown>[];
    assert.equal(byId[1]?.type, 'array');
    assert.equal(byId[1]?.['connect.type'], 'map');
  });

  test('every value of the table round-trips through JSON text', () => {
    const data = new JsonSchemaData();
    const parsed = data.fromConnectSchema(TABLE_SCHEMA);
    const original = tableValue();
    const text = data.fromConnectData(TABLE_SCHEMA, original, parsed);
    assert.match(text, /"big64":9007199254740993/);
    assert.match(text, /"amount":"z8c="/);
    const { schema, value } = data.toConnectData(parsed, text);
    assert.equal(schema?.name, 'lc.test.AllTypes');
    assert.equal(fieldSchema(schema as Schema, 'i16').type, SchemaType.INT16);
    assert.equal(fieldSchema(schema as Schema, 'maybe').optional, true);
    assert.equal(fieldSchema(schema as Schema, 'i32').optional, false);
    for (const field of TABLE_SCHEMA.fields ?? []) {
      const expected = plain(original.get(field.name));
      const actual = plain((value as Struct).get(field.name));
      // Without source text access in JSON.parse (Node < 22) an int64 beyond 2^53 reads as a number.
      if (typeof expected === 'bigint' && typeof actual === 'number')
        assert.equal(BigInt(actual), BigInt(Number(expected)));
      else if (field.name === 'counts') assert.deepEqual(Object.keys(actual as object), ['x', 'y']);
      else assert.deepEqual(actual, expected, field.name);
    }
  });

  test('decimal.format=NUMERIC writes decimals as numbers', () => {
    const data = new JsonSchemaData(jsonSchemaDataOptions({ 'decimal.format': 'NUMERIC' }));
    const parsed = data.fromConnectSchema(TABLE_SCHEMA);
    const text = data.fromConnectData(TABLE_SCHEMA, tableValue(), parsed);
    assert.match(text, /"amount":-123.45/);
    assert.deepEqual((data.toConnectData(parsed, text).value as Struct).get('amount'), new BigDecimal(-12345n, 2));
  });

  test('a required field without value or default is a DataError', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    const data = new JsonSchemaData();
    assert.throws(() => data.fromConnectData(schema, new Struct(schema), data.fromConnectSchema(schema)), DataError);
  });
});

describe('JsonSchemaData: JSON Schema → Connect (schemas other tools write)', () => {
  const text = JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'User',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      score: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' } },
      nick: { type: ['string', 'null'] },
      kind: { enum: ['A', 'B'] },
      address: { $ref: '#/definitions/Address' },
      either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    },
    required: ['id', 'name'],
    definitions: { Address: { type: 'object', properties: { city: { type: 'string' } } } },
  });

  test('integer → int64, number → float64, ["t","null"] optional, enum parameters, $ref followed, oneOf a OneOf struct', () => {
    const data = new JsonSchemaData();
    const schema = data.toConnectSchema(data.parse(text), 4);
    assert.equal(schema.name, 'User');
    assert.equal(schema.version, 4);
    assert.equal(fieldSchema(schema, 'id').type, SchemaType.INT64);
    assert.equal(fieldSchema(schema, 'score').type, SchemaType.FLOAT64);
    assert.equal(fieldSchema(schema, 'nick').optional, true);
    assert.equal(fieldSchema(schema, 'kind').parameters?.['io.confluent.connect.json.Enum.B'], 'B');
    assert.equal(fieldSchema(fieldSchema(schema, 'address'), 'city').type, SchemaType.STRING);
    const either = fieldSchema(schema, 'either');
    assert.equal(either.name, 'io.confluent.connect.json.OneOf');
    assert.deepEqual(
      either.fields?.map((f) => f.name),
      ['io.confluent.connect.json.OneOf.field.0', 'io.confluent.connect.json.OneOf.field.1'],
    );
  });

  test('use.optional.for.nonrequired makes properties outside required optional', () => {
    const data = new JsonSchemaData(jsonSchemaDataOptions({ 'use.optional.for.nonrequired': 'true' }));
    const schema = data.toConnectSchema(data.parse(text));
    assert.equal(fieldSchema(schema, 'id').optional, false);
    assert.equal(fieldSchema(schema, 'score').optional, true);
  });

  test('values read: the oneOf member the value fits; json.fail.invalid.schema rejects a payload with the reason', () => {
    const lax = new JsonSchemaData(jsonSchemaDataOptions({ 'use.optional.for.nonrequired': 'true' }));
    const parsed = lax.parse(text);
    const value = lax.toConnectData(parsed, '{"id":1,"name":"n","either":7,"kind":"B"}').value as Struct;
    assert.equal((value.get('either') as Struct).get('io.confluent.connect.json.OneOf.field.1'), 7);
    const strict = new JsonSchemaData(
      jsonSchemaDataOptions({ 'use.optional.for.nonrequired': 'true', 'json.fail.invalid.schema': 'true' }),
    );
    assert.throws(
      () => strict.toConnectData(strict.parse(text), '{"id":"x","name":"n"}'),
      (e: unknown) => e instanceof DataError && /\/id must be integer/.test(e.message),
    );
  });
});

/**
 * JSON Schema `allOf` read as one Connect schema when it is a plain combination: object members merged
 * (properties and `required` united, `$ref`s followed, also into referenced documents), constraint-only
 * members ignored for the type; combinations of different types or of unions refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, type Schema, SchemaType, Struct } from 'lambda-connect/api';
import { JsonSchemaData } from '../../../src/json-schema/json-schema-data.js';
import { jsonSchemaDataOptions } from '../../../src/json-schema/json-schema-data-config.js';

function fieldSchema(schema: Schema | null, name: string): Schema {
  const field = schema?.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

describe('JSON Schema allOf', () => {
  const base = {
    type: 'object',
    properties: { id: { type: 'string' }, created: { type: 'integer', 'connect.type': 'int64' } },
    required: ['id'],
  };

  test('objects merge: the properties of every member, required united, $ref members followed', () => {
    const text = JSON.stringify({
      title: 'Order',
      definitions: { Base: base },
      allOf: [
        { $ref: '#/definitions/Base' },
        { properties: { qty: { type: 'integer', 'connect.type': 'int32' } }, required: ['qty'] },
      ],
    });
    const data = new JsonSchemaData(jsonSchemaDataOptions({ 'use.optional.for.nonrequired': 'true' }));
    const { schema, value } = data.toConnectData(data.parse(text), '{"id":"o-1","qty":3}');
    assert.equal(schema?.type, SchemaType.STRUCT);
    assert.equal(schema?.name, 'Order');
    assert.deepEqual(
      schema?.fields?.map((f) => [f.name, f.schema.optional]),
      [
        ['id', false],
        ['created', true],
        ['qty', false],
      ],
    );
    assert.equal(fieldSchema(schema ?? null, 'qty').type, SchemaType.INT32);
    assert.equal((value as Struct).get('qty'), 3);
    assert.equal((value as Struct).get('created'), null);
  });

  test('a member in a referenced document (schema references) is merged too', () => {
    const data = new JsonSchemaData();
    const parsed = data.parse(
      JSON.stringify({ allOf: [{ $ref: 'base.json' }, { properties: { note: { type: 'string' } } }] }),
      [{ name: 'base.json', subject: 'base', version: 1 }],
      [{ name: 'base.json', text: JSON.stringify(base) }],
    );
    const schema = data.toConnectSchema(parsed);
    assert.deepEqual(
      schema.fields?.map((f) => f.name),
      ['id', 'created', 'note'],
    );
  });

  test('a typed member with constraint-only members reads as the typed one', () => {
    const data = new JsonSchemaData();
    const schema = data.toConnectSchema(data.parse('{"allOf":[{"type":"string"},{"maxLength":5}]}'));
    assert.equal(schema.type, SchemaType.STRING);
  });

  test('members of different types, or a union member, are a DataError', () => {
    const data = new JsonSchemaData();
    assert.throws(
      () => data.toConnectSchema(data.parse('{"allOf":[{"type":"string"},{"type":"integer"}]}')),
      (error: unknown) => error instanceof DataError && /allOf of different types/.test(error.message),
    );
    assert.throws(
      () =>
        data.toConnectSchema(data.parse('{"allOf":[{"type":"object"},{"oneOf":[{"type":"null"},{"type":"object"}]}]}')),
      (error: unknown) => error instanceof DataError && /oneOf\/anyOf member/.test(error.message),
    );
  });

  test('with json.fail.invalid.schema, ajv checks every member', () => {
    const data = new JsonSchemaData(jsonSchemaDataOptions({ 'json.fail.invalid.schema': 'true' }));
    const parsed = data.parse(JSON.stringify({ allOf: [base, { properties: { qty: { type: 'integer' } } }] }));
    assert.ok(data.toConnectData(parsed, '{"id":"a","created":1,"qty":1}').value instanceof Struct);
    assert.throws(() => data.toConnectData(parsed, '{"created":1,"qty":1}'), /Validation error/);
  });
});

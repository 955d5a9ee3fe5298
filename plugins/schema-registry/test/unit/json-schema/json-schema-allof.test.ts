/**
 * JSON Schema `allOf` read as Confluent's `allOfToConnectSchema`: object members' properties (through
 * `$ref`s and nested `allOf`s, and the node's own) merged into one struct whose values read by name; a
 * `const` or `enum` beside a type is that type (the enum for strings); anything else refused naming it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, SchemaType, type Struct } from 'lambda-connect/api';
import { JsonSchemaData } from '../../../src/json-schema/json-schema-data.js';
import { jsonSchemaDataOptions } from '../../../src/json-schema/json-schema-data-config.js';

const EXTENDED = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Customer',
  definitions: {
    Base: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' } },
      required: ['id'],
    },
  },
  allOf: [
    { $ref: '#/definitions/Base' },
    { allOf: [{ type: 'object', properties: { tier: { type: 'string', enum: ['GOLD', 'SILVER'] } } }] },
  ],
  properties: { note: { type: 'string' } },
});

describe('JSON Schema allOf', () => {
  test('object members (a $ref, a nested allOf, the node itself) merge into one struct; values read by name', () => {
    const data = new JsonSchemaData();
    const parsed = data.parse(EXTENDED);
    const { schema, value } = data.toConnectData(parsed, '{"id": 7, "name": "Ada", "tier": "GOLD", "note": "n"}');
    assert.equal(schema?.type, SchemaType.STRUCT);
    assert.deepEqual(
      schema?.fields?.map((f) => [f.name, f.schema.type, f.schema.optional]),
      [
        ['note', SchemaType.STRING, false],
        ['id', SchemaType.INT64, false],
        ['name', SchemaType.STRING, false],
        ['tier', SchemaType.STRING, false],
      ],
    );
    const struct = value as Struct;
    assert.equal(struct.get('id'), 7);
    assert.equal(struct.get('tier'), 'GOLD');
    // use.optional.for.nonrequired: only what some member requires stays required.
    const optional = new JsonSchemaData(jsonSchemaDataOptions({ 'use.optional.for.nonrequired': 'true' }));
    const fields = optional.toConnectSchema(optional.parse(EXTENDED)).fields ?? [];
    assert.deepEqual(
      fields.filter((f) => !f.schema.optional).map((f) => f.name),
      ['id'],
    );
  });

  test('a const or enum beside a type: the type, or the enum for strings; an integer with an enum is the integer', () => {
    const data = new JsonSchemaData();
    const schemaOf = (allOf: unknown[]) => data.toConnectSchema(data.parse(JSON.stringify({ allOf })));
    assert.equal(schemaOf([{ type: 'string' }, { const: 'x' }]).type, SchemaType.STRING);
    const enumerated = schemaOf([{ type: 'string' }, { enum: ['A', 'B'] }]);
    assert.equal(enumerated.type, SchemaType.STRING);
    assert.ok(Object.keys(enumerated.parameters ?? {}).some((k) => k.endsWith('.A')));
    assert.equal(schemaOf([{ type: 'integer' }, { enum: [1, 2] }]).type, SchemaType.INT64);
    assert.throws(
      () => schemaOf([{ minimum: 1 }, { maximum: 3 }]),
      (error: unknown) => error instanceof DataError && /Unsupported JSON Schema: allOf/.test(error.message),
    );
  });
});

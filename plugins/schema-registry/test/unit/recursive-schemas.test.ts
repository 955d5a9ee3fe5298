/**
 * Recursive schemas in the three formats: Connect schemas here are frozen plain data and cannot be cyclic
 * (Confluent's AvroData/ProtobufData build `CyclicSchemaWrapper`s instead), so a recursive Avro record, a
 * recursive Protobuf message and a JSON Schema `$ref` to `#` are refused with a DataError naming the type,
 * never a stack overflow; Confluent's Avro `Anything` record, the one recursive schema AvroData reads,
 * reads as schemaless. A message that merely nests another one twice is not recursive.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError } from 'lambda-connect/api';
import { ANYTHING_SCHEMA_TEXT, fromAnything, toAnything } from '../../src/avro/anything.js';
import { avroCodec, decode, encode } from '../../src/avro/avro-codec.js';
import { DEFAULT_AVRO_DATA_SETTINGS } from '../../src/avro/avro-data-config.js';
import { toConnectSchema } from '../../src/avro/to-connect-schema.js';
import { JSON_SCHEMA_DATA_DEFAULTS } from '../../src/json-schema/json-schema-data-config.js';
import { connectSchemaFromJson } from '../../src/json-schema/json-schema-to-connect.js';
import { PROTOBUF_DATA_DEFAULTS } from '../../src/protobuf/protobuf-data-config.js';
import { messageAt, parseProtoSchema } from '../../src/protobuf/proto-schema.js';
import { connectSchemaOf } from '../../src/protobuf/proto-to-connect.js';

const refused = (call: () => unknown, pattern: RegExp) =>
  assert.throws(call, (error: unknown) => error instanceof DataError && pattern.test(error.message));

describe('recursive schemas', () => {
  test('Avro: a record referring to itself through a union, an array or a map is refused naming it', () => {
    for (const type of [['null', 'Node'], { type: 'array', items: 'Node' }, { type: 'map', values: 'Node' }]) {
      const text = JSON.stringify({
        type: 'record',
        name: 'Node',
        namespace: 'com.acme',
        fields: [
          { name: 'v', type: 'int' },
          { name: 'next', type },
        ],
      });
      refused(
        () => toConnectSchema(avroCodec(text).node, DEFAULT_AVRO_DATA_SETTINGS),
        /Recursive Avro schemas are not supported \(com\.acme\.Node refers to itself\)/,
      );
    }
  });

  test("Avro: Confluent's Anything record encodes and decodes nested values (the recursion avsc handles)", () => {
    const codec = avroCodec(ANYTHING_SCHEMA_TEXT);
    const value = { a: [1, [2, { b: 'c' }]], d: null };
    assert.deepEqual(fromAnything(decode(codec, encode(codec, toAnything(value)))), value);
  });

  test('Protobuf: a message containing itself, directly or through another message, is refused naming it', () => {
    const text = `syntax = "proto3";
package acme;
message Tree {
  int32 value = 1;
  repeated Tree children = 2;
}
message A {
  B b = 1;
}
message B {
  A a = 1;
}
message Pair {
  Tree left = 1;
  Tree right = 2;
}
`;
    const schema = parseProtoSchema(text);
    refused(
      () => connectSchemaOf(messageAt(schema, [0]), PROTOBUF_DATA_DEFAULTS),
      /Recursive Protobuf message acme\.Tree cannot be represented as a Connect schema/,
    );
    refused(
      () => connectSchemaOf(messageAt(schema, [1]), PROTOBUF_DATA_DEFAULTS),
      /Recursive Protobuf message acme\.(A|B) cannot/,
    );
    // Pair uses Tree twice (not a cycle of its own) but Tree itself is recursive.
    refused(() => connectSchemaOf(messageAt(schema, [3]), PROTOBUF_DATA_DEFAULTS), /acme\.Tree/);
    const flat = parseProtoSchema(`syntax = "proto3";
package acme;
message Leaf { int32 v = 1; }
message Twice { Leaf a = 1; Leaf b = 2; }
`);
    const twice = connectSchemaOf(messageAt(flat, [1]), PROTOBUF_DATA_DEFAULTS);
    assert.deepEqual(
      (twice.fields ?? []).map((f) => f.name),
      ['a', 'b'],
    );
  });

  test('JSON Schema: $ref to the root (#) or to a definition referring to itself is refused naming the reference', () => {
    refused(
      () =>
        connectSchemaFromJson(
          { type: 'object', title: 'Node', properties: { v: { type: 'integer' }, next: { $ref: '#' } } },
          JSON_SCHEMA_DATA_DEFAULTS,
        ),
      /Unsupported JSON Schema: recursive \$ref #/,
    );
    refused(
      () =>
        connectSchemaFromJson(
          {
            type: 'object',
            properties: { tree: { $ref: '#/definitions/Tree' } },
            definitions: {
              Tree: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/definitions/Tree' } } } },
            },
          },
          JSON_SCHEMA_DATA_DEFAULTS,
        ),
      /recursive \$ref #\/definitions\/Tree/,
    );
  });
});

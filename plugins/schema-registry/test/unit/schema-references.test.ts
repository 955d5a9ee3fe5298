/**
 * Schema references without a registry server: the resolver's order and caching over a stub registry
 * (the server side is the integration cross-check), Avro named types defined by referenced schemas, and
 * JSON Schema `$ref`s to referenced documents (by name, with fragments, by `$id`, validated by ajv).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, PendingIoError, type Schema, SchemaType, settlePendingIo, Struct } from 'lambda-connect/api';
import { avroCodec, decode, encode } from '../../src/avro/avro-codec.js';
import { DEFAULT_AVRO_DATA_SETTINGS } from '../../src/avro/avro-data-config.js';
import type { AvroNode } from '../../src/avro/avro-schema-node.js';
import { toConnectData } from '../../src/avro/to-connect-data.js';
import { toConnectSchema } from '../../src/avro/to-connect-schema.js';
import type { RegistrySchema, SchemaRegistryClient } from '../../src/client/registry-client.js';
import type { SharedRegistry } from '../../src/client/shared-registry.js';
import { SyncLookup } from '../../src/client/sync-lookup.js';
import { JsonSchemaData } from '../../src/json-schema/json-schema-data.js';
import { jsonSchemaDataOptions } from '../../src/json-schema/json-schema-data-config.js';
import { messageAt, parseProtoSchema } from '../../src/protobuf/proto-schema.js';
import { referencesKey, resolveReferences } from '../../src/shared/schema-references.js';
import protobuf from 'protobufjs';

const ADDRESS = JSON.stringify({
  type: 'record',
  name: 'Address',
  namespace: 'lc.ref',
  fields: [
    { name: 'street', type: 'string' },
    { name: 'zip', type: 'int' },
  ],
});
const PERSON = JSON.stringify({
  type: 'record',
  name: 'Person',
  namespace: 'lc.ref',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'home', type: 'Address' },
    { name: 'previous', type: { type: 'array', items: 'lc.ref.Address' } },
  ],
});

const unionFieldName = (member: AvroNode): string =>
  'name' in member ? member.name : member.kind === 'primitive' ? member.type : member.kind;

function fieldSchema(schema: Schema, name: string): Schema {
  const field = schema.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

/** A registry whose `GET /subjects/{s}/versions/{v}` answers from `subjects`, counting requests. */
function stubRegistry(subjects: Record<string, RegistrySchema>): { registry: SharedRegistry; paths: string[] } {
  const paths: string[] = [];
  const http = {
    request: async (_method: string, path: string): Promise<unknown> => {
      paths.push(path);
      const schema = subjects[decodeURIComponent(path.replace(/^\/subjects\/(.*)\/versions\/\d+$/, '$1'))];
      if (schema === undefined) throw new Error(`unexpected request ${path}`);
      return schema;
    },
  };
  const registry = {
    client: { http } as unknown as SchemaRegistryClient,
    ids: new SyncLookup<number>(10),
    schemas: new SyncLookup<RegistrySchema>(10),
    latest: new SyncLookup(10),
    versions: new SyncLookup<number>(10),
  } as unknown as SharedRegistry;
  return { registry, paths };
}

describe('resolveReferences', () => {
  test('transitive references come dependencies first, each name once, fetched once per environment', async () => {
    const { registry, paths } = stubRegistry({
      base: { schema: 'B', schemaType: 'AVRO', references: [] },
      middle: { schema: 'M', schemaType: 'AVRO', references: [{ name: 'b', subject: 'base', version: 1 }] },
    });
    const references = [
      { name: 'm', subject: 'middle', version: 2 },
      { name: 'b', subject: 'base', version: 1 },
    ];
    assert.throws(() => resolveReferences(registry, references, 'AVRO'), PendingIoError);
    const resolved = await settlePendingIo(() => resolveReferences(registry, references, 'AVRO'));
    assert.deepEqual(
      resolved.map((r) => [r.name, r.subject, r.version, r.schema.schema]),
      [
        ['b', 'base', 1, 'B'],
        ['m', 'middle', 2, 'M'],
      ],
    );
    assert.deepEqual(paths, ['/subjects/middle/versions/2', '/subjects/base/versions/1']);
    resolveReferences(registry, references, 'AVRO');
    assert.equal(paths.length, 2, 'a warm environment asks nothing more');
  });

  test('the cache key tells references apart and is empty without them', () => {
    assert.equal(referencesKey([]), '');
    assert.notEqual(
      referencesKey([{ name: 'a', subject: 's', version: 1 }]),
      referencesKey([{ name: 'a', subject: 's', version: 2 }]),
    );
  });
});

describe('Avro schema references', () => {
  test('named types of a referenced schema are defined for the referring one: encode, decode, Connect', () => {
    const codec = avroCodec(PERSON, [ADDRESS]);
    const value = {
      name: 'Ada',
      home: { street: 'Main St', zip: 1815 },
      previous: [{ street: 'Old Rd', zip: 1 }],
    };
    const decoded = decode(codec, encode(codec, value));
    assert.deepEqual(JSON.parse(JSON.stringify(decoded)), value);
    const schema = toConnectSchema(codec.node, DEFAULT_AVRO_DATA_SETTINGS);
    assert.equal(schema.name, 'lc.ref.Person');
    const home = fieldSchema(schema, 'home');
    assert.equal(home.type, SchemaType.STRUCT);
    assert.equal(home.name, 'lc.ref.Address');
    assert.equal(fieldSchema(schema, 'previous').valueSchema?.name, 'lc.ref.Address');
    const struct = toConnectData(schema, codec.node, decoded, unionFieldName) as Struct;
    assert.ok(struct instanceof Struct);
    assert.equal((struct.get('home') as Struct).get('zip'), 1815);
    assert.equal(((struct.get('previous') as Struct[])[0] as Struct).get('street'), 'Old Rd');
  });

  test('without its references the schema is a DataError naming the missing type', () => {
    assert.throws(
      () => avroCodec(PERSON),
      (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, /undefined name: Address/);
        return true;
      },
    );
  });

  test('a reference may itself refer to an earlier one (transitive, dependencies first)', () => {
    const street = JSON.stringify({ type: 'enum', name: 'Kind', namespace: 'lc.ref', symbols: ['ROAD', 'LANE'] });
    const address = JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'lc.ref',
      fields: [
        { name: 'kind', type: 'Kind' },
        { name: 'zip', type: 'int' },
      ],
    });
    const codec = avroCodec(PERSON.replace('"name":"previous"', '"name":"others"'), [street, address]);
    const value = { name: 'x', home: { kind: 'LANE', zip: 2 }, others: [] };
    assert.deepEqual(JSON.parse(JSON.stringify(decode(codec, encode(codec, value)))), value);
    const kind = fieldSchema(fieldSchema(toConnectSchema(codec.node, DEFAULT_AVRO_DATA_SETTINGS), 'home'), 'kind');
    assert.equal(kind.type, SchemaType.STRING);
    assert.equal(kind.name, 'lc.ref.Kind');
  });
});

describe('JSON Schema references', () => {
  const address = JSON.stringify({
    $id: 'https://example.com/schemas/address.json',
    type: 'object',
    title: 'Address',
    properties: { street: { type: 'string' }, zip: { $ref: '#/definitions/Zip' } },
    required: ['street', 'zip'],
    definitions: { Zip: { type: 'integer', 'connect.type': 'int32' } },
  });
  const person = JSON.stringify({
    type: 'object',
    title: 'Person',
    properties: {
      name: { type: 'string' },
      home: { $ref: 'address.json' },
      zip: { $ref: 'address.json#/definitions/Zip' },
      work: { $ref: 'https://example.com/schemas/address.json' },
    },
    required: ['name', 'home', 'zip', 'work'],
  });
  const references = [{ name: 'address.json', subject: 'address', version: 1 }];

  test('$refs to a referenced document, to a fragment of it and to its $id read as its Connect schema', () => {
    const data = new JsonSchemaData();
    const parsed = data.parse(person, references, [{ name: 'address.json', text: address }]);
    const { schema, value } = data.toConnectData(
      parsed,
      '{"name":"Ada","home":{"street":"Main","zip":7},"zip":8,"work":{"street":"Side","zip":9}}',
    );
    assert.ok(schema);
    const home = fieldSchema(schema, 'home');
    assert.equal(home.type, SchemaType.STRUCT);
    assert.equal(home.name, 'Address');
    assert.equal(fieldSchema(home, 'zip').type, SchemaType.INT32, "the referenced document's own #/ref");
    assert.equal(fieldSchema(schema, 'zip').type, SchemaType.INT32);
    assert.equal(fieldSchema(schema, 'work').name, 'Address');
    assert.equal(((value as Struct).get('home') as Struct).get('zip'), 7);
    assert.equal(((value as Struct).get('work') as Struct).get('street'), 'Side');
  });

  test('a $ref to a document that is not referenced is a DataError', () => {
    const data = new JsonSchemaData();
    assert.throws(
      () => data.toConnectSchema(data.parse(person)),
      (error: unknown) => error instanceof DataError && /\$ref address\.json names neither/.test(error.message),
    );
  });

  test('json.fail.invalid.schema validates the referenced parts too', () => {
    const data = new JsonSchemaData(jsonSchemaDataOptions({ 'json.fail.invalid.schema': 'true' }));
    const parsed = data.parse(person, references, [{ name: 'address.json', text: address }]);
    const good = '{"name":"A","home":{"street":"M","zip":1},"zip":2,"work":{"street":"S","zip":3}}';
    assert.equal(((data.toConnectData(parsed, good).value as Struct).get('home') as Struct).get('zip'), 1);
    assert.throws(
      () => data.toConnectData(parsed, good.replace('"zip":1', '"zip":"one"')),
      (error: unknown) => error instanceof DataError && /\/home\/zip/.test(error.message),
    );
  });
});

describe('Protobuf schema references', () => {
  const ADDRESS_PROTO =
    'syntax = "proto3";\npackage lc.ref;\nmessage Address {\n  string street = 1;\n  int32 zip = 2;\n}\n';
  const PERSON_PROTO =
    'syntax = "proto3";\npackage lc.ref;\nimport "lc/ref/address.proto";\nmessage Person {\n  string name = 1;\n  Address home = 2;\n}\n';

  /** The base64 FileDescriptorProto of a .proto text, as Python's serializer registers imports. */
  function asDescriptor(text: string, name: string): string {
    const root = new protobuf.Root();
    protobuf.parse(text, root, { keepCase: true });
    type File = { name: string; $type: protobuf.Type };
    const set = (root as unknown as { toDescriptor(syntax: string): { file: File[] } }).toDescriptor('proto3');
    const file = set.file[0];
    assert.ok(file);
    file.name = name;
    return Buffer.from(file.$type.encode(file).finish()).toString('base64');
  }

  test('an import registered as text or as a descriptor defines the types the schema uses', () => {
    for (const dependency of [ADDRESS_PROTO, asDescriptor(ADDRESS_PROTO, 'lc/ref/address.proto')]) {
      const schema = parseProtoSchema(PERSON_PROTO, new Map([['lc/ref/address.proto', dependency]]));
      const person = messageAt(schema, [0]);
      assert.equal(person.fullName, '.lc.ref.Person');
      const home = person.fields.home;
      assert.ok(home);
      home.resolve();
      assert.equal(home.resolvedType?.fullName, '.lc.ref.Address');
      const bytes = person.encode(person.fromObject({ name: 'Ada', home: { street: 'Main', zip: 7 } })).finish();
      assert.deepEqual(person.toObject(person.decode(bytes)), { name: 'Ada', home: { street: 'Main', zip: 7 } });
    }
  });

  test('an import that is neither referenced nor well known is a DataError naming it', () => {
    assert.throws(
      () => parseProtoSchema(PERSON_PROTO),
      (error: unknown) => error instanceof DataError && /lc\/ref\/address\.proto/.test(error.message),
    );
  });
});

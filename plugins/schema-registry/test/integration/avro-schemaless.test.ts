/**
 * Schemaless values (a null Connect schema) through the AvroConverter, as Confluent's AvroData writes them:
 * Confluent's recursive `io.confluent.connect.avro.Anything` record, registered under the topic's subject,
 * checked against Confluent's Python client (fastavro) on Apicurio both ways: Python reads our bytes as the
 * Anything record with the right field set at every level, and ours reads Python's Anything records as
 * schemaless values (null schema).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, SchemaBuilder, Schemas, Struct, settlePendingIo } from 'lambda-connect/api';
import { ANYTHING_SCHEMA_TEXT } from '../../src/avro/anything.js';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { SchemaRegistryClient } from '../../src/client/registry-client.js';
import { RegistryHttp } from '../../src/client/registry-http.js';
import { pythonRead, pythonWrite, requireReferenceVenv } from '../reference/confluent-avro.js';
import { useSchemaRegistry } from '../schema-registry.js';

requireReferenceVenv();
const registry = useSchemaRegistry();

type Kind = 'boolean' | 'bytes' | 'double' | 'float' | 'int' | 'long' | 'string' | 'array' | 'map';
const KINDS: Kind[] = ['boolean', 'bytes', 'double', 'float', 'int', 'long', 'string', 'array', 'map'];

/** The Anything record fastavro reads or writes for `value` (tagged JSON), built here independently of ours. */
function anything(kind: Kind | null, value?: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const k of KINDS) record[k] = null;
  if (kind !== null) record[kind] = value;
  return record;
}

const VALUE = {
  name: 'order-7',
  count: 42,
  ratio: 0.25,
  paid: true,
  tags: ['a', null, 3],
  nested: { big: 9_007_199_254_740_993n },
  raw: Uint8Array.of(1, 2, 255),
};

const PYTHON_VIEW = anything('map', [
  { key: anything('string', 'name'), value: anything('string', 'order-7') },
  { key: anything('string', 'count'), value: anything('long', 42) },
  { key: anything('string', 'ratio'), value: anything('double', 0.25) },
  { key: anything('string', 'paid'), value: anything('boolean', true) },
  {
    key: anything('string', 'tags'),
    value: anything('array', [anything('string', 'a'), anything(null), anything('long', 3)]),
  },
  {
    key: anything('string', 'nested'),
    value: anything('map', [
      { key: anything('string', 'big'), value: anything('long', { $long: '9007199254740993' }) },
    ]),
  },
  { key: anything('string', 'raw'), value: anything('bytes', { $bytes: Buffer.from([1, 2, 255]).toString('base64') }) },
]);

describe('schemaless values through the AvroConverter (Confluent Anything record)', () => {
  const converter = (): AvroConverter => {
    const c = new AvroConverter();
    c.configure({ 'schema.registry.url': registry().url }, false);
    return c;
  };

  test("ours writes a schemaless value as Confluent's Anything record: Python reads it field for field; ours reads it back with a null schema", async () => {
    const topic = registry().topic('schemaless');
    const bytes = (await settlePendingIo(() => converter().fromConnectData(topic, [], null, VALUE))) as Uint8Array;
    const latest = await new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] })).latest(
      `${topic}-value`,
    );
    assert.deepEqual(JSON.parse(latest.schema), JSON.parse(ANYTHING_SCHEMA_TEXT));
    const python = await pythonRead({ url: registry().url, topic, payloads: [Buffer.from(bytes).toString('base64')] });
    assert.deepEqual(python.records[0], PYTHON_VIEW);
    const back = await settlePendingIo(() => converter().toConnectData(topic, [], bytes));
    assert.equal(back.schema, null);
    assert.deepEqual(back.value, VALUE);
  });

  test('Python writes Anything records (int, float and a map with non-string keys too); ours reads them as schemaless values', async () => {
    const topic = registry().topic('schemaless-py');
    const written = await pythonWrite({
      url: registry().url,
      topic,
      schema: ANYTHING_SCHEMA_TEXT,
      records: [
        anything('int', 12),
        anything('float', 1.5),
        anything('string', 'hello'),
        anything('map', [{ key: anything('int', 13), value: anything(null) }]),
        anything(null),
      ],
    });
    const read = await Promise.all(
      written.payloads.map((p) =>
        settlePendingIo(() => converter().toConnectData(topic, [], Buffer.from(p, 'base64'))),
      ),
    );
    assert.deepEqual(
      read.map((r) => r.schema),
      [null, null, null, null, null],
    );
    assert.deepEqual(
      read.map((r) => r.value),
      [12, 1.5, 'hello', new Map([[13, null]]), null],
    );
  });

  test('a Struct without a schema has no schemaless form: a DataError, as Confluent refuses it', () => {
    const struct = new Struct(SchemaBuilder.struct().field('a', Schemas.INT32).build()).put('a', 1);
    assert.throws(
      () => converter().fromConnectData(registry().topic('schemaless'), [], null, { inner: struct }),
      (error: unknown) =>
        error instanceof DataError && /Unknown type for schemaless data at value\.inner: Struct/.test(error.message),
    );
  });
});

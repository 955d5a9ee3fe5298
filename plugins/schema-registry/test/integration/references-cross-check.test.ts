/**
 * Schema references against a real registry (Apicurio) and an independent writer (confluent-kafka's Python
 * serializers): records whose schema refers to another subject's schema (an Avro named type, a JSON Schema
 * document, an imported .proto file) read through our converters as the same logical values, with the
 * referenced schema fetched once per environment. Also ProtobufData's `flatten.unions` on a oneof Python
 * wrote (same Python process: its start-up is most of the file's time).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { type Converter, type Schema, SchemaType, settlePendingIo, Struct } from 'lambda-connect/api';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { registryRequestCount } from '../../src/client/shared-registry.js';
import { JsonSchemaConverter } from '../../src/json-schema/json-schema-converter.js';
import { ProtobufConverter } from '../../src/protobuf/protobuf-converter.js';
import { type ReferencesAnswer, runReferences } from '../reference/confluent-references.js';
import { useSchemaRegistry } from '../schema-registry.js';

const registry = useSchemaRegistry();

const PEOPLE = [
  { name: 'Ada', home: { street: 'Main St', zip: 1815 }, previous: [{ street: 'Old Rd', zip: 1 }] },
  { name: 'Alan', home: { street: 'Side Ln', zip: 1912 }, previous: [] },
];

function converter(make: () => Converter, configs: Record<string, string> = {}): Converter {
  const c = make();
  c.configure({ 'schema.registry.url': registry().url, ...configs }, false);
  return c;
}

function schemaId(frame: Uint8Array): number {
  return new DataView(frame.buffer, frame.byteOffset).getInt32(1, false);
}

/**
 * Ours writes what it read with `use.latest.version` (the subject's latest version has references, as
 * Confluent's converters write with it): the frames carry Python's id and read back the same values.
 */
async function writeWithLatest(make: () => Converter, topic: string, frames: Uint8Array[]): Promise<void> {
  const read = await readAll(converter(make), topic, frames);
  const writer = converter(make, { 'auto.register.schemas': 'false', 'use.latest.version': 'true' });
  const ours = await Promise.all(
    read.map((r) => settlePendingIo(() => writer.fromConnectData(topic, [], r.schema, r.value))),
  );
  assert.deepEqual(
    ours.map((f) => (f === null ? null : schemaId(f))),
    frames.map(schemaId),
  );
  const back = await readAll(
    converter(make),
    topic,
    ours.filter((f) => f !== null),
  );
  assert.deepEqual(
    back.map((r) => plain(r.value)),
    read.map((r) => plain(r.value)),
  );
}

function plain(value: unknown): unknown {
  if (value instanceof Struct)
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, plain(value.get(f.name))]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function fieldSchema(schema: Schema | null, name: string): Schema {
  const field = schema?.fields?.find((f) => f.name === name);
  assert.ok(field, `field ${name}`);
  return field.schema;
}

async function readAll(c: Converter, topic: string, frames: Uint8Array[]) {
  return Promise.all(frames.map((frame) => settlePendingIo(() => c.toConnectData(topic, [], frame))));
}

async function referencesOf(subject: string): Promise<{ name: string; subject: string }[]> {
  const answer = await fetch(`${registry().url}/subjects/${encodeURIComponent(subject)}/versions/latest`);
  assert.equal(answer.status, 200, `subject ${subject} is registered`);
  return ((await answer.json()) as { references?: { name: string; subject: string }[] }).references ?? [];
}

/** Protobuf's JSON mapping of lc.ref.Payment (a oneof `method` of card and voucher). */
const PAYMENTS = [{ id: 'p-1', card: '4111' }, { id: 'p-2', voucher: '9007199254740993' }, { id: 'p-3' }];

const ORDERS = [
  { id: 'o-1', note: 'gift', qty: 2 },
  { id: 'o-2', qty: 5 },
];

const AVRO_PEOPLE = PEOPLE.map((p) => ({ ...p, work: p.name === 'Ada' ? { street: 'Lab', zip: 2 } : null }));

describe('schema references: confluent-kafka (Python) writes, ours reads', () => {
  const topics = { avro: '', json: '', proto: '', oneof: '', allOf: '' };
  let written: Record<keyof typeof topics, ReferencesAnswer>;
  before(() => {
    for (const format of ['avro', 'json', 'proto', 'oneof', 'allOf'] as const)
      topics[format] = registry().topic(`ref-${format}`);
    const [avro, json, proto, oneof, allOf] = runReferences(registry().url, [
      { format: 'avro', topic: topics.avro, records: AVRO_PEOPLE },
      { format: 'json', topic: topics.json, records: PEOPLE },
      { format: 'proto', topic: topics.proto, records: PEOPLE },
      { format: 'proto-oneof', topic: topics.oneof, records: PAYMENTS },
      { format: 'json-allof', topic: topics.allOf, records: ORDERS },
    ]);
    assert.ok(avro && json && proto && oneof && allOf, 'Python answered every run');
    written = { avro, json, proto, oneof, allOf };
  });

  test('Avro: a named type defined in a referenced subject', async () => {
    const topic = topics.avro;
    const records = AVRO_PEOPLE;
    const { frames, subjects } = written.avro;
    assert.deepEqual(
      (await referencesOf(subjects.main)).map((r) => [r.name, r.subject]),
      [['lc.ref.Address', subjects.referenced]],
    );
    const read = await readAll(
      converter(() => new AvroConverter()),
      topic,
      frames,
    );
    const schema = read[0]?.schema ?? null;
    assert.equal(schema?.name, 'lc.ref.Person');
    assert.equal(fieldSchema(schema, 'home').name, 'lc.ref.Address');
    assert.equal(fieldSchema(schema, 'work').optional, true);
    assert.deepEqual(
      read.map((r) => plain(r.value)),
      records,
    );
  });

  test('Avro and JSON Schema: ours writes with the latest version, whose schema has references', async () => {
    await writeWithLatest(() => new AvroConverter(), topics.avro, written.avro.frames);
    await writeWithLatest(() => new JsonSchemaConverter(), topics.json, written.json.frames);
  });

  test('JSON Schema: $ref to a document registered under another subject', async () => {
    const topic = topics.json;
    const { frames, subjects } = written.json;
    assert.deepEqual(
      (await referencesOf(subjects.main)).map((r) => [r.name, r.subject]),
      [['address.json', subjects.referenced]],
    );
    const read = await readAll(
      converter(() => new JsonSchemaConverter()),
      topic,
      frames,
    );
    const schema = read[0]?.schema ?? null;
    assert.equal(schema?.name, 'Person');
    assert.equal(fieldSchema(schema, 'home').type, SchemaType.STRUCT);
    assert.equal(fieldSchema(schema, 'home').name, 'Address');
    assert.deepEqual(
      read.map((r) => plain(r.value)),
      PEOPLE,
    );
  });

  test('Protobuf: an imported file the serializer registered as a reference; fetched once', async () => {
    const topic = topics.proto;
    const { frames, subjects } = written.proto;
    assert.deepEqual(
      (await referencesOf(subjects.main)).map((r) => [r.name, r.subject]),
      [['lc/ref/address.proto', subjects.referenced]],
    );
    const c = converter(() => new ProtobufConverter());
    const read = await readAll(c, topic, frames);
    assert.equal(
      fieldSchema(read[0]?.schema ?? null, 'home').name,
      'Address',
      'named as ProtobufData names message fields',
    );
    assert.deepEqual(
      read.map((r) => plain(r.value)),
      PEOPLE,
    );
    const before = registryRequestCount();
    await readAll(c, topic, frames);
    assert.equal(registryRequestCount(), before, 'a warm environment reads without registry calls');
  });

  test('Protobuf flatten.unions: a oneof Python wrote reads as flat optional fields', async () => {
    const c = converter(() => new ProtobufConverter(), { 'flatten.unions': 'true' });
    const read = await readAll(c, topics.oneof, written.oneof.frames);
    assert.deepEqual(
      read[0]?.schema?.fields?.map((f) => f.name),
      ['card', 'voucher', 'id'],
    );
    assert.deepEqual(
      read.map((r) => plain(r.value)),
      [
        { card: '4111', voucher: null, id: 'p-1' },
        // plain() turns int64s into numbers; the exact value is checked below.
        { card: null, voucher: Number(9007199254740993n), id: 'p-2' },
        { card: null, voucher: null, id: 'p-3' },
      ],
    );
    const second = read[1]?.value;
    assert.ok(second instanceof Struct);
    assert.equal(second.get('voucher'), 9007199254740993n, 'int64 exact');
    const nested = await readAll(
      converter(() => new ProtobufConverter()),
      topics.oneof,
      written.oneof.frames,
    );
    assert.deepEqual(
      nested[0]?.schema?.fields?.map((f) => f.name),
      ['method_0', 'id'],
    );
  });

  test('JSON Schema allOf of a referenced base and own properties reads as one struct', async () => {
    const c = converter(() => new JsonSchemaConverter(), { 'use.optional.for.nonrequired': 'true' });
    const read = await readAll(c, topics.allOf, written.allOf.frames);
    const schema = read[0]?.schema ?? null;
    assert.deepEqual(
      schema?.fields?.map((f) => [f.name, f.schema.optional]),
      [
        ['id', false],
        ['note', true],
        ['qty', false],
      ],
    );
    assert.deepEqual(
      read.map((r) => plain(r.value)),
      ORDERS.map((o) => ({ note: null, ...o })),
    );
  });
});

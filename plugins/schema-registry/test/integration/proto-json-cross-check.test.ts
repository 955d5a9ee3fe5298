/**
 * Protobuf and JSON Schema converters against a real registry (Apicurio) and an independent implementation
 * (confluent-kafka's Python serializers): Python writes → ours reads the same logical values; ours writes →
 * Python reads the same values; subjects and ids are the ones Python registers; schema evolution through the
 * registry's own compatibility check.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Converter,
  DataError,
  type Schema,
  SchemaBuilder,
  Schemas,
  settlePendingIo,
  Struct,
} from 'lambda-connect/api';
import { JsonSchemaConverter } from '../../src/json-schema/json-schema-converter.js';
import { ProtobufConverter } from '../../src/protobuf/protobuf-converter.js';
import { runReference } from '../reference/confluent-proto-json.js';
import { useSchemaRegistry } from '../schema-registry.js';
import { TABLE_SCHEMA, tableValue } from '../unit/protobuf/types-table.js';

const registry = useSchemaRegistry();

/** The table's value in Protobuf's JSON mapping (what Python's json_format reads and writes). */
const TABLE_PROTO_JSON = {
  i8: -8,
  i16: 1600,
  i32: -320000,
  i64: '6400000000',
  big64: '9007199254740993',
  f32: 1.5,
  f64: -2.25e10,
  flag: true,
  text: 'héllo',
  blob: 'AAH+/w==',
  maybe: 'here',
  inner: { label: 'in' },
  tags: ['a', 'b'],
  counts: { x: '1', y: '9007199254740993' },
  by_id: { '1': 'one', '-2': 'minus two' },
  amount: { value: 'z8c=', precision: 5, scale: 2 },
  day: { year: 2026, month: 12, day: 6 },
  at_time: { hours: 13, minutes: 14, seconds: 15, nanos: 16000000 },
  at: '2026-12-06T19:38:25.123Z',
  color: 'GREEN',
};

function converter<C extends Converter>(make: () => C, configs: Record<string, string> = {}): C {
  const c = make();
  c.configure({ 'schema.registry.url': registry().url, ...configs }, false);
  return c;
}

function plain(value: unknown): unknown {
  if (value instanceof Struct)
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, plain(value.get(f.name))]));
  if (value instanceof Map) return new Map([...value.entries()].map(([k, v]) => [k, plain(v)]));
  return value;
}

function schemaId(frame: Uint8Array): number {
  return new DataView(frame.buffer, frame.byteOffset).getInt32(1, false);
}

async function latest(subject: string): Promise<{ id: number; version: number }> {
  const answer = await fetch(`${registry().url}/subjects/${encodeURIComponent(subject)}/versions/latest`);
  assert.equal(answer.status, 200, `subject ${subject} is registered`);
  return (await answer.json()) as { id: number; version: number };
}

describe('ProtobufConverter against confluent-kafka (Python) and Apicurio', () => {
  test('Python writes the table → ours reads the same logical values, from the id Python registered', async () => {
    const topic = registry().topic('pb-in');
    const [frame] = runReference({
      url: registry().url,
      op: 'proto-serialize',
      topic,
      records: [TABLE_PROTO_JSON],
    }).frames;
    assert.ok(frame);
    assert.equal(schemaId(frame), (await latest(`${topic}-value`)).id);
    const { schema, value } = await settlePendingIo(() =>
      converter(() => new ProtobufConverter()).toConnectData(topic, [], frame),
    );
    assert.equal(schema?.name, 'AllTypes');
    assert.equal(schema?.version, 1, 'the subject version, as Confluent sets it');
    const expected = tableValue();
    for (const field of TABLE_SCHEMA.fields ?? [])
      assert.deepEqual(plain((value as Struct).get(field.name)), plain(expected.get(field.name)), field.name);
  });

  test('ours writes with the id and subject Python registered → Python reads the same values', async () => {
    const topic = registry().topic('pb-out');
    const [pythonFrame] = runReference({
      url: registry().url,
      op: 'proto-serialize',
      topic,
      records: [TABLE_PROTO_JSON],
    }).frames;
    const ours = converter(() => new ProtobufConverter(), {
      'auto.register.schemas': 'false',
      'use.latest.version': 'true',
    });
    const frame = await settlePendingIo(() => ours.fromConnectData(topic, [], TABLE_SCHEMA, tableValue()));
    assert.ok(frame && pythonFrame);
    assert.equal(schemaId(frame), schemaId(pythonFrame));
    const [record] = runReference({ url: registry().url, op: 'proto-deserialize', topic, frames: [frame] }).records;
    assert.deepEqual(record, TABLE_PROTO_JSON);
  });

  test('TopicRecordNameStrategy: ours finds the subject Python registered under <topic>-<full message name>', async () => {
    const topic = registry().topic('pb-rec');
    const [pythonFrame] = runReference({
      url: registry().url,
      op: 'proto-serialize',
      topic,
      strategy: 'topic_record',
      records: [TABLE_PROTO_JSON],
    }).frames;
    assert.equal((await latest(`${topic}-lc.test.AllTypes`)).id, schemaId(pythonFrame as Uint8Array));
    const ours = converter(() => new ProtobufConverter(), {
      'auto.register.schemas': 'false',
      'use.latest.version': 'true',
      'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
    });
    const frame = await settlePendingIo(() => ours.fromConnectData(topic, [], TABLE_SCHEMA, tableValue()));
    assert.equal(schemaId(frame as Uint8Array), schemaId(pythonFrame as Uint8Array));
  });

  test('ours registers its own schema → Python reads our records', async () => {
    const topic = registry().topic('pb-reg');
    const frame = await settlePendingIo(() =>
      converter(() => new ProtobufConverter()).fromConnectData(topic, [], TABLE_SCHEMA, tableValue()),
    );
    assert.equal(schemaId(frame as Uint8Array), (await latest(`${topic}-value`)).id);
    const [record] = runReference({
      url: registry().url,
      op: 'proto-deserialize',
      topic,
      frames: [frame as Uint8Array],
    }).records;
    assert.deepEqual(record, TABLE_PROTO_JSON);
  });

  test('evolution: a compatible change registers a new version and flows; an incompatible one fails with the registry message', async () => {
    const topic = registry().topic('pb-evo');
    const v1 = SchemaBuilder.struct().name('Evo').field('a', Schemas.INT32).build();
    const v2 = SchemaBuilder.struct().name('Evo').field('a', Schemas.INT32).field('b', Schemas.OPTIONAL_STRING).build();
    const bad = SchemaBuilder.struct()
      .name('Evo')
      .field('a', Schemas.STRING)
      .field('b', Schemas.OPTIONAL_STRING)
      .build();
    // Protobuf: adding a field is backward compatible.
    await evolve(() => new ProtobufConverter(), topic, v1, v2, bad, /not backward compatible/);
  });
});

/** A JSON Schema as a Java producer with Confluent's JsonSchemaConverter registers it (connect.* annotations). */
const PY_JSON_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'lc.test.Order',
  type: 'object',
  properties: {
    id: { type: 'integer', 'connect.type': 'int64', 'connect.index': 0 },
    qty: { type: 'integer', 'connect.type': 'int16', 'connect.index': 1 },
    price: { type: 'number', 'connect.index': 2 },
    ok: { type: 'boolean', 'connect.index': 3 },
    note: { oneOf: [{ type: 'null' }, { type: 'string' }], 'connect.index': 4 },
    tags: { type: 'array', items: { type: 'string' }, 'connect.index': 5 },
    attrs: {
      type: 'object',
      additionalProperties: { type: 'integer', 'connect.type': 'int32' },
      'connect.type': 'map',
      'connect.index': 6,
    },
    amount: {
      type: 'string',
      title: 'org.apache.kafka.connect.data.Decimal',
      'connect.type': 'bytes',
      'connect.version': 1,
      'connect.parameters': { scale: '2' },
      'connect.index': 7,
    },
    day: {
      type: 'integer',
      title: 'org.apache.kafka.connect.data.Date',
      'connect.type': 'int32',
      'connect.version': 1,
      'connect.index': 8,
    },
    at: {
      type: 'integer',
      title: 'org.apache.kafka.connect.data.Timestamp',
      'connect.type': 'int64',
      'connect.version': 1,
      'connect.index': 9,
    },
    blob: { type: 'string', 'connect.type': 'bytes', 'connect.index': 10 },
    kind: { type: 'string', enum: ['NEW', 'PAID'], 'connect.index': 11 },
    line: {
      type: 'object',
      title: 'Line',
      properties: { sku: { type: 'string', 'connect.index': 0 } },
      'connect.index': 12,
    },
  },
});
const PY_JSON_RECORD = {
  id: 9007199254740991,
  qty: -3,
  price: 2.5,
  ok: true,
  note: null,
  tags: ['x'],
  attrs: { a: 1 },
  amount: 'z8c=',
  day: 20793,
  at: 1796585905123,
  blob: 'AAH+/w==',
  kind: 'PAID',
  line: { sku: 's-1' },
};

describe('JsonSchemaConverter against confluent-kafka (Python) and Apicurio', () => {
  test('Python writes → ours reads the logical values; ours writes → Python reads (and validates) the same JSON', async () => {
    const topic = registry().topic('js');
    const [frame] = runReference({
      url: registry().url,
      op: 'json-serialize',
      topic,
      schema: PY_JSON_SCHEMA,
      records: [PY_JSON_RECORD],
    }).frames;
    assert.equal(schemaId(frame as Uint8Array), (await latest(`${topic}-value`)).id);
    const ours = converter(() => new JsonSchemaConverter());
    const { schema, value } = await settlePendingIo(() => ours.toConnectData(topic, [], frame as Uint8Array));
    const struct = value as Struct;
    assert.equal(schema?.name, 'lc.test.Order');
    assert.equal(schema?.version, 1);
    assert.equal(struct.get('id'), 9007199254740991);
    assert.equal(struct.get('qty'), -3);
    assert.equal(struct.get('note'), null);
    assert.deepEqual(struct.get('attrs'), { a: 1 });
    assert.equal(String(struct.get('amount')), '-123.45');
    assert.deepEqual(struct.get('day'), new Date(Date.UTC(2026, 11, 6)));
    assert.deepEqual(struct.get('at'), new Date(Date.UTC(2026, 11, 6, 19, 38, 25, 123)));
    assert.deepEqual(struct.get('blob'), Uint8Array.of(0, 1, 254, 255));
    assert.equal(struct.get('kind'), 'PAID');
    assert.equal((struct.get('line') as Struct).get('sku'), 's-1');

    const outTopic = registry().topic('js-out');
    const written = await settlePendingIo(() => ours.fromConnectData(outTopic, [], schema as Schema, value));
    assert.equal(schemaId(written as Uint8Array), (await latest(`${outTopic}-value`)).id);
    const [record] = runReference({
      url: registry().url,
      op: 'json-deserialize',
      topic: outTopic,
      frames: [written as Uint8Array],
    }).records;
    assert.deepEqual(record, PY_JSON_RECORD);
  });

  test('an allOf schema (a $ref to a base object and an extension): Python writes and validates, ours reads one merged struct', async () => {
    const topic = registry().topic('js-allof');
    const allOf = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Customer',
      definitions: {
        Base: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] },
      },
      allOf: [
        { $ref: '#/definitions/Base' },
        { type: 'object', properties: { tier: { type: 'string', enum: ['GOLD', 'SILVER'] } } },
      ],
    });
    const [frame] = runReference({
      url: registry().url,
      op: 'json-serialize',
      topic,
      schema: allOf,
      records: [{ id: 7, name: 'Ada', tier: 'GOLD' }],
    }).frames;
    const ours = converter(() => new JsonSchemaConverter());
    const { schema, value } = await settlePendingIo(() => ours.toConnectData(topic, [], frame as Uint8Array));
    assert.deepEqual(
      schema?.fields?.map((f) => f.name),
      ['id', 'name', 'tier'],
    );
    const struct = value as Struct;
    assert.deepEqual([struct.get('id'), struct.get('name'), struct.get('tier')], [7, 'Ada', 'GOLD']);
  });

  test('evolution: a compatible change registers a new version and flows; an incompatible one fails with the registry message', async () => {
    const topic = registry().topic('js-evo');
    const v1 = SchemaBuilder.struct().name('Evo').field('a', Schemas.INT32).field('b', Schemas.OPTIONAL_STRING).build();
    const v2 = SchemaBuilder.struct().name('Evo').field('a', Schemas.INT32).build();
    const bad = SchemaBuilder.struct().name('Evo').field('a', Schemas.STRING).build();
    // JSON Schema's open content model: dropping a property is backward compatible, adding one is not.
    await evolve(() => new JsonSchemaConverter(), topic, v1, v2, bad, /SUBSCHEMA_TYPE_CHANGED/);
  });
});

describe('ProtobufConverter and JsonSchemaConverter as header converters', () => {
  test('a primitive header (Protobuf: its google.protobuf wrapper) and a struct header round-trip through the registry', async () => {
    const nested = SchemaBuilder.struct().name('Trace').field('span', Schemas.INT64).build();
    for (const make of [() => new ProtobufConverter(), () => new JsonSchemaConverter()]) {
      // A subject holds one schema type: a topic per converter.
      const topic = registry().topic('hdr');
      const c = make();
      c.configure({ 'schema.registry.url': registry().url });
      const bytes = await settlePendingIo(() => c.fromConnectHeader(topic, 'h', Schemas.STRING, 'tenant-7'));
      const back = await settlePendingIo(() => c.toConnectHeader(topic, 'h', bytes));
      assert.equal(back.value, 'tenant-7');
      assert.equal(back.schema?.type, 'string');
      const struct = new Struct(nested).put('span', 42);
      const structBytes = await settlePendingIo(() => c.fromConnectHeader(`${topic}-s`, 'trace', nested, struct));
      const structBack = await settlePendingIo(() => c.toConnectHeader(`${topic}-s`, 'trace', structBytes));
      assert.equal((structBack.value as Struct).get('span'), 42);
    }
  });
});

async function evolve(
  make: () => Converter,
  topic: string,
  v1: Schema,
  v2: Schema,
  bad: Schema,
  registryMessage: RegExp,
): Promise<void> {
  const writer = converter(make);
  const reader = converter(make);
  const first = await settlePendingIo(() => writer.fromConnectData(topic, [], v1, new Struct(v1).put('a', 1)));
  const second = await settlePendingIo(() => writer.fromConnectData(topic, [], v2, new Struct(v2).put('a', 2)));
  assert.notEqual(schemaId(second as Uint8Array), schemaId(first as Uint8Array));
  assert.equal((await latest(`${topic}-value`)).version, 2);
  const read = await settlePendingIo(() => reader.toConnectData(topic, [], second as Uint8Array));
  assert.equal((read.value as Struct).get('a'), 2);
  assert.equal(read.schema?.version, 2);
  assert.deepEqual(
    read.schema?.fields?.map((f) => f.name),
    v2.fields?.map((f) => f.name),
  );
  await assert.rejects(
    settlePendingIo(() => writer.fromConnectData(topic, [], bad, new Struct(bad).put('a', 'x'))),
    (e: unknown) => e instanceof DataError && registryMessage.test(e.message),
  );
}

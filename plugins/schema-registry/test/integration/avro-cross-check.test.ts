/**
 * The AvroConverter against an independent implementation, Confluent's Python client (fastavro), on the
 * same real registry (Apicurio): records Python writes read back as the same logical values, records we
 * write Python reads as the same values, and both register the same schema under the same subject and id.
 * Schema evolution: a backward-compatible change registers a new version and flows, an incompatible one
 * fails with the registry's message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  DataError,
  SchemaBuilder,
  Schemas,
  Struct,
  settlePendingIo,
  type Schema,
} from 'lambda-connect/api';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { SchemaRegistryClient } from '../../src/client/registry-client.js';
import { RegistryHttp } from '../../src/client/registry-http.js';
import { pythonRead, pythonWrite, requireReferenceVenv, tagged } from '../reference/confluent-avro.js';
import { useSchemaRegistry } from '../schema-registry.js';
import { PYTHON_SCHEMA, TYPES, typesValue } from '../types-table.js';

const registry = useSchemaRegistry();
requireReferenceVenv();

function converter(extra: Record<string, string> = {}, isKey = false): AvroConverter {
  const avro = new AvroConverter();
  avro.configure({ 'schema.registry.url': registry().url, ...extra }, isKey);
  return avro;
}

const write = (avro: AvroConverter, topic: string, schema: Schema, value: unknown): Promise<Uint8Array | null> =>
  settlePendingIo(() => avro.fromConnectData(topic, [], schema, value));
const read = (avro: AvroConverter, topic: string, bytes: Uint8Array) =>
  settlePendingIo(() => avro.toConnectData(topic, [], bytes));

/** The types table's value as Python's input (and, tagged the same way, as what Python reads back). */
const expectedTagged = (): unknown => tagged(typesValue(), TYPES);

describe('AvroConverter cross-checked with Confluent Python (fastavro) on Apicurio', () => {
  test('Python writes the types table; the converter reads the same logical values, with the subject version', async () => {
    const topic = registry().topic('py-to-ts');
    const written = await pythonWrite({
      url: registry().url,
      topic,
      schema: PYTHON_SCHEMA,
      records: [expectedTagged()],
    });
    assert.equal(written.subject, `${topic}-value`);
    const { schema, value } = await read(converter(), topic, Buffer.from(written.payloads[0] as string, 'base64'));
    assert.equal(schema?.name, 'com.acme.Types');
    assert.equal(schema?.version, 1);
    assert.deepEqual(tagged(value, schema ?? undefined), expectedTagged());
    const struct = value as Struct;
    assert.ok(struct.get('price') instanceof BigDecimal);
    assert.equal(typeof struct.get('big'), 'bigint');
    assert.ok(struct.get('byId') instanceof Map);
    assert.equal(schema?.fields?.find((f) => f.name === 'i8')?.schema.type, 'int8');
    assert.equal(
      schema?.fields?.find((f) => f.name === 'color')?.schema.parameters?.['io.confluent.connect.avro.Enum'],
      'com.acme.Color',
    );
  });

  test('the converter writes the types table; Python reads the same values; both name the same subject and id', async () => {
    const topic = registry().topic('ts-to-py');
    const bytes = await write(converter(), topic, TYPES, typesValue());
    assert.ok(bytes !== null);
    const ourId = new DataView(bytes.buffer, bytes.byteOffset).getInt32(1);
    const answer = await pythonRead({ url: registry().url, topic, payloads: [Buffer.from(bytes).toString('base64')] });
    const expected = expectedTagged() as Record<string, unknown>;
    // Without enhanced.avro.schema.support the enum travels as a string; Python sees the same symbol.
    assert.deepEqual(answer.records[0], expected);
    assert.deepEqual(answer.ids, [ourId]);
    const registered = await new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] })).schemaById(ourId);
    const python = await pythonWrite({ url: registry().url, topic, schema: registered.schema, records: [expected] });
    assert.equal(python.subject, `${topic}-value`);
    assert.deepEqual(python.ids, [ourId], 'Python registering our schema under the same subject gets our id');
  });

  test('RecordNameStrategy and TopicRecordNameStrategy name the subjects as Python does', async () => {
    for (const [strategy, className] of [
      ['record', 'RecordNameStrategy'],
      ['topic_record', 'TopicRecordNameStrategy'],
    ] as const) {
      const topic = registry().topic(`strategy-${strategy}`);
      const python = await pythonWrite({
        url: registry().url,
        topic,
        schema: PYTHON_SCHEMA,
        records: [expectedTagged()],
        strategy,
      });
      // Enhanced support keeps the enum an enum on the way back (else a string, which BACKWARD refuses after an enum).
      const avro = converter({
        'value.subject.name.strategy': `io.confluent.kafka.serializers.subject.${className}`,
        'enhanced.avro.schema.support': 'true',
      });
      const { schema, value } = await read(avro, topic, Buffer.from(python.payloads[0] as string, 'base64'));
      const bytes = await write(avro, topic, schema as Schema, value);
      const subjects = (await (await fetch(`${registry().url}/subjects`)).json()) as string[];
      assert.ok(subjects.includes(python.subject), `${python.subject} registered`);
      assert.equal(python.subject, strategy === 'record' ? 'com.acme.Types' : `${topic}-com.acme.Types`);
      const latest = await new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] })).latest(
        python.subject,
      );
      assert.equal(
        new DataView((bytes as Uint8Array).buffer, (bytes as Uint8Array).byteOffset).getInt32(1),
        latest.id,
        'our record lands under the same subject',
      );
    }
  });

  test('as a header converter it writes and reads a header value under the value subject', async () => {
    const topic = registry().topic('header');
    const avro = new AvroConverter();
    avro.configure({ 'schema.registry.url': registry().url });
    const bytes = await settlePendingIo(() => avro.fromConnectHeader(topic, 'trace', Schemas.STRING, 'abc'));
    assert.equal(bytes?.[0], 0);
    const back = await settlePendingIo(() => avro.toConnectHeader(topic, 'trace', bytes as Uint8Array));
    assert.equal(back.value, 'abc');
    assert.equal(back.schema?.type, 'string');
  });

  test('evolution: an added optional field registers version 2 and both versions read; an incompatible change fails with the registry message', async () => {
    const topic = registry().topic('evolve');
    const avro = converter();
    const v1 = SchemaBuilder.struct().name('com.acme.Order').field('id', Schemas.INT64).build();
    const v2 = SchemaBuilder.struct()
      .name('com.acme.Order')
      .field('id', Schemas.INT64)
      .field('note', Schemas.OPTIONAL_STRING)
      .build();
    const bad = SchemaBuilder.struct().name('com.acme.Order').field('id', Schemas.STRING).build();
    const first = await write(avro, topic, v1, new Struct(v1).put('id', 1));
    const second = await write(avro, topic, v2, new Struct(v2).put('id', 2).put('note', 'n'));
    const [a, b] = [await read(avro, topic, first as Uint8Array), await read(avro, topic, second as Uint8Array)];
    assert.equal(a.schema?.version, 1);
    assert.equal(b.schema?.version, 2);
    assert.equal((b.value as Struct).get('note'), 'n');
    const python = await pythonRead({
      url: registry().url,
      topic,
      payloads: [first, second].map((x) => Buffer.from(x as Uint8Array).toString('base64')),
    });
    assert.deepEqual(python.records, [{ id: 1 }, { id: 2, note: 'n' }]);
    await assert.rejects(
      write(avro, topic, bad, new Struct(bad).put('id', 'x')),
      (error: unknown) =>
        error instanceof DataError &&
        /incompatible/i.test(error.message) &&
        error.message.includes(`${topic}-value`) &&
        /error code: 409/.test(error.message),
    );
  });
});

/**
 * The AvroConverter through a local stack (the package loaded as every plugins/* package is), real Kafka
 * and a real registry: listed by `GET /connector-plugins?connectorsOnly=false`, its keys validated under
 * `value.converter.`, Datagen → AvroConverter → topic → FileStreamSink reading with AvroConverter, and a
 * schema the registry refuses failing the source task with the registry's message in its trace.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { SchemaRegistryClient } from '../../src/client/registry-client.js';
import { RegistryHttp } from '../../src/client/registry-http.js';
import { frame } from '../../src/shared/wire-format.js';
import { useRegistryProxy, type RegistryProxy } from '../registry-proxy.js';
import { useSchemaRegistry } from '../schema-registry.js';

const AVRO = 'io.confluent.connect.avro.AvroConverter';
const registry = useSchemaRegistry();

describe('AvroConverter on a local stack', () => {
  const stack = useTestStack();
  let admin: Admin;
  const proxy: RegistryProxy = useRegistryProxy(() => registry().url);
  let kafka: Kafka;
  before(async () => {
    kafka = new Kafka({ brokers: stack.current.stack.kafkaBootstrapServers.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
  });

  const avroValues = (): Record<string, string> => ({
    'value.converter': AVRO,
    'value.converter.schema.registry.url': registry().url,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  });
  const datagen = (topic: string, iterations: number): Record<string, string> => ({
    'connector.class': 'DatagenConnector',
    'kafka.topic': topic,
    quickstart: 'orders',
    'max.interval': '0',
    iterations: String(iterations),
    'random.seed': '7',
    ...avroValues(),
  });

  test('GET /connector-plugins?connectorsOnly=false lists the AvroConverter as converter and header converter with the package version', async () => {
    const res = await stack.current.rest.get<Array<{ class: string; type: string; version: string }>>(
      '/connector-plugins?connectorsOnly=false',
    );
    assert.deepEqual(
      res.body.filter((p) => p.class === AVRO),
      [
        { class: AVRO, type: 'converter', version: '0.1.0' },
        { class: AVRO, type: 'header_converter', version: '0.1.0' },
      ],
    );
  });

  test("validation lists the converter's keys under value.converter. and names a missing schema.registry.url", async () => {
    const res = await stack.current.rest.put<{
      error_count: number;
      configs: Array<{ definition: { name: string }; value: { name: string; errors: string[] } }>;
    }>('/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'FileStreamSink',
      topics: 't',
      'value.converter': AVRO,
    });
    assert.equal(res.status, 200);
    const byName = new Map(res.body.configs.map((c) => [c.value.name, c.value.errors]));
    for (const key of [
      'auto.register.schemas',
      'use.latest.version',
      'value.subject.name.strategy',
      'enhanced.avro.schema.support',
      'basic.auth.user.info',
    ])
      assert.ok(byName.has(`value.converter.${key}`), key);
    assert.equal(byName.get('value.converter.schema.registry.url')?.length, 1);
    assert.ok(res.body.error_count >= 1);
  });

  test('Datagen → AvroConverter → topic → FileStreamSink with AvroConverter: every record, one schema, registered once', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-orders');
    const file = join(t.dataDir, `${topic}.txt`);
    const count = 300;
    assert.equal(
      (await t.rest.post('/connectors', { name: uniqueName('gen'), config: datagen(topic, count) })).status,
      201,
    );
    assert.equal(
      (
        await t.rest.post('/connectors', {
          name: uniqueName('dump'),
          config: { 'connector.class': 'FileStreamSink', file, topics: topic, ...avroValues() },
        })
      ).status,
      201,
    );
    const lines = async (): Promise<string[]> =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await lines()).length >= count, {
      timeoutMs: 90_000,
      message: `${count} lines in the sink file`,
    });
    const out = await lines();
    assert.equal(out.length, count);
    assert.match(
      out[0] ?? '',
      /^Struct\{ordertime=\d+,orderid=\d+,itemid=Item_\d+,orderunits=[\d.]+,address=Struct\{city=City_\d+,state=State_\d+,zipcode=\d+\}\}$/,
    );
    assert.equal(new Set(out.map((l) => /orderid=(\d+)/.exec(l)?.[1])).size, count, 'every order once');
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const latest = await client.latest(`${topic}-value`);
    assert.equal(latest.version, 1);
    assert.match(latest.schema, /"connect.name":"ksql.orders"/);
  });

  test('a registry outage is weather: the sink task stays RUNNING while the registry answers 503, then every record arrives', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-outage');
    const file = join(t.dataDir, `${topic}.txt`);
    const count = 50;
    const gen = uniqueName('gen');
    assert.equal((await t.rest.post('/connectors', { name: gen, config: datagen(topic, count) })).status, 201);
    await waitFor(
      async () =>
        (await admin.listTopics()).includes(topic) &&
        (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0) >= count,
      { timeoutMs: 60_000, message: `${count} records in ${topic}` },
    );
    proxy.down = true;
    proxy.refused = 0;
    const sink = uniqueName('dump');
    const converters = { ...avroValues(), 'value.converter.schema.registry.url': proxy.url };
    assert.equal(
      (
        await t.rest.post('/connectors', {
          name: sink,
          config: { 'connector.class': 'FileStreamSink', file, topics: topic, ...converters },
        })
      ).status,
      201,
    );
    await waitFor(() => proxy.refused >= 3, {
      timeoutMs: 60_000,
      message: 'the sink asked the (down) registry several times',
    });
    const during = await t.rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(`/connectors/${sink}/status`);
    assert.equal(during.body.tasks?.[0]?.state, 'RUNNING', during.body.tasks?.[0]?.trace);
    assert.equal(
      (await readFile(file, 'utf8').catch(() => '')).length,
      0,
      'nothing written while the schemas are unreachable',
    );
    proxy.down = false;
    const lines = async (): Promise<number> =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').length;
    await waitFor(async () => (await lines()) >= count, {
      timeoutMs: 90_000,
      message: `${count} lines after the registry came back`,
    });
    assert.equal(await lines(), count);
  });

  test('with errors.tolerance=all a record of an unknown schema id goes to the DLQ with the registry message; the others are written', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-dlq');
    const dlqTopic = `${topic}-dlq`;
    const file = join(t.dataDir, `${topic}.txt`);
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const id = await client.register(`${topic}-value`, { schema: '"string"', schemaType: 'AVRO', references: [] });
    // Avro binary of a short string: its length zigzag-encoded in one byte, then UTF-8.
    const avroString = (text: string): Buffer =>
      Buffer.from(frame(id, Buffer.concat([Buffer.from([text.length * 2]), Buffer.from(text)])));
    const unknownId = Buffer.from(frame(2_147_483_647, Uint8Array.of(2, 0x61)));
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [{ value: avroString('first') }, { value: unknownId }, { value: avroString('last') }],
      });
    } finally {
      await producer.disconnect();
    }
    const name = uniqueName('dump');
    const config = {
      'connector.class': 'FileStreamSink',
      file,
      topics: topic,
      ...avroValues(),
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlqTopic,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    };
    assert.equal((await t.rest.post('/connectors', { name, config })).status, 201);
    const lines = async (): Promise<string[]> =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await lines()).length >= 2, {
      timeoutMs: 60_000,
      message: 'the two readable records in the file',
    });
    assert.deepEqual(await lines(), ['first', 'last']);
    await waitFor(
      async () =>
        (await admin.listTopics()).includes(dlqTopic) &&
        (await admin.fetchTopicOffsets(dlqTopic)).some((p) => Number(p.high) >= 1),
      { timeoutMs: 60_000, message: 'a record in the DLQ topic' },
    );
    const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    const seen: Array<Record<string, string>> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void seen.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))),
      });
      await waitFor(() => seen.length >= 1, { timeoutMs: 60_000, message: 'one record in the DLQ' });
    } finally {
      await consumer.disconnect();
    }
    assert.equal(seen.length, 1);
    assert.match(
      seen[0]?.['__connect.errors.exception.message'] ?? '',
      /2147483647.*40403|40403.*2147483647|No content with ID '2147483647'/s,
    );
  });

  test('a schema the registry refuses fails the source task with the registry message in its trace', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-refused');
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    // An earlier, incompatible value schema: BACKWARD refuses Datagen's orders after it.
    await client.register(`${topic}-value`, {
      schema: JSON.stringify({
        type: 'record',
        name: 'orders',
        namespace: 'ksql',
        fields: [{ name: 'orderid', type: 'string' }],
      }),
      schemaType: 'AVRO',
      references: [],
    });
    const name = uniqueName('refused');
    assert.equal((await t.rest.post('/connectors', { name, config: datagen(topic, 10) })).status, 201);
    let trace = '';
    await waitFor(
      async () => {
        const status = await t.rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(
          `/connectors/${name}/status`,
        );
        trace = status.body.tasks?.[0]?.trace ?? '';
        return status.body.tasks?.[0]?.state === 'FAILED';
      },
      { timeoutMs: 60_000, message: 'the source task failed' },
    );
    assert.match(trace, /Incompatible/i);
    assert.match(trace, new RegExp(`${topic}-value`));
  });
});

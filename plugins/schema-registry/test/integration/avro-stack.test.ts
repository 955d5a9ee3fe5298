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
import { useSchemaRegistry } from '../schema-registry.js';

const AVRO = 'io.confluent.connect.avro.AvroConverter';
const registry = useSchemaRegistry();

describe('AvroConverter on a local stack', () => {
  const stack = useTestStack();
  let admin: Admin;
  before(async () => {
    const kafka = new Kafka({ brokers: stack.current.stack.kafkaBootstrapServers.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
  });

  const avroValues = (): Record<string, string> => ({ 'value.converter': AVRO, 'value.converter.schema.registry.url': registry().url, 'key.converter': 'org.apache.kafka.connect.storage.StringConverter' });
  const datagen = (topic: string, iterations: number): Record<string, string> => ({ 'connector.class': 'DatagenConnector', 'kafka.topic': topic, quickstart: 'orders', 'max.interval': '0', iterations: String(iterations), 'random.seed': '7', ...avroValues() });

  test('GET /connector-plugins?connectorsOnly=false lists the AvroConverter with the package version', async () => {
    const res = await stack.current.rest.get<Array<{ class: string; type: string; version: string }>>('/connector-plugins?connectorsOnly=false');
    assert.deepEqual(res.body.find((p) => p.class === AVRO), { class: AVRO, type: 'converter', version: '0.1.0' });
  });

  test("validation lists the converter's keys under value.converter. and names a missing schema.registry.url", async () => {
    const res = await stack.current.rest.put<{ error_count: number; configs: Array<{ definition: { name: string }; value: { name: string; errors: string[] } }> }>('/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'FileStreamSink',
      topics: 't',
      'value.converter': AVRO,
    });
    assert.equal(res.status, 200);
    const byName = new Map(res.body.configs.map((c) => [c.value.name, c.value.errors]));
    for (const key of ['auto.register.schemas', 'use.latest.version', 'value.subject.name.strategy', 'enhanced.avro.schema.support', 'basic.auth.user.info']) assert.ok(byName.has(`value.converter.${key}`), key);
    assert.equal(byName.get('value.converter.schema.registry.url')?.length, 1);
    assert.ok(res.body.error_count >= 1);
  });

  test('Datagen → AvroConverter → topic → FileStreamSink with AvroConverter: every record, one schema, registered once', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-orders');
    const file = join(t.dataDir, `${topic}.txt`);
    const count = 300;
    assert.equal((await t.rest.post('/connectors', { name: uniqueName('gen'), config: datagen(topic, count) })).status, 201);
    assert.equal((await t.rest.post('/connectors', { name: uniqueName('dump'), config: { 'connector.class': 'FileStreamSink', file, topics: topic, ...avroValues() } })).status, 201);
    const lines = async (): Promise<string[]> => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await lines()).length >= count, { timeoutMs: 90_000, message: `${count} lines in the sink file` });
    const out = await lines();
    assert.equal(out.length, count);
    assert.match(out[0] ?? '', /^Struct\{ordertime=\d+,orderid=\d+,itemid=Item_\d+,orderunits=[\d.]+,address=Struct\{city=City_\d+,state=State_\d+,zipcode=\d+\}\}$/);
    assert.equal(new Set(out.map((l) => /orderid=(\d+)/.exec(l)?.[1])).size, count, 'every order once');
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const latest = await client.latest(`${topic}-value`);
    assert.equal(latest.version, 1);
    assert.match(latest.schema, /"connect.name":"ksql.orders"/);
  });

  test('a schema the registry refuses fails the source task with the registry message in its trace', async () => {
    const t = stack.current;
    const topic = uniqueName('avro-refused');
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    // An earlier, incompatible value schema: BACKWARD refuses Datagen's orders after it.
    await client.register(`${topic}-value`, { schema: JSON.stringify({ type: 'record', name: 'orders', namespace: 'ksql', fields: [{ name: 'orderid', type: 'string' }] }), schemaType: 'AVRO', references: [] });
    const name = uniqueName('refused');
    assert.equal((await t.rest.post('/connectors', { name, config: datagen(topic, 10) })).status, 201);
    let trace = '';
    await waitFor(
      async () => {
        const status = await t.rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(`/connectors/${name}/status`);
        trace = status.body.tasks?.[0]?.trace ?? '';
        return status.body.tasks?.[0]?.state === 'FAILED';
      },
      { timeoutMs: 60_000, message: 'the source task failed' },
    );
    assert.match(trace, /Incompatible/i);
    assert.match(trace, new RegExp(`${topic}-value`));
  });
});

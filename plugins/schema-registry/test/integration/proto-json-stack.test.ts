/**
 * The ProtobufConverter and JsonSchemaConverter through a local stack (the package loaded as every plugins/*
 * package is), real Kafka and a real registry: listed by `GET /connector-plugins?connectorsOnly=false` as
 * converters and header converters, their keys validated under `value.converter.`, and Datagen → converter → topic → FileStreamSink reading with the same
 * converter, every record once, one schema version registered.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { SchemaRegistryClient } from '../../src/client/registry-client.js';
import { RegistryHttp } from '../../src/client/registry-http.js';
import { useSchemaRegistry } from '../schema-registry.js';

const PROTOBUF = 'io.confluent.connect.protobuf.ProtobufConverter';
const JSON_SCHEMA = 'io.confluent.connect.json.JsonSchemaConverter';
const registry = useSchemaRegistry();

describe('ProtobufConverter and JsonSchemaConverter on a local stack', () => {
  const stack = useTestStack();

  test('GET /connector-plugins?connectorsOnly=false lists both as converter and header_converter', async () => {
    const res = await stack.current.rest.get<Array<{ class: string; type: string; version: string }>>(
      '/connector-plugins?connectorsOnly=false',
    );
    for (const cls of [PROTOBUF, JSON_SCHEMA]) {
      const types = res.body
        .filter((p) => p.class === cls)
        .map((p) => p.type)
        .sort();
      assert.deepEqual(types, ['converter', 'header_converter'], cls);
    }
  });

  test("validation lists each converter's own keys under value.converter. and rejects a bad value", async () => {
    for (const [converter, key] of [
      [PROTOBUF, 'enhanced.protobuf.schema.support'],
      [JSON_SCHEMA, 'json.fail.invalid.schema'],
    ] as const) {
      const res = await stack.current.rest.put<{ configs: Array<{ value: { name: string; errors: string[] } }> }>(
        '/connector-plugins/FileStreamSink/config/validate',
        {
          'connector.class': 'FileStreamSink',
          topics: 't',
          'value.converter': converter,
          'value.converter.schema.registry.url': registry().url,
          [`value.converter.${key}`]: 'maybe',
        },
      );
      assert.equal(res.status, 200);
      const byName = new Map(res.body.configs.map((c) => [c.value.name, c.value.errors]));
      assert.equal(byName.get(`value.converter.${key}`)?.length, 1, `${converter} ${key}`);
      assert.deepEqual(byName.get('value.converter.auto.register.schemas'), []);
    }
  });

  // The same Connect struct read back through either format.
  const shape =
    /^Struct\{ordertime=\d+,orderid=\d+,itemid=Item_\d+,orderunits=[\d.]+,address=Struct\{city=City_\d+,state=State_\d+,zipcode=\d+\}\}$/;
  for (const converter of [PROTOBUF, JSON_SCHEMA]) {
    test(`Datagen → ${converter.split('.').pop()} → topic → FileStreamSink with it: every record, one schema version`, async () => {
      const t = stack.current;
      const topic = uniqueName('sr-orders');
      const file = join(t.dataDir, `${topic}.txt`);
      const count = 200;
      const values = {
        'value.converter': converter,
        'value.converter.schema.registry.url': registry().url,
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      };
      const datagen = {
        'connector.class': 'DatagenConnector',
        'kafka.topic': topic,
        quickstart: 'orders',
        'max.interval': '0',
        iterations: String(count),
        'random.seed': '7',
        ...values,
      };
      assert.equal((await t.rest.post('/connectors', { name: uniqueName('gen'), config: datagen })).status, 201);
      assert.equal(
        (
          await t.rest.post('/connectors', {
            name: uniqueName('dump'),
            config: { 'connector.class': 'FileStreamSink', file, topics: topic, ...values },
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
      assert.match(out[0] ?? '', shape);
      assert.equal(new Set(out.map((l) => /orderid=(\d+)/.exec(l)?.[1])).size, count, 'every order once');
      const latest = await new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] })).latest(
        `${topic}-value`,
      );
      assert.equal(latest.version, 1);
      assert.equal(latest.schemaType, converter === PROTOBUF ? 'PROTOBUF' : 'JSON');
    });
  }
});

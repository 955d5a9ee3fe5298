/**
 * The registry client and the shared serde against a real Confluent-compatible registry (Apicurio, with
 * BACKWARD compatibility as Confluent's default): register, look up, read by id, latest version, the
 * registry's message for an incompatible schema, failover across URLs, and an outage as a retriable error.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, settlePendingIo } from 'lambda-connect/api';
import { freePort } from '../../../../local/kafka/free-port.js';
import { SchemaRegistryClient, type RegistrySchema } from '../../src/client/registry-client.js';
import { RegistryErrorCode, RegistryRequestError, RegistryUnavailableError } from '../../src/client/registry-errors.js';
import { RegistryHttp } from '../../src/client/registry-http.js';
import { parseRegistrySettings } from '../../src/shared/registry-config.js';
import { RegistrySerde } from '../../src/shared/registry-serde.js';
import { useSchemaRegistry } from '../schema-registry.js';

const registry = useSchemaRegistry();

const avro = (fields: unknown[]): RegistrySchema => ({
  schema: JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields }),
  schemaType: 'AVRO',
  references: [],
});
const V1 = avro([{ name: 'id', type: 'long' }]);
const V2 = avro([
  { name: 'id', type: 'long' },
  { name: 'note', type: ['null', 'string'], default: null },
]);
const INCOMPATIBLE = avro([{ name: 'id', type: 'string' }]);

describe('Schema Registry client against Apicurio', () => {
  test('register, look up, read by id and latest version agree; registering again returns the same id', async () => {
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const subject = `${registry().topic()}-value`;
    const id = await client.register(subject, V1);
    assert.equal(await client.register(subject, V1), id);
    assert.equal(await client.lookup(subject, V1), id);
    assert.deepEqual(JSON.parse((await client.schemaById(id)).schema), JSON.parse(V1.schema));
    const id2 = await client.register(subject, V2);
    assert.notEqual(id2, id);
    const latest = await client.latest(subject);
    assert.equal(latest.id, id2);
    assert.equal(latest.version, 2);
  });

  test("an incompatible schema fails with the registry's own message and code 409", async () => {
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const subject = `${registry().topic()}-value`;
    await client.register(subject, V1);
    assert.equal(await client.isCompatible(subject, INCOMPATIBLE), false);
    await assert.rejects(
      client.register(subject, INCOMPATIBLE),
      (error: unknown) =>
        error instanceof RegistryRequestError &&
        error.errorCode === RegistryErrorCode.INCOMPATIBLE_SCHEMA &&
        /incompatible/i.test(error.message) &&
        !error.retriable,
    );
  });

  test('an unknown id is a 40403 from the registry', async () => {
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    await assert.rejects(
      client.schemaById(987_654),
      (error: unknown) =>
        error instanceof RegistryRequestError && error.errorCode === RegistryErrorCode.SCHEMA_NOT_FOUND,
    );
  });

  test('a URL that refuses connections is skipped for the next one; none answering is a retriable outage', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const http = new RegistryHttp({ urls: [dead, registry().url] });
    const client = new SchemaRegistryClient(http);
    const subject = `${registry().topic()}-value`;
    const id = await client.register(subject, V1);
    assert.equal(http.requests, 2);
    assert.equal(await client.lookup(subject, V1), id);
    assert.equal(http.requests, 3, 'the answering URL is remembered');
    await assert.rejects(
      new SchemaRegistryClient(new RegistryHttp({ urls: [dead] })).schemaById(1),
      (error: unknown) => error instanceof RegistryUnavailableError && error.retriable && error.message.includes(dead),
    );
  });

  test('the serde registers once per schema and subject, then serves ids from the cache', async () => {
    const topic = registry().topic();
    const serde = new RegistrySerde(parseRegistrySettings({ 'schema.registry.url': registry().url }, false).settings);
    const before = serde.registry.client.http.requests;
    const first = await settlePendingIo(() => serde.writerSchema(topic, V1, 'com.acme.Order', () => true));
    for (let i = 0; i < 1000; i++)
      assert.equal(serde.writerSchema(topic, V1, 'com.acme.Order', () => true).id, first.id);
    assert.equal(serde.registry.client.http.requests - before, 1);
    assert.equal(JSON.parse((await settlePendingIo(() => serde.readerSchema(first.id, topic))).schema).name, 'Order');
  });

  test('auto.register.schemas=false looks the schema up: an unregistered one is a DataError naming the subject', async () => {
    const topic = registry().topic();
    const serde = new RegistrySerde(
      parseRegistrySettings({ 'schema.registry.url': registry().url, 'auto.register.schemas': 'false' }, false)
        .settings,
    );
    await assert.rejects(
      settlePendingIo(() => serde.writerSchema(topic, V1, 'com.acme.Order', () => true)),
      (error: unknown) => error instanceof DataError && error.message.includes(`${topic}-value`),
    );
  });

  test('use.latest.version writes with the latest id when it can read the record; strict refuses otherwise', async () => {
    const topic = registry().topic();
    const client = new SchemaRegistryClient(new RegistryHttp({ urls: [registry().url] }));
    const latestId = await client.register(`${topic}-value`, V2);
    const serde = new RegistrySerde(
      parseRegistrySettings(
        { 'schema.registry.url': registry().url, 'auto.register.schemas': 'false', 'use.latest.version': 'true' },
        false,
      ).settings,
    );
    const written = await settlePendingIo(() => serde.writerSchema(topic, V1, 'com.acme.Order', () => true));
    assert.equal(written.id, latestId);
    assert.equal(written.latest, true);
    assert.throws(() => serde.writerSchema(topic, V1, 'com.acme.Order', () => false), /latest.compatibility.strict/);
  });
});

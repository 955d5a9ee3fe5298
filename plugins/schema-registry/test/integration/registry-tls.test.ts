/**
 * Registry bearer auth and TLS against a real HTTPS server: a Node https reverse proxy in front of Apicurio
 * (tls-registry-proxy.ts) with a test CA's certificate, requiring a client certificate and a bearer token.
 * The AvroConverter round-trips the types table with PEM trust and key stores given inline and as files,
 * and with a PKCS12 key store; a wrong token is the record's DataError saying the registry refused the
 * credentials; an untrusted server certificate, a certificate that does not name the host, or no client
 * certificate fail as configuration (not as an outage), and an empty endpoint.identification.algorithm
 * accepts a certificate for another name. A local stack shows the wrong token as the task's trace.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, settlePendingIo } from 'lambda-connect/api';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { AvroConverter } from '../../src/avro/avro-converter.js';
import { resetSharedRegistries } from '../../src/client/shared-registry.js';
import { useSchemaRegistry } from '../schema-registry.js';
import { STORE_PASSWORD, useTlsRegistryProxies } from '../tls-registry-proxy.js';
import { TYPES, typesValue } from '../types-table.js';

const TOKEN = 'sr-token-7f3a';
const registry = useSchemaRegistry();
const tls = useTlsRegistryProxies(() => registry().url, {
  mutual: { token: TOKEN, requireClientCert: true },
  wrongName: { token: TOKEN, wrongName: true },
});

describe('Schema Registry over TLS with bearer auth', () => {
  const converter = (configs: Record<string, string>): AvroConverter => {
    const c = new AvroConverter();
    c.configure(configs, false);
    return c;
  };
  const pemTrust = (): Record<string, string> => ({
    'schema.registry.ssl.truststore.type': 'PEM',
    'schema.registry.ssl.truststore.certificates': tls.pki().caPem,
  });
  const pemKeys = (): Record<string, string> => ({
    'schema.registry.ssl.keystore.type': 'PEM',
    'schema.registry.ssl.keystore.key': tls.pki().clientKey,
    'schema.registry.ssl.keystore.certificate.chain': tls.pki().clientCert,
  });
  const bearer = (token = TOKEN): Record<string, string> => ({
    'bearer.auth.credentials.source': 'STATIC_TOKEN',
    'bearer.auth.token': token,
  });
  /** One write on a fresh topic (the topic fixed across the rounds `settlePendingIo` makes). */
  const write = (configs: Record<string, string>): Promise<Uint8Array | null> => {
    const topic = registry().topic('tls');
    return settlePendingIo(() => converter(configs).fromConnectData(topic, [], TYPES, typesValue()));
  };
  const roundTrip = async (configs: Record<string, string>): Promise<void> => {
    const topic = registry().topic('tls');
    const bytes = await settlePendingIo(() => converter(configs).fromConnectData(topic, [], TYPES, typesValue()));
    // A fresh environment's caches: the read asks the registry for the schema by id.
    resetSharedRegistries();
    const back = await settlePendingIo(() => converter(configs).toConnectData(topic, [], bytes));
    assert.equal(back.schema?.name, 'com.acme.Types');
    assert.deepEqual(back.value, typesValue(back.schema ?? TYPES));
  };

  test('PEM trust and key stores inline with a bearer token: the types table round-trips; the server saw our token and client certificate', async () => {
    const mutual = tls.proxy('mutual');
    const before = mutual.seen.length;
    await roundTrip({ 'schema.registry.url': mutual.url, ...bearer(), ...pemTrust(), ...pemKeys() });
    const requests = mutual.seen.slice(before);
    assert.ok(requests.length >= 2, 'a register and a read by id');
    for (const r of requests)
      assert.deepEqual(r, { authorization: `Bearer ${TOKEN}`, clientCn: 'lambda-connect-client' });
  });

  test('PEM files and a PKCS12 key store file work as well', async () => {
    const url = tls.proxy('mutual').url;
    const trustFile = {
      'schema.registry.ssl.truststore.type': 'PEM',
      'schema.registry.ssl.truststore.location': tls.pki().caFile,
    };
    await roundTrip({
      'schema.registry.url': url,
      ...bearer(),
      ...trustFile,
      'schema.registry.ssl.keystore.type': 'PEM',
      'schema.registry.ssl.keystore.location': tls.pki().clientPemFile,
    });
    await roundTrip({
      'schema.registry.url': url,
      ...bearer(),
      ...trustFile,
      'schema.registry.ssl.keystore.type': 'PKCS12',
      'schema.registry.ssl.keystore.location': tls.pki().clientP12File,
      'schema.registry.ssl.keystore.password': STORE_PASSWORD,
    });
  });

  test("a wrong token is the record's DataError saying the registry refused the credentials, with its message", async () => {
    const configs = {
      'schema.registry.url': tls.proxy('mutual').url,
      ...bearer('not-the-token'),
      ...pemTrust(),
      ...pemKeys(),
    };
    await assert.rejects(
      write(configs),
      (error: unknown) =>
        error instanceof DataError &&
        !error.retriable &&
        /Schema Registry refused the credentials \(HTTP 401; check bearer\.auth\.token/.test(error.message) &&
        /Unauthorized: bad bearer token/.test(error.message),
    );
  });

  test('an untrusted server certificate and a missing client certificate fail as configuration, not as an outage', async () => {
    const url = tls.proxy('mutual').url;
    const failsAsTls = (configs: Record<string, string>, pattern: RegExp) =>
      assert.rejects(
        write(configs),
        (error: unknown) =>
          error instanceof ConnectError &&
          !error.retriable &&
          /TLS with the Schema Registry failed/.test(error.message) &&
          /schema\.registry\.ssl\.truststore/.test(error.message) &&
          pattern.test(error.message),
      );
    // Node's public CAs do not include the test CA.
    await failsAsTls({ 'schema.registry.url': url, ...bearer(), ...pemKeys() }, /SELF_SIGNED|UNABLE_TO_VERIFY|issuer/i);
    // The server requires a client certificate.
    await failsAsTls({ 'schema.registry.url': url, ...bearer(), ...pemTrust() }, /certificate|alert|handshake/i);
  });

  test('a certificate not naming the host fails the host name check; endpoint.identification.algorithm= accepts it (the chain is still checked)', async () => {
    const url = tls.proxy('wrongName').url;
    await assert.rejects(
      write({ 'schema.registry.url': url, ...bearer(), ...pemTrust() }),
      (error: unknown) =>
        error instanceof ConnectError &&
        !error.retriable &&
        /ERR_TLS_CERT_ALTNAME_INVALID|does not match|not in the cert/i.test(error.message),
    );
    await roundTrip({
      'schema.registry.url': url,
      ...bearer(),
      ...pemTrust(),
      'schema.registry.ssl.endpoint.identification.algorithm': '',
    });
  });

  describe('through a local stack', () => {
    const stack = useTestStack();
    test('a Datagen with the wrong bearer token fails its task with the refusal in its trace', async () => {
      const t = stack.current;
      const name = uniqueName('tls-gen');
      const prefixed = (configs: Record<string, string>) =>
        Object.fromEntries(Object.entries(configs).map(([k, v]) => [`value.converter.${k}`, v]));
      const config = {
        'connector.class': 'DatagenConnector',
        'kafka.topic': uniqueName('tls-orders'),
        quickstart: 'orders',
        'max.interval': '0',
        iterations: '5',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        ...prefixed({
          'schema.registry.url': tls.proxy('mutual').url,
          ...bearer('expired-token'),
          ...pemTrust(),
          ...pemKeys(),
        }),
      };
      assert.equal((await t.rest.post('/connectors', { name, config })).status, 201);
      let trace = '';
      await waitFor(
        async () => {
          const task = (
            await t.rest.get<{ tasks?: Array<{ state: string; trace?: string }> }>(`/connectors/${name}/status`)
          ).body.tasks?.[0];
          trace = task?.trace ?? '';
          return task?.state === 'FAILED';
        },
        { timeoutMs: 60_000, message: 'the Datagen task failed' },
      );
      assert.match(trace, /Schema Registry refused the credentials \(HTTP 401/);
      assert.match(trace, /Unauthorized: bad bearer token/);
    });
  });
});

/**
 * `bearer.auth.*` and `schema.registry.ssl.*` as the converters parse them: bearer auth applies when its
 * source is given and excludes basic auth (Confluent's rule), only STATIC_TOKEN is built; trust and key
 * stores in the forms Node's TLS can load, JKS and PKCS12 trust stores refused with how to convert them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from 'lambda-connect/api';
import { parseRegistrySettings } from '../../src/shared/registry-config.js';

const URL = { 'schema.registry.url': 'https://sr.internal:8081' };
const parse = (configs: Record<string, string>) => parseRegistrySettings({ ...URL, ...configs }, false).settings;
const refused = (configs: Record<string, string>, pattern: RegExp) =>
  assert.throws(
    () => parse(configs),
    (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
  );

describe('registry auth and TLS settings', () => {
  test('bearer STATIC_TOKEN: the token, the Confluent Cloud headers, and no basic auth', () => {
    const settings = parse({
      'bearer.auth.credentials.source': 'STATIC_TOKEN',
      'bearer.auth.token': 'tok',
      'bearer.auth.logical.cluster': 'lsrc-123',
      'bearer.auth.identity.pool.id': 'pool-9',
    });
    assert.equal(settings.bearerToken, 'tok');
    assert.equal(settings.userInfo, undefined);
    assert.deepEqual(settings.headers, { 'target-sr-cluster': 'lsrc-123', 'Confluent-Identity-Pool-Id': 'pool-9' });
    // Without the source key the token is not used, as Confluent's RestService.
    assert.equal(parse({ 'bearer.auth.token': 'tok' }).bearerToken, undefined);
  });

  test('bearer misconfigurations are config errors in Confluent words', () => {
    refused(
      {
        'bearer.auth.credentials.source': 'STATIC_TOKEN',
        'bearer.auth.token': 'tok',
        'basic.auth.credentials.source': 'USER_INFO',
        'basic.auth.user.info': 'u:p',
      },
      /Only one of 'basic\.auth\.credentials\.source' and 'bearer\.auth\.credentials\.source' may be specified/,
    );
    refused({ 'bearer.auth.credentials.source': 'STATIC_TOKEN' }, /bearer\.auth\.token.*a token is required/);
    refused({ 'bearer.auth.credentials.source': 'OAUTHBEARER' }, /only STATIC_TOKEN is supported here/);
    refused({ 'bearer.auth.credentials.source': 'KERBEROS' }, /bearer\.auth\.credentials\.source/);
  });

  test('no TLS keys: Node defaults; empty endpoint.identification.algorithm turns the host name check off', () => {
    assert.equal(parse({}).tls, undefined);
    assert.deepEqual(parse({ 'schema.registry.ssl.endpoint.identification.algorithm': '' }).tls, {
      checkHostname: false,
    });
    refused({ 'schema.registry.ssl.endpoint.identification.algorithm': 'ldaps' }, /expected https or empty/);
  });

  test('JKS stores and PKCS12 trust stores are refused saying how to convert them; PEM values need type PEM', () => {
    refused(
      { 'schema.registry.ssl.truststore.location': '/opt/trust.jks' },
      /truststore\.type.*JKS trust stores cannot be read here.*truststore\.type=PEM/,
    );
    refused(
      { 'schema.registry.ssl.truststore.type': 'PKCS12', 'schema.registry.ssl.truststore.location': '/opt/t.p12' },
      /PKCS12 trust stores cannot be read here/,
    );
    refused(
      { 'schema.registry.ssl.keystore.type': 'JKS', 'schema.registry.ssl.keystore.location': '/opt/k.jks' },
      /JKS key stores cannot be read here: convert to PKCS12/,
    );
    refused(
      {
        'schema.registry.ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n',
      },
      /only with schema\.registry\.ssl\.truststore\.type=PEM/,
    );
    refused(
      {
        'schema.registry.ssl.keystore.type': 'PEM',
        'schema.registry.ssl.keystore.key': '-----BEGIN PRIVATE KEY-----\n',
      },
      /keystore\.key and schema\.registry\.ssl\.keystore\.certificate\.chain go together/,
    );
    refused(
      { 'schema.registry.ssl.truststore.type': 'PEM', 'schema.registry.ssl.truststore.certificates': 'not pem' },
      /expected PEM text with a CERTIFICATE block/,
    );
    refused(
      {
        'schema.registry.ssl.truststore.type': 'PEM',
        'schema.registry.ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      },
      /a certificate cannot be read/,
    );
    refused(
      { 'schema.registry.ssl.keystore.type': 'PKCS12', 'schema.registry.ssl.keystore.location': '/nonexistent/k.p12' },
      /cannot read the file/,
    );
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BigDecimal, SchemaBuilder, Schemas, Struct, type ConfigValue } from 'lambda-connect/api';
import plugin, { HttpSinkConfig, HttpSinkConnector } from '../../src/index.js';
import { toJsonText } from '../../src/json-value.js';
import { parseStatusCodes, statusIn } from '../../src/status-codes.js';

const URL_KEY = { 'http.api.url': 'https://api.example.com/in' };

function errorsOf(results: ConfigValue[]): Record<string, string[]> {
  return Object.fromEntries(results.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors]));
}

describe('HTTP sink configuration', () => {
  test("Confluent's defaults where they make sense; ours for retry.on.status.codes", () => {
    const c = new HttpSinkConfig(URL_KEY);
    assert.equal(c.method, 'POST');
    assert.equal(c.batchMaxSize, 1);
    assert.equal(c.batchSeparator, ',');
    assert.equal(c.maxRetries, 10);
    assert.equal(c.retryBackoffMs, 3000);
    assert.equal(c.behaviorOnError, 'fail');
    assert.equal(c.bodyFormat, 'string');
    assert.equal(c.connectTimeoutMs, 30_000);
    assert.equal(c.requestTimeoutMs, 30_000);
    assert.deepEqual(
      [400, 404, 408, 429, 500, 503, 599].map((s) => statusIn(c.retryOnStatus, s)),
      [false, false, true, true, true, true, true],
    );
    assert.equal(c.headers.has('authorization'), false);
  });

  test('status code lists: codes, closed and open ranges; bad entries named', () => {
    const ranges = parseStatusCodes('retry.on.status.codes', ['429', ' 500-502', '504-']);
    assert.deepEqual(
      [429, 430, 500, 502, 503, 504, 599].map((s) => statusIn(ranges, s)),
      [true, false, true, true, false, true, true],
    );
    assert.throws(
      () => parseStatusCodes('retry.on.status.codes', ['5xx']),
      /Invalid value 5xx for configuration retry.on.status.codes: '5xx' is not a status code/,
    );
    assert.throws(() => parseStatusCodes('retry.on.status.codes', ['503-500']), /ends before it starts/);
  });

  test('validate reports each bad key in Connect shape, including checks across keys', () => {
    const connector = new HttpSinkConnector();
    assert.deepEqual(errorsOf(connector.validate({})), {
      'http.api.url': ['Missing required configuration "http.api.url" which has no default value.'],
    });
    const bad = errorsOf(
      connector.validate({
        'http.api.url': 'ftp://x/y',
        'request.method': 'GET',
        'retry.on.status.codes': 'abc',
        'batch.max.size': '0',
      }),
    );
    assert.deepEqual(Object.keys(bad).sort(), [
      'batch.max.size',
      'http.api.url',
      'request.method',
      'retry.on.status.codes',
    ]);
    assert.match(bad['http.api.url']?.[0] ?? '', /the scheme must be http or https, not ftp/);
    assert.match(bad['request.method']?.[0] ?? '', /String must be one of \(case insensitive\): POST, PUT, PATCH/);
    assert.deepEqual(errorsOf(connector.validate({ ...URL_KEY, 'auth.type': 'BASIC' })), {
      'connection.user': ['Invalid value null for configuration connection.user: auth.type=BASIC needs a user name'],
    });
    assert.match(
      errorsOf(connector.validate({ ...URL_KEY, 'auth.type': 'THIRD_PARTY' }))['auth.type']?.[0] ?? '',
      /needs bearer.token or an Authorization header/,
    );
    assert.match(
      errorsOf(connector.validate({ ...URL_KEY, headers: 'no-colon' }))['headers']?.[0] ?? '',
      /'no-colon' is not a Name:value header/,
    );
    assert.deepEqual(
      errorsOf(connector.validate({ ...URL_KEY, 'auth.type': 'THIRD_PARTY', headers: 'Authorization: Token x' })),
      {},
    );
  });

  test('connection.password and bearer.token are PASSWORD keys (masked by the REST API)', () => {
    const def = new HttpSinkConnector().config();
    assert.equal(def.key('connection.password')?.type, 'PASSWORD');
    assert.equal(def.key('bearer.token')?.type, 'PASSWORD');
  });

  test('the manifest names the package, its version and the connector class', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    assert.equal(plugin.name, pkg.name);
    assert.equal(plugin.version, pkg.version);
    assert.deepEqual(
      plugin.sinkConnectors?.map((c) => c.className),
      ['io.confluent.connect.http.HttpSinkConnector'],
    );
    assert.equal(new HttpSinkConnector().version(), pkg.version);
  });

  test('task configs: tasks.max copies of the connector config', () => {
    const connector = new HttpSinkConnector();
    connector.start({ ...URL_KEY, topics: 't' });
    assert.deepEqual(
      connector.taskConfigs(3),
      [1, 2, 3].map(() => ({ ...URL_KEY, topics: 't' })),
    );
    assert.throws(() => connector.start({ 'http.api.url': 'nope' }), /not an absolute URL/);
  });
});

describe('JSON bodies', () => {
  test('Structs, maps, arrays, bytes, decimals and dates', () => {
    const inner = SchemaBuilder.struct().field('x', Schemas.INT64).build();
    const schema = SchemaBuilder.struct().field('s', Schemas.STRING).field('inner', inner).build();
    const value = new Struct(schema).put('s', 'q"uote').put('inner', new Struct(inner).put('x', 7));
    assert.equal(toJsonText(value), '{"s":"q\\"uote","inner":{"x":7}}');
    assert.equal(
      toJsonText(
        new Map<unknown, unknown>([
          ['a', [1, true, null]],
          [2, 'b'],
        ]),
      ),
      '{"a":[1,true,null],"2":"b"}',
    );
    assert.equal(toJsonText(new Uint8Array([1, 2, 255])), '"AQL/"');
    assert.equal(toJsonText(new BigDecimal(12345n, 2)), '123.45');
    assert.equal(toJsonText(new Date(86_400_000)), '86400000');
    assert.equal(toJsonText('plain'), '"plain"');
    assert.throws(() => toJsonText(Number.NaN), /NaN cannot be sent as JSON/);
  });
});

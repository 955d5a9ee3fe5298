import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigReferenceError,
  ConfigResolver,
  ConfigValueError,
  ReferenceFailure,
} from '../../../lib/config-providers/index.js';
import { manualClock, memorySecretsManager, memorySsm, untouchable } from './memory-ports.js';

const DB_SECRET = JSON.stringify({ username: 'app', password: 's3cr3t-Value', port: 5432 });

describe('ConfigResolver', () => {
  test('a config without placeholders is returned as a copy and reads nothing', async () => {
    const resolver = new ConfigResolver({ secretsManager: untouchable, ssm: untouchable });
    const config = { 'connector.class': 'FileStreamSource', note: '${env:HOME} is not ours' };
    const resolved = await resolver.resolve(config);
    assert.deepEqual(resolved, config);
    assert.notEqual(resolved, config);
  });

  test('replaces placeholders inside values; several keys of one secret cost one read', async () => {
    const secrets = memorySecretsManager({ 'db-creds': DB_SECRET, token: 'raw-token' });
    const ssm = memorySsm({ '/kafka/host': 'db.internal' });
    const resolver = new ConfigResolver({ secretsManager: secrets, ssm });
    const resolved = await resolver.resolve({
      'connection.url': 'jdbc:postgresql://${ssm:/kafka/host}:${secretsmanager:db-creds:port}/app',
      'connection.user': '${secretsmanager:db-creds:username}',
      'connection.password': '${secretsmanager:db-creds:password}',
      'api.token': '${secretsmanager:token}',
      topics: 'orders',
    });
    assert.deepEqual(resolved, {
      'connection.url': 'jdbc:postgresql://db.internal:5432/app',
      'connection.user': 'app',
      'connection.password': 's3cr3t-Value',
      'api.token': 'raw-token',
      topics: 'orders',
    });
    assert.deepEqual(secrets.calls.sort(), ['db-creds', 'token']);
    assert.deepEqual(ssm.calls, ['/kafka/host']);
  });

  test('values are cached for the TTL, then read again', async () => {
    const clock = manualClock();
    const ssm = memorySsm({ p: 'v1' });
    const resolver = new ConfigResolver({ secretsManager: untouchable, ssm, ttlMs: 60_000, now: clock.now });
    assert.equal((await resolver.resolve({ k: '${ssm:p}' })).k, 'v1');
    ssm.values.set('p', 'v2');
    clock.advance(59_999);
    assert.equal((await resolver.resolve({ k: '${ssm:p}' })).k, 'v1');
    clock.advance(1);
    assert.equal((await resolver.resolve({ k: '${ssm:p}' })).k, 'v2');
    assert.equal(ssm.calls.length, 2);
  });

  test('a failed read is not cached', async () => {
    const ssm = memorySsm({ p: 'v' });
    ssm.failOnce.set('p', new ConfigValueError(ReferenceFailure.UNAVAILABLE, 'throttled'));
    const resolver = new ConfigResolver({ secretsManager: untouchable, ssm });
    await assert.rejects(
      resolver.resolve({ k: '${ssm:p}' }),
      (e: unknown) => e instanceof ConfigReferenceError && e.retriable,
    );
    assert.equal((await resolver.resolve({ k: '${ssm:p}' })).k, 'v');
    assert.equal(ssm.calls.length, 2);
  });

  test('a missing secret is named, with the config key, and is not retriable', async () => {
    const resolver = new ConfigResolver({ secretsManager: memorySecretsManager(), ssm: untouchable });
    await assert.rejects(
      resolver.resolve({ 'connection.password': '${secretsmanager:prod/db:password}' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigReferenceError);
        assert.equal(e.failure, ReferenceFailure.NOT_FOUND);
        assert.equal(e.retriable, false);
        assert.equal(e.configKey, 'connection.password');
        assert.equal(e.reference, '${secretsmanager:prod/db:password}');
        assert.match(e.message, /prod\/db/);
        assert.match(e.message, /connection\.password/);
        return true;
      },
    );
  });

  test('a missing JSON key or a non-JSON secret is named without leaking the value', async () => {
    const secrets = memorySecretsManager({ 'db-creds': DB_SECRET, plain: 'not-json-s3cr3t' });
    const resolver = new ConfigResolver({ secretsManager: secrets, ssm: untouchable });
    for (const [placeholder, pattern] of [
      ['${secretsmanager:db-creds:pass}', /"db-creds" has no key "pass"/],
      ['${secretsmanager:plain:pass}', /"plain" is not a JSON object/],
    ] as const) {
      await assert.rejects(resolver.resolve({ k: placeholder }), (e: unknown) => {
        assert.ok(e instanceof ConfigReferenceError);
        assert.equal(e.failure, ReferenceFailure.UNUSABLE_VALUE);
        assert.match(e.message, pattern);
        assert.doesNotMatch(e.message, /s3cr3t/);
        return true;
      });
    }
  });

  test('the first failing key in config order is reported', async () => {
    const resolver = new ConfigResolver({ secretsManager: memorySecretsManager(), ssm: memorySsm() });
    await assert.rejects(
      resolver.resolve({ a: 'ok', b: '${ssm:missing-b}', c: '${secretsmanager:missing-c}' }),
      (e: unknown) => e instanceof ConfigReferenceError && e.configKey === 'b',
    );
  });

  test('a malformed placeholder is reported with its key', async () => {
    const resolver = new ConfigResolver({ secretsManager: untouchable, ssm: untouchable });
    await assert.rejects(resolver.resolve({ 'x.y': 'a ${secretsmanager:db:} b' }), (e: unknown) => {
      assert.ok(e instanceof ConfigReferenceError);
      assert.equal(e.failure, ReferenceFailure.INVALID_REFERENCE);
      assert.equal(e.reference, '${secretsmanager:db:}');
      assert.equal(e.configKey, 'x.y');
      return true;
    });
  });

  test('a bug in a port surfaces unchanged', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const ssm = memorySsm();
    ssm.failOnce.set('p', bug);
    const resolver = new ConfigResolver({ secretsManager: untouchable, ssm });
    await assert.rejects(resolver.resolve({ k: '${ssm:p}' }), (e: unknown) => e === bug);
  });
});

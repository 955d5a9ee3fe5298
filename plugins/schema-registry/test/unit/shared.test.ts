/** The wire format, the subject name strategies, the shared config keys and the sync lookups (no network). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DataError, PendingIoError, RetriableError } from 'lambda-connect/api';
import { SyncLookup } from '../../src/client/sync-lookup.js';
import { parseRegistrySettings, registryConfigDef } from '../../src/shared/registry-config.js';
import { subjectNameStrategy } from '../../src/shared/subject-name-strategy.js';
import { frame, unframe } from '../../src/shared/wire-format.js';

describe('Confluent wire format', () => {
  test('magic byte 0, the id big-endian, then the payload', () => {
    const bytes = frame(0x01020304, Uint8Array.of(9, 8));
    assert.deepEqual([...bytes], [0, 1, 2, 3, 4, 9, 8]);
    const { schemaId, payload } = unframe(bytes);
    assert.equal(schemaId, 0x01020304);
    assert.deepEqual([...payload], [9, 8]);
  });

  test('another magic byte or a short buffer is a DataError', () => {
    assert.throws(
      () => unframe(Uint8Array.of(1, 0, 0, 0, 1)),
      (e: unknown) => e instanceof DataError && e.message === 'Unknown magic byte!',
    );
    assert.throws(() => unframe(Uint8Array.of(0, 0)), DataError);
  });
});

describe('subject name strategies', () => {
  test("TopicNameStrategy (Confluent's default), RecordNameStrategy and TopicRecordNameStrategy", () => {
    assert.equal(
      subjectNameStrategy('io.confluent.kafka.serializers.subject.TopicNameStrategy')('orders', false, 'a.B'),
      'orders-value',
    );
    assert.equal(subjectNameStrategy('TopicNameStrategy')('orders', true, null), 'orders-key');
    assert.equal(
      subjectNameStrategy('io.confluent.kafka.serializers.subject.RecordNameStrategy')(
        'orders',
        false,
        'com.acme.Order',
      ),
      'com.acme.Order',
    );
    assert.equal(
      subjectNameStrategy('io.confluent.kafka.serializers.subject.TopicRecordNameStrategy')(
        'orders',
        true,
        'com.acme.Order',
      ),
      'orders-com.acme.Order',
    );
  });

  test('a record strategy on an unnamed schema is a DataError; an unknown class a ConfigError', () => {
    assert.throws(() => subjectNameStrategy('RecordNameStrategy')('t', false, null), DataError);
    assert.throws(
      () => subjectNameStrategy('com.acme.MyStrategy', 'value.subject.name.strategy'),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message.startsWith('Invalid value com.acme.MyStrategy for configuration value.subject.name.strategy'),
    );
  });
});

describe('shared converter config', () => {
  test("Confluent's defaults, several URLs, and the key or value strategy by isKey", () => {
    const { settings } = parseRegistrySettings(
      {
        'schema.registry.url': 'http://a:8081, http://b:8081',
        'key.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
      },
      true,
    );
    assert.deepEqual(settings.urls, ['http://a:8081', 'http://b:8081']);
    assert.equal(settings.autoRegister, true);
    assert.equal(settings.useLatestVersion, false);
    assert.equal(settings.latestCompatibilityStrict, true);
    assert.equal(settings.schemasCacheSize, 1000);
    assert.equal(settings.userInfo, undefined);
    assert.equal(settings.subjectNameStrategy('t', true, 'x.Y'), 'x.Y');
  });

  test('USER_INFO takes basic.auth.user.info, which must be user:password', () => {
    const { settings } = parseRegistrySettings(
      {
        'schema.registry.url': 'http://a',
        'basic.auth.credentials.source': 'USER_INFO',
        'basic.auth.user.info': 'u:p',
      },
      false,
    );
    assert.equal(settings.userInfo, 'u:p');
    assert.throws(
      () =>
        parseRegistrySettings(
          {
            'schema.registry.url': 'http://a',
            'basic.auth.credentials.source': 'USER_INFO',
            'basic.auth.user.info': 'nope',
          },
          false,
        ),
      ConfigError,
    );
  });

  test('validation names the missing URL and a bad strategy, per key', () => {
    const results = registryConfigDef().validate({ 'value.subject.name.strategy': 'Nope' });
    const errorsOf = (name: string): string[] => results.find((r) => r.name === name)?.errors ?? [];
    assert.equal(errorsOf('schema.registry.url').length, 1);
    assert.match(errorsOf('value.subject.name.strategy')[0] ?? '', /Invalid value Nope/);
    assert.match(
      registryConfigDef()
        .validate({ 'schema.registry.url': 'ftp://x' })
        .find((r) => r.name === 'schema.registry.url')?.errors[0] ?? '',
      /expected an http\(s\) URL/,
    );
  });
});

describe('SyncLookup', () => {
  test('a miss throws PendingIoError once per key; the value is then served synchronously', async () => {
    const lookup = new SyncLookup<number>(10);
    let calls = 0;
    const load = async (): Promise<number> => ++calls;
    const first = (() => {
      try {
        return lookup.get('k', 'k', load);
      } catch (error) {
        return error;
      }
    })();
    assert.ok(first instanceof PendingIoError);
    assert.throws(() => lookup.get('k', 'k', load), PendingIoError);
    await first.ready;
    assert.equal(lookup.get('k', 'k', load), 1);
    assert.equal(calls, 1);
    assert.equal(lookup.loads, 1);
  });

  test('a failure is thrown by the next call only; an outage is not remembered', async () => {
    const lookup = new SyncLookup<number>(10);
    const pending = (key: string, load: () => Promise<number>): Promise<unknown> => {
      try {
        lookup.get(key, key, load);
      } catch (error) {
        if (error instanceof PendingIoError) return error.ready.catch(() => undefined);
      }
      throw new Error('expected a pending lookup');
    };
    await pending('bad', async () => {
      throw new DataError('no such schema');
    });
    assert.throws(() => lookup.get('bad', 'bad', async () => 1), /no such schema/);
    assert.throws(() => lookup.get('bad', 'bad', async () => 1), PendingIoError);
    await pending('down', async () => {
      throw new RetriableError('unavailable');
    });
    assert.throws(() => lookup.get('down', 'down', async () => 1), PendingIoError);
  });

  test('expired values are looked up again; the oldest entries go past the capacity', async () => {
    let now = 0;
    const lookup = new SyncLookup<string>(2, 1000, () => now);
    for (const key of ['a', 'b', 'c']) {
      try {
        lookup.get(key, key, async () => key);
      } catch (error) {
        await (error as PendingIoError).ready;
      }
    }
    assert.equal(lookup.size, 2);
    assert.equal(
      lookup.get('c', 'c', async () => 'x'),
      'c',
    );
    now = 2000;
    assert.throws(() => lookup.get('c', 'c', async () => 'x'), PendingIoError);
  });
});

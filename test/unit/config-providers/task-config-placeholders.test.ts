import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets, restorePlaceholders } from '../../../lib/config-providers/index.js';

const raw = {
  'connection.url': 'jdbc:pg://db/${ssm:/db/name}',
  password: '${secretsmanager:db:password}',
  topic: 'plain',
  short: '${ssm:/flag}',
};
const resolved = { 'connection.url': 'jdbc:pg://db/orders', password: 'hunter2-long', topic: 'plain', short: '1' };

test("task keys of the connector config with placeholders get the raw value back (Connect's reverseTransform)", () => {
  const restored = restorePlaceholders(raw, resolved, [
    { 'connection.url': 'jdbc:pg://db/orders', topic: 'plain', 'task.id': '1' },
  ]);
  assert.deepEqual(restored, [{ 'connection.url': raw['connection.url'], topic: 'plain', 'task.id': '1' }]);
});

test('a resolved value copied to another key is restored too, but not values shorter than 4 characters', () => {
  const restored = restorePlaceholders(raw, resolved, [{ 'db.pass': 'hunter2-long', index: '1' }]);
  assert.deepEqual(restored, [{ 'db.pass': raw.password, index: '1' }]);
});

test('a config without placeholders and keys named __proto__ pass unchanged', () => {
  const task = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>;
  const [copy] = restorePlaceholders({ a: 'b' }, { a: 'b' }, [task]);
  assert.deepEqual(Object.entries(copy ?? {}), [
    ['__proto__', 'x'],
    ['a', 'b'],
  ]);
  const [restored] = restorePlaceholders(raw, resolved, [task]);
  assert.deepEqual(Object.entries(restored ?? {}), [
    ['__proto__', 'x'],
    ['a', 'b'],
  ]);
});

test('redactSecrets masks every occurrence, longest secret first, and leaves very short ones', () => {
  const secrets = new Set(['hunter2', 'hunter2-long', 'ab']);
  assert.equal(
    redactSecrets('auth failed for hunter2-long (hunter2) ab', secrets),
    'auth failed for [hidden] ([hidden]) ab',
  );
});

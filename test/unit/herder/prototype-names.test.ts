/**
 * Issue 10, item 12: names and keys that are also members of Object.prototype (`__proto__`,
 * `constructor`, `toString`, …) are names like any other, end to end: created, listed in every list
 * view, read, patched and deleted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { sourceConfig, TEST_WORKER_ID, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('connectors named after Object.prototype members appear in every list view and can be read and deleted', async () => {
  for (const name of NAMES)
    assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201, name);
  await new Scheduler({
    stores: h.stores,
    plugins: createTestPluginCatalog(),
    kafka: new MemoryKafka(),
    invoker: { invoke: async () => undefined },
    workerId: TEST_WORKER_ID,
    log: quiet,
  }).tick();

  assert.deepEqual(new Set((await h.call<string[]>('GET', '/connectors')).body), new Set(NAMES));
  const expanded = JSON.parse((await h.call('GET', '/connectors?expand=status&expand=info')).raw) as Record<
    string,
    { info?: { name: string }; status?: { name: string } }
  >;
  assert.deepEqual(Object.keys(expanded).sort(), [...NAMES].sort());
  for (const name of NAMES) {
    assert.equal(Object.getOwnPropertyDescriptor(expanded, name)?.value?.info?.name, name);
    assert.equal(Object.getOwnPropertyDescriptor(expanded, name)?.value?.status?.name, name);
    assert.equal((await h.call<{ name: string }>('GET', `/connectors/${name}`)).body.name, name);
    assert.equal((await h.call<{ name: string }>('GET', `/connectors/${name}/status`)).body.name, name);
  }
  for (const name of NAMES) assert.equal((await h.call('DELETE', `/connectors/${name}`)).status, 204, name);
  assert.deepEqual((await h.call('GET', '/connectors')).body, []);
});

test('config keys named after Object.prototype members are kept by POST, PUT and PATCH', async () => {
  const name = 'proto-keys';
  const config = JSON.parse(
    `{"connector.class":"TestSource","topic":"t","__proto__":"p","constructor":"c","toString":"s"}`,
  ) as Record<string, string>;
  assert.equal((await h.call('POST', '/connectors', { body: { name, config } })).status, 201);
  const read = JSON.parse((await h.call('GET', `/connectors/${name}/config`)).raw) as Record<string, string>;
  assert.deepEqual(Object.entries(read).sort(), Object.entries({ ...config, name }).sort());
  const patch = JSON.parse(`{"__proto__":"p2","constructor":null,"hasOwnProperty":"h"}`) as Record<
    string,
    string | null
  >;
  const patched = await h.call('PATCH', `/connectors/${name}/config`, { body: patch });
  assert.equal(patched.status, 200, patched.raw);
  const after = JSON.parse((await h.call('GET', `/connectors/${name}/config`)).raw) as Record<string, string>;
  assert.equal(Object.getOwnPropertyDescriptor(after, '__proto__')?.value, 'p2');
  assert.equal(Object.hasOwn(after, 'constructor'), false);
  assert.equal(after['hasOwnProperty' as never], 'h');
});

test('loggers named after Object.prototype members are listed and read', async () => {
  for (const name of NAMES)
    assert.equal((await h.call('PUT', `/admin/loggers/${name}`, { body: { level: 'DEBUG' } })).status, 200, name);
  const all = JSON.parse((await h.call('GET', '/admin/loggers')).raw) as Record<string, { level: string }>;
  for (const name of NAMES) {
    assert.equal(Object.getOwnPropertyDescriptor(all, name)?.value?.level, 'DEBUG', name);
    assert.equal((await h.call<{ level: string }>('GET', `/admin/loggers/${name}`)).body.level, 'DEBUG');
  }
});

test('an HTTP method named constructor or __proto__ is a 405, not a 500', async () => {
  for (const method of ['constructor', '__proto__', 'toString'])
    assert.equal((await h.call(method, '/connectors')).status, 405, method);
});

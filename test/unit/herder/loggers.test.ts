/**
 * `/admin/loggers` through the REST API onto the real stores, with the semantics a Connect 4.3.1 worker
 * shows (checked by the differential suite): only loggers whose level changed are returned and get a
 * `last_modified`; a namespace applies to every known logger it prefixes; unknown loggers are 404.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const put = (logger: string, level: unknown, scope = '') =>
  h.call('PUT', `/admin/loggers/${logger}${scope}`, { body: { level } });

test('setting a level answers the loggers it changed; the same level again changes nothing', async () => {
  const ns = `org.example.${uniqueName('lg')}`;
  assert.deepEqual((await put(ns, 'DEBUG')).body, [ns]);
  const first = (await h.call('GET', `/admin/loggers/${ns}`)).body as { level: string; last_modified: number };
  assert.equal(first.level, 'DEBUG');
  assert.equal(typeof first.last_modified, 'number');
  assert.deepEqual((await put(ns, 'debug')).body, []);
  assert.deepEqual((await h.call('GET', `/admin/loggers/${ns}`)).body, first, 'unchanged, last_modified kept');
});

test('a namespace applies to every known logger it prefixes, and only those are listed', async () => {
  const ns = `org.example.${uniqueName('lg')}`;
  await put(`${ns}.a`, 'TRACE');
  await put(`${ns}.a.b`, 'ERROR');
  assert.deepEqual((await put(ns, 'WARN')).body, [ns, `${ns}.a`, `${ns}.a.b`]);
  assert.equal(((await h.call('GET', `/admin/loggers/${ns}.a.b`)).body as { level: string }).level, 'WARN');
  const all = (await h.call('GET', '/admin/loggers')).body as Record<string, { level: string }>;
  assert.deepEqual(
    Object.keys(all).filter((k) => k.startsWith(ns)),
    [ns, `${ns}.a`, `${ns}.a.b`],
  );
  assert.ok('root' in all);
});

test('a logger inheriting the same level exists afterwards, without last_modified; others are 404', async () => {
  const ns = `org.example.${uniqueName('lg')}`;
  await put(ns, 'ERROR');
  assert.deepEqual((await put(`${ns}.child`, 'ERROR')).body, [], 'the child already inherits ERROR');
  assert.deepEqual((await h.call('GET', `/admin/loggers/${ns}.child`)).body, { level: 'ERROR', last_modified: null });
  assert.deepEqual((await h.call('GET', `/admin/loggers/${ns}.never`)).body, {
    error_code: 404,
    message: `Logger ${ns}.never not found.`,
  });
  assert.deepEqual((await h.call('GET', '/admin/loggers/org')).body, {
    error_code: 404,
    message: 'Logger org not found.',
  });
});

test('OFF loggers are not listed; cluster scope is 204; bad and missing levels are 404 and 400', async () => {
  const ns = `org.example.${uniqueName('lg')}`;
  assert.equal((await put(ns, 'OFF', '?scope=cluster')).status, 204);
  assert.equal(((await h.call('GET', `/admin/loggers/${ns}`)).body as { level: string }).level, 'OFF');
  assert.ok(!(ns in ((await h.call('GET', '/admin/loggers')).body as object)));
  assert.deepEqual((await put(ns, 'LOUD')).body, { error_code: 404, message: "invalid log level 'LOUD'." });
  assert.deepEqual((await h.call('PUT', `/admin/loggers/${ns}`, { body: {} })).body, {
    error_code: 400,
    message: "Desired 'level' parameter was not specified in request.",
  });
});

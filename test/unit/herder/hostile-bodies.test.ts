/**
 * Issue 10, items 5 and 13: a config key set to null is refused with a 400 before anything is stored
 * (it used to be stored and fail the connector with a TypeError), and JSON nested 10,000 deep is a 400,
 * not a stack overflow (500), on every route that reads a body.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonNestingDepth, MAX_JSON_NESTING_DEPTH } from '../../../functions/rest-api/request-body.js';
import { sourceConfig, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

test('POST and PUT with a declared key set to null: 400 naming the key, nothing created', async () => {
  const name = uniqueName('null');
  const config = { ...sourceConfig(), 'offsets.storage.topic': null };
  for (const [method, url, body] of [
    ['POST', '/connectors', { name, config }],
    ['PUT', `/connectors/${name}/config`, config],
  ] as const) {
    const response = await h.call<{ error_code: number; message: string }>(method, url, { body });
    assert.equal(response.status, 400, response.raw);
    assert.equal(response.body.error_code, 400);
    assert.match(
      response.body.message,
      /Null value can not be supplied as the configuration value of 'offsets.storage.topic'/,
    );
  }
  assert.equal((await h.call('GET', `/connectors/${name}`)).status, 404);
  assert.equal(h.errors.length, 0, 'nothing unexpected was logged');
  // An existing name answers 409 first, as in Connect.
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  assert.equal((await h.call('POST', '/connectors', { body: { name, config } })).status, 409);
});

test('PATCH with null still removes the key', async () => {
  const name = uniqueName('null-patch');
  assert.equal(
    (await h.call('POST', '/connectors', { body: { name, config: sourceConfig({ 'batch.size': '5' }) } })).status,
    201,
  );
  const patched = await h.call<{ config: Record<string, string> }>('PATCH', `/connectors/${name}/config`, {
    body: { 'batch.size': null },
  });
  assert.equal(patched.status, 200);
  assert.equal(Object.hasOwn(patched.body.config, 'batch.size'), false);
});

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

test('bodies nested 10,000 deep answer 400 on every route that reads a body; the state is unchanged', async () => {
  const name = uniqueName('deep');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  const loggersBefore = (await h.call('GET', '/admin/loggers')).raw;
  const configBefore = (await h.call('GET', `/connectors/${name}/config`)).raw;
  const bodies: ReadonlyArray<readonly [string, string, string]> = [
    ['PUT', '/admin/loggers/org.example', `{"level":${deep(10_000)}}`],
    ['POST', '/connectors', `{"name":"${uniqueName('deep')}","config":{"x":${deep(10_000)}}}`],
    ['PUT', `/connectors/${name}/config`, `{"topic":${deep(10_000)}}`],
    ['PATCH', `/connectors/${name}/config`, `{"topic":${deep(10_000)}}`],
    ['PATCH', `/connectors/${name}/offsets`, `{"offsets":[{"partition":${deep(10_000)},"offset":{}}]}`],
    ['PUT', '/connector-plugins/TestSource/config/validate', `{"a":${deep(10_000)}}`],
  ];
  for (const [method, url, body] of bodies) {
    const response = await h.call<{ error_code: number; message: string }>(method, url, { body });
    assert.equal(response.status, 400, `${method} ${url}: ${response.raw}`);
    assert.match(response.body.message, /nested too deeply/);
  }
  assert.equal((await h.call('GET', '/admin/loggers')).raw, loggersBefore);
  assert.equal((await h.call('GET', `/connectors/${name}/config`)).raw, configBefore);
  assert.equal(h.errors.length, 0);
});

test('a logger level that is an array or an object is a 400, not a 500', async () => {
  for (const level of [[], [['INFO']], { a: 1 }]) {
    const response = await h.call<{ message: string }>('PUT', '/admin/loggers/org.example.level', { body: { level } });
    assert.equal(response.status, 400, response.raw);
  }
  assert.equal((await h.call('GET', '/admin/loggers/org.example.level')).status, 404);
});

test('nesting depth is counted outside strings only, and 1,000 levels are accepted', () => {
  assert.equal(jsonNestingDepth('{"a":"[[[{{{\\"[[[","b":[[1]]}'), 3);
  assert.equal(jsonNestingDepth(deep(MAX_JSON_NESTING_DEPTH)), MAX_JSON_NESTING_DEPTH);
  assert.equal(jsonNestingDepth(deep(50_000), MAX_JSON_NESTING_DEPTH), MAX_JSON_NESTING_DEPTH + 1);
});

/**
 * Issue 10, items 9 and 10: names DynamoDB cannot store as given (over its 1,024-byte sort-key limit,
 * or with a lone UTF-16 surrogate) are refused with a 400 before anything is written; the adapter
 * enforces DynamoDB's key and item limits itself, since dynalite accepts more than DynamoDB does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoggersApi } from '../../../lib/herder/loggers-api.js';
import { attr, DynamoTable } from '../../../lib/stores/dynamodb/table.js';
import { DYNAMO_LIMITS } from '../../../lib/stores/dynamodb/key-limits.js';
import { StoreLimitError } from '../../../lib/stores/errors.js';
import { sourceConfig, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

/** `é` is two bytes in UTF-8: a name of `bytes` bytes (even). */
const nameOfBytes = (bytes: number): string => 'é'.repeat(bytes / 2);

test('connector names: a lone surrogate or over 1,024 UTF-8 bytes is a 400 and nothing is created; 1,024 bytes work', async () => {
  const before = (await h.call('GET', '/connectors')).raw;
  for (const name of ['bad-\ud800-name', 'trailing-\udfff', nameOfBytes(1_026)]) {
    const created = await h.call<{ error_code: number; message: string }>('POST', '/connectors', {
      body: { name, config: sourceConfig() },
    });
    assert.equal(created.status, 400, created.raw);
    assert.match(created.body.message, /surrogate|too long/);
  }
  const put = await h.call('PUT', `/connectors/${encodeURIComponent(nameOfBytes(1_026))}/config`, {
    body: sourceConfig(),
  });
  assert.equal(put.status, 400, put.raw);
  assert.equal((await h.call('GET', '/connectors')).raw, before, 'nothing was created');
  assert.equal(h.errors.length, 0);

  const longest = nameOfBytes(DYNAMO_LIMITS.sortKeyBytes);
  assert.equal((await h.call('POST', '/connectors', { body: { name: longest, config: sourceConfig() } })).status, 201);
  assert.equal(
    (await h.call<{ name: string }>('GET', `/connectors/${encodeURIComponent(longest)}`)).body.name,
    longest,
  );
  assert.equal((await h.call('DELETE', `/connectors/${encodeURIComponent(longest)}`)).status, 204);
});

test('reads and deletes of names no item can have answer 404, not 500', async () => {
  const path = `/connectors/${encodeURIComponent(nameOfBytes(3_000))}`;
  for (const [method, url] of [
    ['GET', path],
    ['GET', `${path}/status`],
    ['GET', `${path}/config`],
    ['GET', `${path}/tasks`],
    ['DELETE', path],
  ] as const) {
    assert.equal((await h.call(method, url)).status, 404, `${method} ${url}`);
  }
});

test('logger names over 1,024 bytes or with a lone surrogate: 400, no logger added', async () => {
  const before = (await h.call('GET', '/admin/loggers')).raw;
  const response = await h.call('PUT', `/admin/loggers/${encodeURIComponent(nameOfBytes(1_100))}`, {
    body: { level: 'DEBUG' },
  });
  assert.equal(response.status, 400, response.raw);
  // A lone surrogate cannot be written in a URL (it has no UTF-8 form); the API refuses it all the same.
  await assert.rejects(new LoggersApi(h.stores.configs).set('org.\ud800', { level: 'DEBUG' }, undefined), /surrogate/);
  assert.equal((await h.call('GET', '/admin/loggers')).raw, before);
});

test("the DynamoDB adapter refuses keys and items over DynamoDB's limits before sending them", async () => {
  const table = new DynamoTable(h.dynamo.client, h.dynamo.tables.state);
  await assert.rejects(table.put('p'.repeat(DYNAMO_LIMITS.partitionKeyBytes + 1), 's', {}), StoreLimitError);
  await assert.rejects(table.put('p', 's'.repeat(DYNAMO_LIMITS.sortKeyBytes + 1), {}), StoreLimitError);
  await assert.rejects(
    table.update('p', 's'.repeat(DYNAMO_LIMITS.sortKeyBytes + 1), 'SET #a = :a', {
      names: { '#a': 'a' },
      values: { ':a': attr.s('x') },
    }),
    StoreLimitError,
  );
  await assert.rejects(table.put('p', 's', { big: attr.s('x'.repeat(DYNAMO_LIMITS.itemBytes)) }), StoreLimitError);
  assert.equal(await table.get('p', 's'), null, 'nothing was written');
  assert.equal(await table.get('p', 's'.repeat(5_000)), null);
  assert.deepEqual(await table.query('p'.repeat(5_000)), []);
  await table.put('p', 's', { fits: attr.s('x'.repeat(300_000)) });
  assert.equal((await table.get('p', 's'))?.['fits']?.S?.length, 300_000);
});

/** The OpenAPI document: served at /openapi.json, covers every route, and its schemas reject wrong shapes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPENAPI_DOCUMENT } from '../../../functions/rest-api/openapi.js';
import { OpenApiChecker } from '../../differential/openapi-check.js';
import { useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

describe('OpenAPI document', () => {
  test('GET /openapi.json serves it as JSON', async () => {
    const res = await h.call('GET', '/openapi.json');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  });

  test('answers are checked by path template, method and status', () => {
    const checker = new OpenApiChecker();
    const json = 'application/json';
    assert.deepEqual(
      checker.check({
        method: 'GET',
        path: '/connectors/a/status',
        status: 200,
        contentType: json,
        body: {
          name: 'a',
          connector: { state: 'RUNNING', worker_id: 'w' },
          tasks: [{ id: 0, state: 'FAILED', worker_id: 'w', trace: 't' }],
          type: 'source',
        },
      }),
      [],
    );
    assert.equal(
      checker.check({
        method: 'GET',
        path: '/connectors/a/status',
        status: 200,
        contentType: json,
        body: { name: 'a', tasks: [] },
      }).length,
      1,
    );
    assert.deepEqual(
      checker.check({ method: 'PUT', path: '/connectors/a/pause', status: 202, contentType: null, body: null }),
      [],
    );
    assert.equal(
      checker.check({ method: 'PUT', path: '/connectors/a/pause', status: 202, contentType: json, body: {} }).length,
      1,
    );
    assert.deepEqual(
      checker.check({
        method: 'GET',
        path: '/connectors/a',
        status: 404,
        contentType: json,
        body: { error_code: 404, message: 'Connector a not found' },
      }),
      [],
    );
    assert.equal(
      checker.check({ method: 'GET', path: '/connectors/a', status: 404, contentType: json, body: { error: 'x' } })
        .length,
      1,
    );
    assert.deepEqual(
      checker.check({
        method: 'GET',
        path: '/admin/loggers',
        status: 200,
        contentType: json,
        body: { root: { level: 'INFO', last_modified: null } },
      }),
      [],
    );
  });
});

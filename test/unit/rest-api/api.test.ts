/**
 * The REST API as API Gateway calls it (createRestApi over stub services): Connect's error bodies for
 * routing and bodies, 415, CORS, and the one error-to-HTTP mapping.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRestApi, type RestApiOptions } from '../../../functions/rest-api/api.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../../../functions/rest-api/responses.js';
import { ConnectError, NotFoundError } from '../../../lib/api/errors.js';
import type { Herder } from '../../../lib/herder/herder.js';
import { ConflictError, StaleEpochError, StoreUnavailableError } from '../../../lib/stores/errors.js';
import type { ConnectorProperties, TargetState } from '../../../lib/stores/model.js';
import { apiEvent, parseResponse, type EventOptions, type ParsedResponse } from '../../fixtures/api-gateway-event.js';
import { stubRestServices } from '../../fixtures/stub-rest-services.js';

type Logged = Array<{ message: string; details: Record<string, unknown> }>;

function api(
  herder: Partial<Herder> = {},
  options: Partial<RestApiOptions> = {},
): { call: (method: string, url: string, event?: EventOptions) => Promise<ParsedResponse>; logged: Logged } {
  const logged: Logged = [];
  const rest = createRestApi(stubRestServices(herder), {
    log: { error: (message, details) => logged.push({ message, details: details ?? {} }) },
    ...options,
  });
  return { call: async (method, url, event) => parseResponse(await rest(apiEvent(method, url, event))), logged };
}

/** A herder whose createConnector records what it was given. */
function recordingCreate(): {
  herder: Partial<Herder>;
  calls: Array<{ name: string | null | undefined; config: ConnectorProperties; state: TargetState | undefined }>;
} {
  const calls: Array<{ name: string | null | undefined; config: ConnectorProperties; state: TargetState | undefined }> =
    [];
  const herder: Partial<Herder> = {
    createConnector: async (name, config, state) => {
      calls.push({ name, config, state });
      return { name: name ?? '', config, tasks: [], type: 'source' };
    },
  };
  return { herder, calls };
}

describe('routing', () => {
  test("an unknown path is 404 with Connect's exact JSON body and, as Jersey sends it, no Content-Type", async () => {
    for (const path of ['/nope', '/connectors/a/b/c', '/connector-plugins/x/y/z']) {
      const res = await api().call('GET', path);
      assert.equal(res.status, 404);
      assert.equal(res.raw, '{"error_code":404,"message":"HTTP 404 Not Found"}');
      // null: the header is named without a value, so API Gateway does not label it JSON (decision 0011).
      assert.equal(res.headers['Content-Type'], null);
      assert.ok('Content-Type' in res.headers);
    }
  });

  test('a wrong method is 405 HTTP 405 Method Not Allowed, before any body check', async () => {
    for (const [method, path] of [
      ['DELETE', '/connectors'],
      ['POST', '/connectors/x'],
      ['GET', '/connectors/x/pause'],
      ['PATCH', '/connectors/x/status'],
    ]) {
      const res = await api().call(method as string, path as string, {
        body: '{broken',
        headers: { 'Content-Type': 'text/plain' },
      });
      assert.deepEqual(
        [res.status, res.body],
        [405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' }],
        `${method} ${path}`,
      );
    }
  });

  test('a non-integer task id is an unknown route (404); an integer reaches the herder', async () => {
    let asked: [string, number] | undefined;
    const rest = api({
      taskStatus: async (name, task) => {
        asked = [name, task];
        return { id: task, state: 'RUNNING', worker_id: 'w' };
      },
    });
    for (const bad of ['x', '1.0', '1e2', '%201']) {
      for (const [method, path] of [
        ['GET', `/connectors/c/tasks/${bad}/status`],
        ['POST', `/connectors/c/tasks/${bad}/restart`],
      ]) {
        assert.deepEqual(
          (await rest.call(method as string, path as string)).body,
          { error_code: 404, message: 'HTTP 404 Not Found' },
          path,
        );
      }
    }
    assert.equal(asked, undefined);
    assert.equal((await rest.call('GET', '/connectors/c%20d/tasks/12/status')).status, 200);
    assert.deepEqual(asked, ['c d', 12]);
  });

  test('query parameters: repeated expand values all arrive; restart flags follow Boolean.valueOf', async () => {
    let expanded: unknown;
    let flags: unknown;
    const rest = api({
      expandedConnectors: async (expand) => {
        expanded = expand;
        return {};
      },
      restartConnector: async (_name, includeTasks, onlyFailed) => {
        flags = [includeTasks, onlyFailed];
        return null;
      },
    });
    await rest.call('GET', '/connectors?expand=info&expand=status');
    assert.deepEqual(expanded, { status: true, info: true });
    await rest.call('GET', '/connectors?expand=status,info');
    assert.deepEqual(expanded, { status: false, info: false });
    assert.equal((await rest.call('POST', '/connectors/c/restart?includeTasks=True&onlyFailed=1')).status, 204);
    assert.deepEqual(flags, [true, false]);
  });
});

describe('request bodies', () => {
  test("malformed JSON is a 400 in Connect's error shape", async () => {
    const res = await api().call('POST', '/connectors', { body: '{"name": "x", "config": {' });
    assert.equal(res.status, 400);
    assert.deepEqual(Object.keys(res.body as object), ['error_code', 'message']);
    assert.equal((res.body as { error_code: number }).error_code, 400);
    assert.match((res.body as { message: string }).message, /^Request body is not valid JSON: /);
  });

  test('array or object config values, unknown fields and a missing config are 400s', async () => {
    const { herder, calls } = recordingCreate();
    const rest = api(herder);
    for (const body of [
      { name: 'x', config: { topics: ['a'] } },
      { name: 'x', config: { nested: { a: '1' } } },
      { name: 'x', config: {}, extra: true },
      { name: 'x' },
      [],
    ]) {
      const res = await rest.call('POST', '/connectors', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    for (const body of [['a'], { a: { b: 1 } }])
      assert.equal((await api({}).call('PUT', '/connectors/x/config', { body })).status, 400);
    assert.equal(calls.length, 0);
  });

  test('numbers and booleans become strings; initial_state is case-insensitive', async () => {
    const { herder, calls } = recordingCreate();
    const res = await api(herder).call('POST', '/connectors', {
      body: { name: 'x', config: { 'tasks.max': 2, flag: false, s: 's' }, initial_state: 'paused' },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(calls, [{ name: 'x', config: { 'tasks.max': '2', flag: 'false', s: 's' }, state: 'PAUSED' }]);
  });

  test('a body that is not declared JSON is 415; JSON media types with parameters are accepted', async () => {
    // Connect 4.3.1 also refuses `+json` vendor types (checked by the differential suite).
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/jsonp',
      'application/vnd.kafka+json',
    ]) {
      const res = await api().call('POST', '/connectors', {
        body: '{"name":"x","config":{}}',
        headers: { 'content-type': contentType },
      });
      assert.deepEqual(
        [res.status, res.body],
        [415, { error_code: 415, message: 'HTTP 415 Unsupported Media Type' }],
        contentType,
      );
    }
    for (const contentType of ['application/json; charset=UTF-8', 'Application/JSON', '*/*']) {
      const { herder, calls } = recordingCreate();
      const res = await api(herder).call('POST', '/connectors', {
        body: '{"name":"x","config":{}}',
        headers: { 'Content-Type': contentType },
      });
      assert.equal(res.status, 201, contentType);
      assert.equal(calls.length, 1);
    }
  });

  test('a route that takes no body ignores one', async () => {
    const res = await api({ setTargetState: async () => undefined }).call('PUT', '/connectors/x/pause', {
      body: 'not json',
    });
    assert.deepEqual([res.status, res.raw], [202, '']);
  });
});

describe('CORS', () => {
  const cors = { corsAllowOrigin: 'https://ui.example.com' };

  test('configured: every response, errors included, carries the CORS headers; preflight is 204', async () => {
    const rest = api({ connectorNames: async () => ['a'] }, cors);
    for (const res of [await rest.call('GET', '/connectors'), await rest.call('GET', '/nope')]) {
      assert.equal(res.headers['Access-Control-Allow-Origin'], 'https://ui.example.com');
      assert.equal(res.headers['Access-Control-Allow-Methods'], 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      assert.equal(res.headers['Access-Control-Allow-Headers'], 'Content-Type, Authorization');
    }
    const preflight = await rest.call('OPTIONS', '/connectors/x/config', {
      headers: { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-custom' },
    });
    assert.deepEqual([preflight.status, preflight.raw], [204, '']);
    assert.equal(preflight.headers['Access-Control-Allow-Origin'], 'https://ui.example.com');
    assert.equal(preflight.headers['Access-Control-Allow-Headers'], 'content-type,x-custom');
  });

  test('not configured: no CORS headers, and OPTIONS is not answered as a preflight', async () => {
    const rest = api({ connectorNames: async () => ['a'] });
    const res = await rest.call('GET', '/connectors');
    assert.deepEqual(res.body, ['a']);
    assert.ok(!Object.keys(res.headers).some((h) => h.toLowerCase().startsWith('access-control-')));
    const options = await rest.call('OPTIONS', '/connectors');
    assert.equal(options.status, 405);
    assert.equal(options.headers['Access-Control-Allow-Origin'], undefined);
  });
});

describe('error mapping', () => {
  const failing = (error: unknown) => api({ connectorInfo: async () => Promise.reject(error) });

  test('an unexpected error is a generic 500 naming the request id; the details go to the log only', async () => {
    for (const thrown of [
      new TypeError('secret-token=abc123 in config'),
      'a bare string with secret-token',
      { secret: 'token' },
    ]) {
      const rest = failing(thrown);
      const res = await rest.call('GET', '/connectors/x', { requestId: 'req-42' });
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error_code: 500, message: 'Internal error (request id req-42)' });
      assert.ok(!res.raw.includes('secret'), res.raw);
      assert.equal(rest.logged.length, 1);
      assert.equal(rest.logged[0]?.details['requestId'], 'req-42');
      assert.match(JSON.stringify(rest.logged[0]?.details), /secret/);
    }
  });

  test('a store outage is a 503 without details; a stale fence a 409; a ConflictError escaping is a 500 with its message', async () => {
    const outage = failing(new StoreUnavailableError('DynamoDB table lc-config is unavailable: throttled'));
    const unavailable = await outage.call('GET', '/connectors/x', { requestId: 'r-1' });
    assert.deepEqual(
      [unavailable.status, unavailable.body],
      [503, { error_code: 503, message: STORE_UNAVAILABLE_MESSAGE }],
    );
    assert.equal(outage.logged[0]?.details['requestId'], 'r-1');
    const stale = await failing(new StaleEpochError('epoch 3 < 4')).call('GET', '/connectors/x');
    assert.deepEqual(
      [stale.status, stale.body],
      [
        409,
        {
          error_code: 409,
          message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)',
        },
      ],
    );
    const conflict = await failing(new ConflictError('Connector x was changed concurrently')).call(
      'GET',
      '/connectors/x',
    );
    assert.equal(conflict.status, 500);
  });

  test('Connect errors keep their message: NotFoundError is a 404, any other ConnectError a 500', async () => {
    const notFound = await failing(new NotFoundError('Plugin x not found')).call('GET', '/connectors/x');
    assert.deepEqual([notFound.status, notFound.body], [404, { error_code: 404, message: 'Plugin x not found' }]);
    const connect = failing(new ConnectError('Failed to start task: x-0'));
    const res = await connect.call('GET', '/connectors/x');
    assert.deepEqual([res.status, res.body], [500, { error_code: 500, message: 'Failed to start task: x-0' }]);
    assert.equal(connect.logged.length, 0);
  });
});

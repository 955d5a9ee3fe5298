import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Router, type RouteHandler } from '../../../functions/rest-api/router.js';
import { ConnectRestError } from '../../../lib/herder/errors.js';
import { noContent } from '../../../functions/rest-api/responses.js';

const handler =
  (tag: number): RouteHandler =>
  async () =>
    noContent(tag);

function router(): Router {
  return new Router()
    .on('GET', '/connectors', handler(200))
    .on('POST', '/connectors', handler(201))
    .on('GET', '/connectors/{name}', handler(202))
    .on('DELETE', '/connectors/{name}', handler(204))
    .on('GET', '/connectors/{name}/tasks/{task}/status', handler(203));
}

async function tagOf(method: string, path: string): Promise<{ tag: number; params: Record<string, string> }> {
  const { handler: h, params } = router().match(method, path);
  return { tag: (await h({} as never)).statusCode, params };
}

function routeError(method: string, path: string): { status: number; message: string } {
  try {
    router().match(method, path);
  } catch (error) {
    assert.ok(error instanceof ConnectRestError);
    return { status: error.status, message: error.message };
  }
  assert.fail(`${method} ${path} matched`);
}

describe('Router', () => {
  test('matches method and path, and hands out the path parameters', async () => {
    assert.deepEqual(await tagOf('GET', '/connectors'), { tag: 200, params: {} });
    assert.deepEqual(await tagOf('POST', '/connectors'), { tag: 201, params: {} });
    assert.deepEqual(await tagOf('DELETE', '/connectors/abc'), { tag: 204, params: { name: 'abc' } });
    assert.deepEqual(await tagOf('GET', '/connectors/abc/tasks/3/status'), {
      tag: 203,
      params: { name: 'abc', task: '3' },
    });
  });

  test('decodes each path segment after splitting, so an encoded slash stays in the name', async () => {
    assert.deepEqual((await tagOf('GET', '/connectors/a%2Fb%20c%E2%9C%93')).params, { name: 'a/b c✓' });
    assert.deepEqual((await tagOf('GET', '/connectors/100%25')).params, { name: '100%' });
    assert.deepEqual(
      (await tagOf('GET', '/connectors/bad%zz')).params,
      { name: 'bad%zz' },
      'a malformed escape is kept as sent',
    );
  });

  test("an unknown path is Connect's 404; a known path with another method is 405", () => {
    assert.deepEqual(routeError('GET', '/nope'), { status: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual(routeError('GET', '/connectors/a/b'), { status: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual(routeError('GET', '/connectors/abc/tasks/3'), { status: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual(routeError('PUT', '/connectors'), { status: 405, message: 'HTTP 405 Method Not Allowed' });
    assert.deepEqual(routeError('POST', '/connectors/abc'), { status: 405, message: 'HTTP 405 Method Not Allowed' });
  });

  test('HEAD is served by GET; empty segments are ignored', async () => {
    assert.equal((await tagOf('HEAD', '/connectors/x')).tag, 202);
    assert.equal((await tagOf('GET', '/connectors/')).tag, 200);
    assert.equal((await tagOf('GET', '//connectors//x')).tag, 202);
  });
});

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { startApiGatewayAdapter, type ApiGatewayAdapterOptions } from '../../../local/http/api-gateway-adapter.js';

type Handler = ApiGatewayAdapterOptions['handler'];

/** Starts an adapter around `handler`, closed when the test ends (also on failure). */
async function adapterFor(t: TestContext, handler: Handler, options: Partial<ApiGatewayAdapterOptions> = {}) {
  const adapter = await startApiGatewayAdapter({ handler, port: 0, ...options });
  t.after(() => adapter.close());
  return adapter;
}

/** A handler that records the events and contexts it got and answers 200 with the event. */
function recordingHandler(): { handler: Handler; events: APIGatewayProxyEvent[]; contexts: Context[] } {
  const events: APIGatewayProxyEvent[] = [];
  const contexts: Context[] = [];
  const handler: Handler = async (event, context) => {
    events.push(event);
    contexts.push(context);
    return { statusCode: 200, body: JSON.stringify({ path: event.path }) };
  };
  return { handler, events, contexts };
}

describe('API Gateway adapter over a real socket', () => {
  test('a request becomes a REST proxy event and the result becomes the response', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler);
    const response = await fetch(`${adapter.url}/connectors/my%20conn/config?expand=status&expand=info`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Multi': 'one' },
      body: JSON.stringify({ 'connector.class': 'FileStreamSource' }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { path: '/connectors/my%20conn/config' });
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);

    const [event] = recorder.events;
    assert.ok(event);
    assert.equal(event.httpMethod, 'PUT');
    assert.equal(event.resource, '/{proxy+}');
    assert.deepEqual(event.pathParameters, { proxy: 'connectors/my%20conn/config' });
    assert.deepEqual({ ...event.multiValueQueryStringParameters }, { expand: ['status', 'info'] });
    assert.equal(event.body, '{"connector.class":"FileStreamSource"}');
    assert.equal(event.isBase64Encoded, false);
    // Names arrive as the client spelled them (undici's spelling here), so look them up case-insensitively.
    const multi = Object.entries(event.headers).find(([name]) => name.toLowerCase() === 'x-multi');
    assert.equal(multi?.[1], 'one');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(event.requestContext.requestId, response.headers.get('x-amzn-requestid'));
  });

  test('the handler gets a Lambda context with a 29 s budget', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler, { functionName: 'rest-api-local' });
    await (await fetch(`${adapter.url}/`)).arrayBuffer();
    const [context] = recorder.contexts;
    assert.equal(context?.functionName, 'rest-api-local');
    const remaining = context?.getRemainingTimeInMillis() ?? 0;
    assert.ok(remaining > 28_000 && remaining <= 29_000, `remaining ${remaining}`);
  });

  test('empty answers go out as Connect sends them: no Content-Type, and no Content-Length on a 204', async (t) => {
    const { noContent } = await import('../../../functions/rest-api/responses.js');
    const adapter = await adapterFor(t, async (event) => noContent(event.path === '/accepted' ? 202 : 204));
    const head = (path: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(adapter.port, '127.0.0.1', () =>
          socket.end(`PUT ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
        );
        let raw = '';
        socket.on('data', (chunk) => (raw += chunk.toString('latin1')));
        socket.on('end', () => resolve(raw));
        socket.on('error', reject);
      });
    const names = (raw: string): string[] =>
      raw
        .split('\r\n\r\n')[0]
        ?.split('\r\n')
        .slice(1)
        .map((line) => line.split(':')[0]?.toLowerCase() ?? '')
        .sort() ?? [];
    const noContentRaw = await head('/stopped');
    assert.match(noContentRaw, /^HTTP\/1\.1 204 No Content\r\n/);
    assert.deepEqual(names(noContentRaw), ['connection', 'date', 'x-amzn-requestid']);
    const accepted = await head('/accepted');
    assert.match(accepted, /^HTTP\/1\.1 202 Accepted\r\n/);
    assert.deepEqual(names(accepted), ['connection', 'content-length', 'date', 'x-amzn-requestid']);
    assert.match(accepted, /\r\nContent-Length: 0\r\n/);
  });

  test('multi-value response headers become repeated header lines; base64 bodies are decoded', async (t) => {
    const adapter = await adapterFor(
      t,
      async (): Promise<APIGatewayProxyResult> => ({
        statusCode: 201,
        headers: { 'Content-Type': 'application/octet-stream', Location: '/connectors/x' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: Buffer.from([1, 2, 3]).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    const response = await fetch(`${adapter.url}/connectors`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('location'), '/connectors/x');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 3]);
  });

  test('a body over the limit gets a Connect-shaped 413 and never reaches the handler', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler, { maxBodyBytes: 1_000 });
    const response = await fetch(`${adapter.url}/connectors`, { method: 'POST', body: 'x'.repeat(1_001) });
    assert.equal(response.status, 413);
    const body = (await response.json()) as { error_code: number; message: string };
    assert.equal(body.error_code, 413);
    assert.match(body.message, /1001 bytes exceeds the limit of 1000 bytes/);
    assert.equal(recorder.events.length, 0);
    const fits = await fetch(`${adapter.url}/connectors`, { method: 'POST', body: 'x'.repeat(1_000) });
    await fits.arrayBuffer();
    assert.equal(fits.status, 200);
  });

  test('the default limit is 6 MB: a 6 MB + 1 byte chunked upload is refused', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler);
    const status = await postChunked(adapter.port, 6 * 1024 * 1024 + 1);
    assert.equal(status, 413);
    assert.equal(recorder.events.length, 0);
  });

  test("a throwing handler or a malformed result gives API Gateway's 502", async (t) => {
    let calls = 0;
    const adapter = await adapterFor(t, async () => {
      calls += 1;
      if (calls === 1) throw new Error('handler bug');
      return { body: 'no status code' } as unknown as APIGatewayProxyResult;
    });
    for (const expectedCall of [1, 2]) {
      const response = await fetch(`${adapter.url}/connectors`);
      assert.equal(response.status, 502);
      assert.deepEqual(await response.json(), { message: 'Internal server error' });
      assert.equal(calls, expectedCall);
    }
  });

  test('a handler slower than the integration timeout gives 504', async (t) => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.after(() => release());
    const adapter = await adapterFor(
      t,
      async () => {
        await held;
        return { statusCode: 200, body: '' };
      },
      { timeoutMs: 50 },
    );
    const response = await fetch(`${adapter.url}/connectors`);
    assert.equal(response.status, 504);
    assert.deepEqual(await response.json(), { message: 'Endpoint request timed out' });
  });

  test('Host other than loopback or the configured names is refused: DNS rebinding (issue 10, item 6)', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler, { allowedHosts: ['connect.internal'] });
    for (const host of ['localhost:8083', '127.0.0.1', '[::1]:1', 'LOCALHOST', 'connect.internal:80']) {
      assert.equal((await rawRequest(adapter.port, 'GET', '/connectors', { Host: host })).status, 200, host);
    }
    for (const host of ['evil.example', 'localhost.evil.example:8083', '127.0.0.1.nip.io']) {
      const refused = await rawRequest(adapter.port, 'GET', '/connectors', { Host: host });
      assert.equal(refused.status, 403, host);
      assert.match(JSON.parse(refused.body).message as string, /^Host '.*' is not allowed/);
      assert.equal(JSON.parse(refused.body).error_code, 403);
    }
    assert.equal(recorder.events.length, 5, 'refused requests never reach the handler');
  });

  test('a cross-site Origin on a state-changing method, or a body without Content-Type, is refused', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler);
    const json = { 'Content-Type': 'application/json' };
    const crossSite = await rawRequest(
      adapter.port,
      'POST',
      '/connectors',
      { ...json, Origin: 'https://evil.example' },
      '{}',
    );
    assert.deepEqual([crossSite.status, JSON.parse(crossSite.body).error_code], [403, 403]);
    assert.equal((await rawRequest(adapter.port, 'DELETE', '/connectors/x', { Origin: 'null' })).status, 403);
    assert.equal(
      (await rawRequest(adapter.port, 'GET', '/connectors', { Origin: 'https://evil.example' })).status,
      200,
      'reads stay open (CORS decides)',
    );
    assert.equal(
      (await rawRequest(adapter.port, 'POST', '/connectors', { ...json, Origin: 'http://localhost:8083' }, '{}'))
        .status,
      200,
    );
    const untyped = await rawRequest(adapter.port, 'POST', '/connectors', {}, '{"name":"x"}');
    assert.deepEqual([untyped.status, JSON.parse(untyped.body).error_code], [415, 415]);
    assert.match(JSON.parse(untyped.body).message as string, /^HTTP 415 Unsupported Media Type/);
    assert.equal((await rawRequest(adapter.port, 'PUT', '/connectors/x/config', {}, '{}')).status, 415);
    assert.equal(
      (await rawRequest(adapter.port, 'POST', '/connectors/x/restart', {})).status,
      200,
      'a body-less POST as curl -X POST sends it',
    );
    assert.equal((await rawRequest(adapter.port, 'POST', '/connectors', json, '{}')).status, 200);
    assert.equal(recorder.events.length, 4);
  });

  test('query and header names constructor, __proto__, toString reach the handler (issue 10, item 11)', async (t) => {
    const recorder = recordingHandler();
    const adapter = await adapterFor(t, recorder.handler);
    const response = await rawRequest(adapter.port, 'GET', '/connectors?constructor=1&__proto__=2&toString=3', {
      constructor: 'a',
      ['__proto__']: 'b',
      toString: 'c',
    });
    assert.equal(response.status, 200);
    const [event] = recorder.events;
    assert.deepEqual({ ...event?.queryStringParameters }, { constructor: '1', ['__proto__']: '2', toString: '3' });
    assert.equal(event?.headers['__proto__'], 'b');
    assert.equal(event?.headers['toString'], 'c');
  });

  test('close() stops accepting connections', async () => {
    const adapter = await startApiGatewayAdapter({ handler: recordingHandler().handler });
    await (await fetch(`${adapter.url}/`)).arrayBuffer();
    await adapter.close();
    await assert.rejects(fetch(`${adapter.url}/`));
  });
});

/** One request with exactly these headers (fetch would add its own Host and Content-Type). */
function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent: Record<string, string> = {
      ...headers,
      ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }),
    };
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: sent,
        setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host'),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs `bytes` bytes with chunked encoding (no Content-Length) and resolves with the status. */
function postChunked(port: number, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/connectors' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const writeMore = (): void => {
      while (sent < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildProxyEvent, formatRequestTime, parseQuery, type ProxyRequest } from '../../../local/http/proxy-event.js';

const OPTIONS = { stage: 'local', requestId: 'req-1', apiId: 'local', now: new Date('2026-07-10T19:19:04.836Z') };

function request(overrides: Partial<ProxyRequest>): ProxyRequest {
  return {
    method: 'GET',
    url: '/',
    rawHeaders: ['Host', '127.0.0.1:8083'],
    body: null,
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
    localPort: 8083,
    ...overrides,
  };
}

describe('buildProxyEvent', () => {
  test('keeps the path percent-encoded, as REST APIs deliver it, in path and pathParameters.proxy', () => {
    const event = buildProxyEvent(request({ url: '/connectors/a%2Fb%20c/status' }), OPTIONS);
    assert.equal(event.path, '/connectors/a%2Fb%20c/status');
    assert.equal(event.resource, '/{proxy+}');
    assert.deepEqual(event.pathParameters, { proxy: 'connectors/a%2Fb%20c/status' });
    assert.equal(event.requestContext.path, '/local/connectors/a%2Fb%20c/status');
    assert.equal(event.requestContext.resourcePath, '/{proxy+}');
  });

  test('the root path hits the root resource, with no path parameters', () => {
    const event = buildProxyEvent(request({ url: '/?x=1' }), OPTIONS);
    assert.equal(event.path, '/');
    assert.equal(event.resource, '/');
    assert.equal(event.pathParameters, null);
  });

  test('repeated query parameters survive in the multi-value map; the single map has the last', () => {
    const event = buildProxyEvent(request({ url: '/connectors?expand=status&expand=info' }), OPTIONS);
    assert.deepEqual({ ...event.multiValueQueryStringParameters }, { expand: ['status', 'info'] });
    assert.deepEqual({ ...event.queryStringParameters }, { expand: 'info' });
  });

  test('no query string gives null maps, as on AWS', () => {
    const event = buildProxyEvent(request({ url: '/connectors' }), OPTIONS);
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.multiValueQueryStringParameters, null);
  });

  test('headers keep their spelling; repeated headers keep every value', () => {
    const event = buildProxyEvent(
      request({
        rawHeaders: ['Host', 'h', 'x-probe', 'first', 'X-Probe', 'second', 'Content-Type', 'application/json'],
      }),
      OPTIONS,
    );
    assert.deepEqual(event.multiValueHeaders['x-probe'], ['first', 'second']);
    assert.equal(event.headers['x-probe'], 'second');
    assert.equal(event.headers['Content-Type'], 'application/json');
    assert.equal(event.headers['X-Forwarded-For'], '127.0.0.1');
    assert.equal(event.headers['X-Forwarded-Port'], '8083');
  });

  test('the body is utf-8 text, null when empty', () => {
    const withBody = buildProxyEvent(request({ method: 'POST', body: Buffer.from('{"name":"λ"}', 'utf8') }), OPTIONS);
    assert.equal(withBody.body, '{"name":"λ"}');
    assert.equal(withBody.isBase64Encoded, false);
    assert.equal(buildProxyEvent(request({ body: Buffer.alloc(0) }), OPTIONS).body, null);
  });

  test('the request context has the id, stage, source ip and time', () => {
    const event = buildProxyEvent(request({ sourceIp: '127.0.0.9', method: 'PUT' }), OPTIONS);
    assert.equal(event.requestContext.requestId, 'req-1');
    assert.equal(event.requestContext.stage, 'local');
    assert.equal(event.requestContext.httpMethod, 'PUT');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.9');
    assert.equal(event.requestContext.requestTimeEpoch, OPTIONS.now.getTime());
    assert.equal(event.requestContext.requestTime, '10/Jul/2026:19:19:04 +0000');
    assert.equal(event.requestContext.protocol, 'HTTP/1.1');
  });
});

describe('parseQuery', () => {
  test('names like constructor, __proto__ and toString are ordinary keys (issue 10, item 11)', () => {
    const { single, multi } = parseQuery('constructor=1&__proto__=2&toString=3&toString=4&hasOwnProperty=5');
    assert.deepEqual(Object.entries(multi ?? {}), [
      ['constructor', ['1']],
      ['__proto__', ['2']],
      ['toString', ['3', '4']],
      ['hasOwnProperty', ['5']],
    ]);
    assert.equal(single?.['toString'], '4');
    assert.equal(Object.getPrototypeOf(single), null);
  });

  test('header names like __proto__ and constructor become ordinary entries', () => {
    const event = buildProxyEvent(
      request({ rawHeaders: ['Host', 'localhost', '__proto__', 'a', 'constructor', 'b', 'Constructor', 'c'] }),
      OPTIONS,
    );
    assert.equal(event.headers['__proto__'], 'a');
    assert.deepEqual(event.multiValueHeaders['constructor'], ['b', 'c']);
  });

  test('decodes form-style: + is a space, %2B a plus, keys decoded too', () => {
    const { multi } = parseQuery('literal=a+b&encoded=a%2Bb&k%20ey=v&empty=&bare&bad=%zz');
    assert.deepEqual(
      { ...multi },
      { literal: ['a b'], encoded: ['a+b'], 'k ey': ['v'], empty: [''], bare: [''], bad: ['%zz'] },
    );
  });
});

test('formatRequestTime pads day and time', () => {
  assert.equal(formatRequestTime(new Date('2026-01-02T03:04:05Z')), '02/Jan/2026:03:04:05 +0000');
});

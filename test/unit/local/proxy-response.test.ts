import type { APIGatewayProxyResult } from 'aws-lambda';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedProxyResultError, toHttpResponse } from '../../../local/http/proxy-response.js';

describe('toHttpResponse', () => {
  test('merges headers and multiValueHeaders, keeping a pair given in both once', () => {
    const response = toHttpResponse({
      statusCode: 201,
      headers: { Location: '/connectors/a', 'Set-Cookie': 'b=2', 'X-Count': 3 },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: '{}',
    });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.headers['Set-Cookie'], ['a=1', 'b=2']);
    assert.deepEqual(response.headers['Location'], ['/connectors/a']);
    assert.deepEqual(response.headers['X-Count'], ['3']);
  });

  test('labels an untyped response as JSON and keeps a given content type', () => {
    assert.deepEqual(toHttpResponse({ statusCode: 200, body: '[]' }).headers['Content-Type'], ['application/json']);
    const typed = toHttpResponse({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.deepEqual(typed.headers['content-type'], ['text/plain']);
    assert.equal(typed.headers['Content-Type'], undefined);
  });

  test('a Content-Type named with a null value goes out without any Content-Type (decision 0011)', () => {
    const untyped = {
      statusCode: 204,
      headers: { 'Content-Type': null },
      body: '',
    } as unknown as APIGatewayProxyResult;
    assert.deepEqual(toHttpResponse(untyped).headers, {});
    const multi = {
      statusCode: 202,
      multiValueHeaders: { 'content-type': [null] },
      body: '',
    } as unknown as APIGatewayProxyResult;
    assert.deepEqual(toHttpResponse(multi).headers, {});
    assert.deepEqual(toHttpResponse({ statusCode: 202, headers: { 'X-A': 'b' }, body: '' }).headers, {
      'X-A': ['b'],
      'Content-Type': ['application/json'],
    });
  });

  test('decodes a base64 body', () => {
    const response = toHttpResponse({
      statusCode: 200,
      body: Buffer.from([0, 1, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    assert.deepEqual([...response.body], [0, 1, 255]);
  });

  test('an absent body is an empty one; 204 stays 204', () => {
    const response = toHttpResponse({ statusCode: 204 });
    assert.equal(response.statusCode, 204);
    assert.equal(response.body.length, 0);
  });

  test('rejects what API Gateway rejects as a malformed proxy response', () => {
    assert.throws(() => toHttpResponse(undefined), MalformedProxyResultError);
    assert.throws(() => toHttpResponse({ body: 'x' }), MalformedProxyResultError);
    assert.throws(() => toHttpResponse({ statusCode: '200', body: 'x' }), MalformedProxyResultError);
    assert.throws(() => toHttpResponse({ statusCode: 200, body: { not: 'a string' } }), MalformedProxyResultError);
  });
});

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { backoffDelay, MAX_BACKOFF_MS, retriableReason, type RetrySettings } from '../../src/batch-delivery.js';
import { HttpClient, MAX_RESPONSE_BODY_BYTES } from '../../src/http-client.js';
import { parseStatusCodes } from '../../src/status-codes.js';
import { HttpTestServer } from '../helpers/http-test-server.js';

const settings = (exponential: boolean): RetrySettings => ({
  maxRetries: 3,
  retryBackoffMs: 100,
  exponentialBackoff: exponential,
  retryOnStatus: parseStatusCodes('r', ['429', '500-']),
});

const servers: HttpTestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.close())));

describe('retry policy', () => {
  test('constant backoff waits retry.backoff.ms every time', () => {
    assert.deepEqual(
      [0, 1, 5].map((a) => backoffDelay(settings(false), a, () => 0.3)),
      [100, 100, 100],
    );
  });

  test('exponential backoff doubles within [1/2, 1] of the ceiling, capped', () => {
    assert.deepEqual(
      [0, 1, 2].map((a) => backoffDelay(settings(true), a, () => 1)),
      [100, 200, 400],
    );
    assert.deepEqual(
      [0, 1, 2].map((a) => backoffDelay(settings(true), a, () => 0)),
      [50, 100, 200],
    );
    assert.equal(
      backoffDelay(settings(true), 40, () => 1),
      MAX_BACKOFF_MS,
    );
  });

  test('what is retriable: network errors and listed statuses, not 2xx or other 4xx', () => {
    const s = settings(true);
    const response = (status: number) => ({ kind: 'response', status, body: '', retryAfterMs: null }) as const;
    assert.equal(retriableReason(s, { kind: 'network', error: new Error('socket hang up') }), 'Error: socket hang up');
    assert.equal(retriableReason(s, response(503)), 'HTTP 503');
    assert.equal(retriableReason(s, response(429)), 'HTTP 429');
    assert.equal(retriableReason(s, response(204)), null);
    assert.equal(retriableReason(s, response(400)), null);
  });
});

describe('HttpClient', () => {
  test('keeps at most 8 KB of a response body and reads Retry-After seconds', async () => {
    const s = await HttpTestServer.start(() => ({
      status: 503,
      body: 'x'.repeat(20_000),
      headers: { 'retry-after': '2' },
    }));
    servers.push(s);
    const client = new HttpClient({ connectTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
    try {
      const outcome = await client.send({
        url: new URL(s.url),
        method: 'POST',
        headers: new Map(),
        body: Buffer.from('v'),
      });
      assert.equal(outcome.kind, 'response');
      if (outcome.kind !== 'response') return;
      assert.equal(outcome.status, 503);
      assert.equal(outcome.body.length, MAX_RESPONSE_BODY_BYTES);
      assert.equal(outcome.retryAfterMs, 2_000);
    } finally {
      client.close();
    }
  });
});

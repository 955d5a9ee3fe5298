import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KafkaError } from '../../../lib/kafka/errors.js';
import { kafkaErrorFromCode, retryWhile, toKafkaError } from '../../../lib/kafka/kafkajs/errors.js';

function kafkajsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

test('protocol error codes become KafkaErrors with Kafka’s name, code and retriability', () => {
  const error = kafkaErrorFromCode(1, 'fetching t-0');
  assert.ok(error instanceof KafkaError);
  assert.equal(error.type, 'OFFSET_OUT_OF_RANGE');
  assert.equal(error.code, 1);
  assert.equal(error.retriable, false);
  assert.match(error.message, /^fetching t-0: /);
  assert.equal(kafkaErrorFromCode(6, 'x').retriable, true);
});

test('connection failures, also wrapped in kafkajs retry errors, become retriable CONNECTION errors', () => {
  const closed = kafkajsError('KafkaJSConnectionClosedError', 'Closed connection', { retriable: true });
  const wrapped = kafkajsError('KafkaJSNumberOfRetriesExceeded', 'Closed connection', {
    retriable: false,
    cause: closed,
  });
  for (const input of [closed, wrapped]) {
    const error = toKafkaError(input, 'producing');
    assert.ok(error instanceof KafkaError);
    assert.equal(error.type, 'CONNECTION');
    assert.equal(error.retriable, true);
    assert.equal(error.code, null);
  }
});

test('bugs are never dressed up as Kafka errors', () => {
  const bug = new TypeError('x is undefined');
  assert.equal(toKafkaError(bug, 'fetching'), bug);
});

test('retryWhile retries only what it is told to, and gives up at the deadline', async () => {
  let calls = 0;
  assert.equal(
    await retryWhile(
      async () => (++calls < 3 ? Promise.reject(new Error('soon')) : 'done'),
      () => true,
      5_000,
    ),
    'done',
  );
  assert.equal(calls, 3);
  await assert.rejects(
    retryWhile(
      async () => Promise.reject(new Error('fatal')),
      () => false,
      5_000,
    ),
    /fatal/,
  );
  const started = Date.now();
  await assert.rejects(
    retryWhile(
      async () => Promise.reject(new Error('never')),
      () => true,
      200,
    ),
    /never/,
  );
  assert.ok(Date.now() - started < 2_000);
});

/**
 * Telling outages from task faults, and retrying a port's calls through an outage while time remains.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, RetriableError } from '../../../lib/api/errors.js';
import { KafkaError, KafkaErrorType } from '../../../lib/kafka/errors.js';
import { StoreUnavailableError, StaleEpochError } from '../../../lib/stores/errors.js';
import {
  isRetriableFailure,
  retryingPort,
  unavailableTimeoutMs,
  DEFAULT_UNAVAILABLE_TIMEOUT_MS,
} from '../../../lib/worker/outage.js';
import { parseConnectorConfig } from '../../../lib/common/connector-config.js';
import { parseWorkerConfig } from '../../../lib/common/worker-config.js';

function named(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(name), { name }, fields);
}

describe('isRetriableFailure', () => {
  const cases: Array<[string, unknown, boolean]> = [
    [
      'a Kafka connection error',
      new KafkaError('Connection error: connect ECONNREFUSED', { type: KafkaErrorType.CONNECTION, retriable: true }),
      true,
    ],
    [
      'a moved leader',
      new KafkaError('leader moved', { type: 'NOT_LEADER_OR_FOLLOWER', retriable: true, code: 6 }),
      true,
    ],
    [
      'a record too large',
      new KafkaError('too large', { type: KafkaErrorType.MESSAGE_TOO_LARGE, retriable: false, code: 10 }),
      false,
    ],
    [
      'a missing topic (configuration, not weather)',
      new KafkaError('no topic', { type: KafkaErrorType.UNKNOWN_TOPIC_OR_PARTITION, retriable: true, code: 3 }),
      false,
    ],
    ['DynamoDB throttled or unavailable', new StoreUnavailableError('throttled'), true],
    ['a task asking to be retried', new RetriableError('later'), true],
    ['a conversion failure', new DataError('bad record'), false],
    [
      'tolerance exceeded over a retriable cause (a verdict)',
      new ConnectError('Tolerance exceeded in error handler', { cause: new RetriableError('flaky') }),
      false,
    ],
    ['a lost lease', new StaleEpochError('moved on'), false],
    ['a bug', new TypeError('x is undefined'), false],
    ['a refused socket (the SDK passes it through)', named('Error', { code: 'ECONNREFUSED' }), true],
    [
      'a refused socket as a cause',
      new Error('request failed', { cause: named('Error', { code: 'ECONNRESET' }) }),
      true,
    ],
    [
      'happy-eyeballs AggregateError',
      new AggregateError([named('Error', { code: 'ECONNREFUSED' })], 'connect failed'),
      true,
    ],
    ['Lambda throttling', named('TooManyRequestsException', { $metadata: { httpStatusCode: 429 } }), true],
    ['an AWS 503', named('SomethingNew', { $metadata: { httpStatusCode: 503 } }), true],
    ['an AWS 400', named('ValidationException', { $metadata: { httpStatusCode: 400 } }), false],
    ['a failed condition', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } }), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'boom', false],
  ];
  for (const [what, error, expected] of cases) {
    test(`${what}: ${expected ? 'retriable' : 'a fault'}`, () => assert.equal(isRetriableFailure(error), expected));
  }
});

describe('retryingPort', () => {
  const flaky = (failures: number, error: () => Error) => {
    let calls = 0;
    return {
      calls: () => calls,
      port: {
        nested: {
          async read(x: number): Promise<number> {
            calls++;
            if (calls <= failures) throw error();
            return x * 2;
          },
        },
        sync: (x: number) => x + 1,
        label: 'port',
      },
    };
  };

  test('retries a retriable failure, also one level down, and returns the result', async () => {
    const { port, calls } = flaky(2, () => new StoreUnavailableError('down'));
    const retried: number[] = [];
    const wrapped = retryingPort(port, {
      now: Date.now,
      until: () => Date.now() + 10_000,
      onRetry: (_e, attempt) => retried.push(attempt),
    });
    assert.equal(await wrapped.nested.read(21), 42);
    assert.equal(calls(), 3);
    assert.deepEqual(retried, [1, 2]);
    assert.equal(wrapped.sync(1), 2, 'synchronous methods pass through');
    assert.equal(wrapped.label, 'port');
  });

  test('a fault is thrown at once, without a retry', async () => {
    const { port, calls } = flaky(5, () => new TypeError('bug'));
    const wrapped = retryingPort(port, { now: Date.now, until: () => Date.now() + 10_000 });
    await assert.rejects(wrapped.nested.read(1), TypeError);
    assert.equal(calls(), 1);
  });

  test('stops retrying when the next attempt would start past the deadline', async () => {
    const { port, calls } = flaky(1_000, () => new StoreUnavailableError('down'));
    const until = Date.now() + 600;
    const wrapped = retryingPort(port, { now: Date.now, until: () => until });
    await assert.rejects(wrapped.nested.read(1), StoreUnavailableError);
    assert.ok(Date.now() <= until + 50, 'gave up by the deadline');
    assert.ok(calls() >= 2 && calls() <= 4, `a few attempts with backoff, not a busy loop (${calls()})`);
  });
});

describe('unavailableTimeoutMs', () => {
  const budget = (connector: Record<string, string>, worker: Record<string, string>): number =>
    unavailableTimeoutMs(
      parseConnectorConfig('c', connector).unavailableTimeoutMs,
      parseWorkerConfig(worker).unavailableTimeoutMs,
    );

  test('connector setting, else worker property, else the default; -1 is forever', () => {
    assert.equal(budget({}, {}), DEFAULT_UNAVAILABLE_TIMEOUT_MS);
    assert.equal(budget({}, { 'task.unavailable.timeout.ms': '5000' }), 5000);
    assert.equal(budget({ 'task.unavailable.timeout.ms': '0' }, { 'task.unavailable.timeout.ms': '5000' }), 0);
    assert.equal(budget({ 'task.unavailable.timeout.ms': '-1' }, {}), Number.POSITIVE_INFINITY);
  });

  test('a value that is not a number is a ConfigError naming the key, parsed once with the config', () => {
    assert.throws(
      () => parseConnectorConfig('c', { 'task.unavailable.timeout.ms': 'soon' }),
      (e: Error) => e.name === 'ConfigError' && e.message.includes('task.unavailable.timeout.ms'),
    );
    assert.throws(
      () => parseWorkerConfig({ 'task.unavailable.timeout.ms': 'soon' }),
      (e: Error) => e.name === 'ConfigError' && e.message.includes('task.unavailable.timeout.ms'),
    );
  });
});

/** Status traces name the Java exception classes Connect would, then keep our own frames and causes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, ConnectError, DataError, NotFoundError, RetriableError } from '../../../lib/api/errors.js';
import { errorTrace } from '../../../lib/common/error-trace.js';
import { StaleEpochError } from '../../../lib/stores/errors.js';

describe('errorTrace', () => {
  test("the first line is Connect's class and message, our stack frames follow", () => {
    const trace = errorTrace(new ConnectError('Tolerance exceeded in error handler'));
    const [first, second] = trace.split('\n');
    assert.equal(first, 'org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler');
    assert.match(second ?? '', /^\s+at /);
  });

  test('each mirrored class maps to its Java name; subclasses to their nearest mirrored ancestor', () => {
    const first = (error: unknown): string => errorTrace(error).split('\n')[0] ?? '';
    assert.equal(first(new DataError('d')), 'org.apache.kafka.connect.errors.DataException: d');
    assert.equal(first(new RetriableError('r')), 'org.apache.kafka.connect.errors.RetriableException: r');
    assert.equal(first(new NotFoundError('n')), 'org.apache.kafka.connect.errors.NotFoundException: n');
    assert.equal(first(new ConfigError('c')), 'org.apache.kafka.common.config.ConfigException: c');
    assert.equal(first(new StaleEpochError('stale')), 'org.apache.kafka.connect.errors.ConnectException: stale');
  });

  test('causes are chained as Caused by lines; errors that are not ConnectErrors keep their own name', () => {
    const root = new TypeError('boom');
    const trace = errorTrace(
      new ConnectError('Tolerance exceeded in error handler', { cause: new DataError('bad record', { cause: root }) }),
    );
    const heads = trace.split('\n').filter((line) => !/^\s+at /.test(line));
    assert.deepEqual(heads, [
      'org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler',
      'Caused by: org.apache.kafka.connect.errors.DataException: bad record',
      'Caused by: TypeError: boom',
    ]);
  });

  test('a thrown non-Error is shown as text', () => {
    assert.equal(errorTrace('plain'), 'plain');
  });
});

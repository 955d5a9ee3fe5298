import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, RetriableError } from 'lambda-connect/api';
import { describeDatabaseError, isRecordFault, isRetriable, toConnectError } from '../../src/common/errors.js';

const sqlError = (code: string, message = 'boom', detail?: string) =>
  Object.assign(new Error(message), { code, ...(detail === undefined ? {} : { detail }) });

describe('database errors by kind', () => {
  test('outages are retriable: connection, resources, shutdown, serialization, sockets, dropped connections', () => {
    for (const code of [
      '08006',
      '08001',
      '53300',
      '57P01',
      '57P03',
      '40001',
      '40P01',
      '58030',
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
    ]) {
      assert.equal(isRetriable(sqlError(code)), true, code);
    }
    assert.equal(isRetriable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isRetriable(new Error('timeout exceeded when trying to connect')), true);
  });

  test('bad credentials, privileges and syntax are not retriable, nor record faults', () => {
    for (const code of ['28P01', '42501', '42601', '42P01']) {
      assert.equal(isRetriable(sqlError(code)), false, code);
      assert.equal(isRecordFault(sqlError(code)), false, code);
    }
    assert.equal(isRetriable(new TypeError('x is undefined')), false);
  });

  test('data exceptions and constraint violations are the record’s fault', () => {
    for (const code of ['23505', '23514', '23502', '22001', '22P02', '22003'])
      assert.equal(isRecordFault(sqlError(code)), true, code);
  });

  test('messages keep the database’s words, SQLSTATE and detail; outages become RetriableError', () => {
    assert.equal(
      describeDatabaseError(sqlError('23505', 'duplicate key', 'Key (id)=(1) already exists.')),
      'duplicate key (SQLSTATE 23505): Key (id)=(1) already exists.',
    );
    assert.ok(toConnectError(sqlError('57P01'), 'Writing') instanceof RetriableError);
    const fatal = toConnectError(sqlError('28P01', 'password authentication failed'), 'Connecting');
    assert.ok(fatal instanceof ConnectError && !fatal.retriable);
    assert.equal(fatal.message, 'Connecting failed: password authentication failed (SQLSTATE 28P01)');
  });
});

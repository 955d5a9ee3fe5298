/**
 * Connect's per-record error handling (RetryWithToleranceOperator): retries of retriable failures with
 * 300 ms doubling backoff capped by `errors.retry.delay.max.ms`, within `errors.retry.timeout` per stage;
 * tolerance decides between failing the task and skipping the record once retries run out (KAFKA-18073).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, RetriableError } from '../../../lib/api/errors.js';
import { parseConnectorConfig } from '../../../lib/common/connector-config.js';
import { OUT_OF_TIME, RecordErrorHandler, RetryLater, type RetryClock } from '../../../lib/worker/record-errors.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A clock whose sleeps only move time, recording each delay. */
function fakeClock(random = 0.5): RetryClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 1_000,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
    random: () => random,
  };
  return clock;
}

/** An operation that throws `error` the first `times` calls, then returns `value`. */
function failing<T>(
  times: number,
  value: T,
  error: () => Error = () => new RetriableError('schema registry unavailable'),
): { op: () => T; calls: () => number } {
  let calls = 0;
  return {
    op: () => {
      calls++;
      if (calls <= times) throw error();
      return value;
    },
    calls: () => calls,
  };
}

function handler(config: Record<string, string>, clock: RetryClock): RecordErrorHandler {
  return new RecordErrorHandler(parseConnectorConfig('c', config).errors, quiet, 'c', null, clock);
}

/** Runs one stage the way a slice does: synchronously, then through the retry path when asked. */
async function runStage<T>(
  errors: RecordErrorHandler,
  op: () => T,
  sliceDeadline = Number.POSITIVE_INFINITY,
): Promise<T | undefined | typeof OUT_OF_TIME> {
  const pipeline = (): T | undefined => errors.attempt('VALUE_CONVERTER', op, 'Conv');
  const results = await errors.mapRecords([0], pipeline, sliceDeadline);
  return results === OUT_OF_TIME ? OUT_OF_TIME : results[0];
}

describe('record error handling', () => {
  test('without errors.retry.timeout a retriable failure is not retried: tolerance none fails the task', async () => {
    const clock = fakeClock();
    const { op, calls } = failing(1, 'v');
    await assert.rejects(
      runStage(handler({}, clock), op),
      (error: unknown) =>
        error instanceof ConnectError &&
        error.message === 'Tolerance exceeded in error handler' &&
        error.cause instanceof RetriableError,
    );
    assert.equal(calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('tolerance all skips a record whose retries ran out instead of failing', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.tolerance': 'all', 'errors.retry.timeout': '1000' }, clock);
    const { op, calls } = failing(100, 'v');
    assert.equal(await runStage(errors, op), undefined);
    // 300 + 600, then the last wait is cut at the deadline (1000 ms after the first failure).
    assert.deepEqual(clock.sleeps, [300, 600, 100]);
    assert.equal(calls(), 4);
    assert.equal(errors.failures, 1);
  });

  test('a stage that recovers within errors.retry.timeout delivers its value after backing off', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.retry.timeout': '60000' }, clock);
    const { op, calls } = failing(3, 'converted');
    assert.equal(await runStage(errors, op), 'converted');
    assert.deepEqual(clock.sleeps, [300, 600, 1200]);
    assert.equal(calls(), 4);
    assert.equal(errors.retries, 3);
    assert.equal(errors.failures, 0);
  });

  test('errors.retry.delay.max.ms caps the backoff with a jittered delay below it', async () => {
    const clock = fakeClock(0.25);
    const errors = handler({ 'errors.retry.timeout': '60000', 'errors.retry.delay.max.ms': '1000' }, clock);
    const { op } = failing(5, 'v');
    assert.equal(await runStage(errors, op), 'v');
    assert.deepEqual(clock.sleeps, [300, 600, 250, 250, 250]);
  });

  test('errors.retry.timeout=-1 retries until the stage succeeds', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '10' }, clock);
    const { op, calls } = failing(50, 'finally');
    assert.equal(await runStage(errors, op), 'finally');
    assert.equal(calls(), 51);
  });

  test('errors that are not retriable are never retried', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.retry.timeout': '60000', 'errors.tolerance': 'all' }, clock);
    const { op, calls } = failing(1, 'v', () => new DataError('bad bytes'));
    assert.equal(await runStage(errors, op), undefined);
    assert.equal(calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('a retry that would pass the slice deadline stops the batch so the next slice reads it again', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.retry.timeout': '-1' }, clock);
    const { op } = failing(100, 'v');
    assert.equal(await runStage(errors, op, clock.time + 1_000), OUT_OF_TIME);
    assert.deepEqual(clock.sleeps, [300, 600]);
  });

  test('each stage has its own retry window, and earlier stages are run again with the record', async () => {
    const clock = fakeClock();
    const errors = handler({ 'errors.retry.timeout': '1000' }, clock);
    const first = failing(2, 'k');
    const second = failing(2, 'v');
    const pipeline = (): string | undefined => {
      const key = errors.attempt('KEY_CONVERTER', first.op, 'K');
      const value = errors.attempt('VALUE_CONVERTER', second.op, 'V');
      return `${key}/${value}`;
    };
    assert.deepEqual(await errors.mapRecords([1], pipeline, Number.POSITIVE_INFINITY), ['k/v']);
    // Key: 300 + 600 (then passes); value: a fresh window, 300 + 600 again, not cut by the key's.
    assert.deepEqual(clock.sleeps, [300, 600, 300, 600]);
    assert.equal(first.calls(), 5, 'the key stage ran again with each retry of the value stage');
  });

  test('mapRecords keeps results aligned with inputs and runs records in order', async () => {
    const errors = handler({ 'errors.tolerance': 'all' }, fakeClock());
    const seen: number[] = [];
    const results = await errors.mapRecords(
      [1, 2, 3],
      (n) =>
        errors.attempt('TRANSFORMATION', () => {
          seen.push(n);
          if (n === 2) throw new DataError('two');
          return n * 10;
        }),
      Number.POSITIVE_INFINITY,
    );
    assert.deepEqual(results, [10, undefined, 30]);
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test('attempt signals a wanted retry with RetryLater naming the stage and class', () => {
    const errors = handler({ 'errors.retry.timeout': '100' }, fakeClock());
    assert.throws(
      () =>
        errors.attempt(
          'HEADER_CONVERTER',
          () => {
            throw new RetriableError('later');
          },
          'H',
        ),
      (error: unknown) =>
        error instanceof RetryLater && error.stage === 'HEADER_CONVERTER' && error.context.className === 'H',
    );
  });
});

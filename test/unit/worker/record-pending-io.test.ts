/**
 * A stage that needs I/O first (a Schema Registry converter on a cold cache) throws PendingIoError: the
 * record waits for that I/O and runs again, without counting as a failure or a retry; an outage behind
 * the I/O ends the slice as weather; another failure meets the connector's error handling.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectError, DataError, RetriableError } from '../../../lib/api/errors.js';
import { PendingIoError, settlePendingIo } from '../../../lib/api/pending-io.js';
import { parseConnectorConfig } from '../../../lib/common/connector-config.js';
import { OUT_OF_TIME, RecordErrorHandler } from '../../../lib/worker/record-errors.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const noSleep = { now: () => 0, sleep: async () => undefined, random: () => 0.5 };

function handler(config: Record<string, string> = {}): RecordErrorHandler {
  return new RecordErrorHandler(parseConnectorConfig('c', config).errors, quiet, 'c', null, noSleep);
}

/** A converter-like stage with a cache filled by `load`; a miss starts the load and asks to be called again. */
function cachedStage(load: () => Promise<string>): { call: () => string; loads: () => number } {
  let loads = 0;
  let entry: { value?: string; failure?: unknown; pending?: Promise<unknown> } | undefined;
  return {
    loads: () => loads,
    call: () => {
      if (entry?.value !== undefined) return entry.value;
      if (entry?.failure !== undefined) {
        const failure = entry.failure;
        entry = undefined;
        throw failure;
      }
      if (entry?.pending === undefined) {
        loads++;
        const current: typeof entry = {};
        current.pending = load().then(
          (value) => (current.value = value),
          (failure: unknown) => {
            current.failure = failure;
            throw failure;
          },
        );
        entry = current;
      }
      throw new PendingIoError(entry.pending as Promise<unknown>, 'a schema');
    },
  };
}

async function runOne<T>(errors: RecordErrorHandler, stage: () => T): Promise<T | undefined | typeof OUT_OF_TIME> {
  const results = await errors.mapRecords(
    [0, 1, 2],
    () => errors.attempt('VALUE_CONVERTER', stage, 'Conv'),
    Number.POSITIVE_INFINITY,
  );
  return results === OUT_OF_TIME ? OUT_OF_TIME : results[2];
}

describe('stages that need I/O (PendingIoError)', () => {
  test('the record waits for the I/O once and the batch converts; nothing counts as a failure or a retry', async () => {
    const errors = handler();
    const stage = cachedStage(async () => 'schema-1');
    assert.equal(await runOne(errors, stage.call), 'schema-1');
    assert.equal(stage.loads(), 1);
    assert.equal(errors.failures, 0);
    assert.equal(errors.retries, 0);
  });

  test('an outage behind the I/O escapes the batch as the retriable error itself (the slice ends as weather)', async () => {
    const errors = handler({ 'errors.tolerance': 'all' });
    const outage = new RetriableError('Schema Registry unavailable');
    const stage = cachedStage(async () => {
      throw outage;
    });
    await assert.rejects(runOne(errors, stage.call), (error: unknown) => error === outage);
    assert.equal(errors.failures, 0);
  });

  test("another failure is the stage's fault: with errors.tolerance=all the record is skipped", async () => {
    const errors = handler({ 'errors.tolerance': 'all' });
    const stage = cachedStage(async () => {
      throw new DataError('Schema 7 not found');
    });
    const results = await errors.mapRecords(
      [0],
      () => errors.attempt('VALUE_CONVERTER', stage.call, 'Conv'),
      Number.POSITIVE_INFINITY,
    );
    assert.deepEqual(results, [undefined]);
    assert.equal(errors.failures, 1);
  });

  test('with errors.tolerance=none the same failure fails the task with its message as the cause', async () => {
    const stage = cachedStage(async () => {
      throw new DataError('Schema 7 not found');
    });
    await assert.rejects(
      runOne(handler(), stage.call),
      (error: unknown) =>
        error instanceof ConnectError &&
        error.message === 'Tolerance exceeded in error handler' &&
        (error.cause as Error).message === 'Schema 7 not found',
    );
  });

  test('a stage that never stops asking for I/O is a fault, not an endless loop', async () => {
    const stage = (): string => {
      throw new PendingIoError(Promise.resolve(), 'nothing');
    };
    await assert.rejects(runOne(handler(), stage), /asked for I\/O 16 times/);
  });

  test('settlePendingIo runs a call outside the worker until it completes', async () => {
    const stage = cachedStage(async () => 'v');
    assert.equal(await settlePendingIo(stage.call), 'v');
    assert.equal(stage.loads(), 1);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FunctionRegistry } from '../../../local/lambda/function-registry.js';
import { parseFunctionName } from '../../../local/lambda/invoke-endpoint.js';

/** A promise with its resolve function, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('FunctionRegistry', () => {
  test('a sync run returns the JSON result and counts it', async () => {
    const registry = new FunctionRegistry();
    registry.register('echo', async (event, context) => ({ event, name: context.functionName }), { timeoutMs: 5_000 });
    const outcome = await registry.runSync('echo', { a: 1 }, 'req-1');
    assert.equal(outcome.kind, 'success');
    assert.deepEqual(outcome.kind === 'success' ? JSON.parse(outcome.payload.toString()) : undefined, {
      event: { a: 1 },
      name: 'echo',
    });
    assert.equal(registry.stats()['echo']?.succeeded, 1);
    assert.equal(registry.stats()['echo']?.invocations.RequestResponse, 1);
  });

  test('undefined results become null, as Lambda serializes them', async () => {
    const registry = new FunctionRegistry();
    registry.register('void', async () => undefined);
    const outcome = await registry.runSync('void', {}, 'req');
    assert.equal(outcome.kind === 'success' ? outcome.payload.toString() : 'error', 'null');
  });

  test('a thrown error (also a synchronous throw) becomes an unhandled function error', async () => {
    const registry = new FunctionRegistry();
    registry.register('async-throw', async () => {
      throw new RangeError('out of range');
    });
    registry.register('sync-throw', (() => {
      throw new TypeError('not a function');
    }) as never);
    const first = await registry.runSync('async-throw', {}, 'r1');
    const second = await registry.runSync('sync-throw', {}, 'r2');
    assert.deepEqual(first.kind === 'function-error' ? [first.error.errorType, first.error.errorMessage] : [], [
      'RangeError',
      'out of range',
    ]);
    assert.deepEqual(second.kind === 'function-error' ? second.error.errorType : '', 'TypeError');
    assert.equal(registry.stats()['async-throw']?.errors, 1);
  });

  test('a run past its timeout answers Sandbox.Timedout and stays in flight until it settles', async () => {
    const registry = new FunctionRegistry();
    const hold = gate();
    registry.register('slow', () => hold.promise, { timeoutMs: 20 });
    const outcome = await registry.runSync('slow', {}, 'req-slow');
    assert.equal(outcome.kind === 'function-error' ? outcome.error.errorType : '', 'Sandbox.Timedout');
    assert.match(
      outcome.kind === 'function-error' ? outcome.error.errorMessage : '',
      /RequestId: req-slow Error: Task timed out after 0\.02 seconds/,
    );
    assert.equal(registry.stats()['slow']?.timeouts, 1);
    assert.equal(registry.inFlight, 1);
    assert.equal(await registry.drain(10), false);
    hold.open();
    assert.equal(await registry.drain(5_000), true);
    assert.equal(registry.stats()['slow']?.inFlight, 0);
  });

  test('async runs are tracked until drained, also when they fail', async () => {
    const registry = new FunctionRegistry();
    const hold = gate();
    const bothStarted = gate();
    let started = 0;
    let ran = 0;
    registry.register('bg', async () => {
      started += 1;
      if (started === 2) bothStarted.open();
      await hold.promise;
      ran += 1;
      throw new Error('after the fact');
    });
    registry.runAsync('bg', {}, 'a1');
    registry.runAsync('bg', {}, 'a2');
    await bothStarted.promise;
    assert.equal(registry.inFlight, 2);
    const drained = registry.drain(5_000);
    hold.open();
    assert.equal(await drained, true);
    assert.equal(ran, 2);
    const stats = registry.stats()['bg'];
    assert.deepEqual([stats?.invocations.Event, stats?.errors, stats?.maxInFlight], [2, 2, 2]);
  });
});

describe('parseFunctionName', () => {
  test('accepts names, qualified names, full and partial ARNs', () => {
    assert.deepEqual(parseFunctionName('task-runner', null), { name: 'task-runner' });
    assert.deepEqual(parseFunctionName('task-runner:$LATEST', null), { name: 'task-runner', qualifier: '$LATEST' });
    assert.deepEqual(parseFunctionName('arn:aws:lambda:us-east-1:123456789012:function:task-runner', null), {
      name: 'task-runner',
    });
    assert.deepEqual(parseFunctionName('123456789012:function:task-runner:live', null), {
      name: 'task-runner',
      qualifier: 'live',
    });
    assert.deepEqual(parseFunctionName('task-runner', 'v2'), { name: 'task-runner', qualifier: 'v2' });
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBounded } from '../../../lib/common/for-each-bounded.js';

/** A call that stays in flight until the test releases it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

test('at most `limit` calls are in flight, started in item order, each item once', async () => {
  const gates = Array.from({ length: 10 }, gate);
  const started: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const released = new Set<number>();

  const run = forEachBounded(gates, 3, async (g, i) => {
    started.push(i);
    inFlight++;
    peak = Math.max(peak, inFlight);
    await g.promise;
    inFlight--;
  });
  // Release in reverse of what is in flight, so a later item can finish before an earlier one.
  while (started.length < 10 || inFlight > 0) {
    await new Promise((resolve) => setImmediate(resolve));
    const running = started.filter((i) => !released.has(i));
    const last = running[running.length - 1];
    if (last !== undefined) {
      released.add(last);
      gates[last]!.open();
    }
  }
  await run;
  assert.equal(peak, 3);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('the first error rejects the run once the calls in flight settle, and no new call starts', async () => {
  const started: number[] = [];
  let settled = 0;
  const run = forEachBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
    started.push(i);
    if (i === 1) throw new Error('boom at 1');
    await new Promise((resolve) => setImmediate(resolve));
    settled++;
  });
  await assert.rejects(run, /boom at 1/);
  assert.deepEqual(started, [0, 1], 'nothing started after the failure');
  assert.equal(settled, 1, 'the call in flight (0) settled before the rejection');
});

test('no items: resolves without calling; a limit below 1 or fractional is refused', async () => {
  let calls = 0;
  await forEachBounded([], 4, async () => void calls++);
  assert.equal(calls, 0);
  await assert.rejects(
    forEachBounded([1], 0, async () => undefined),
    RangeError,
  );
  await assert.rejects(
    forEachBounded([1], 1.5, async () => undefined),
    RangeError,
  );
});

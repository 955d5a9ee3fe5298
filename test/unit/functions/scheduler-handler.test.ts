/**
 * The scheduler handler tells a scheduled tick (EventBridge's marker) from a REST kick: only the tick
 * runs the sub-minute passes of interval-mode connectors (decision 0023), and only within its tick.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSchedulerHandler } from '../../../functions/scheduler/handler.js';
import { SCHEDULED_TICK_EVENT } from '../../../lib/config/schedule.js';
import type { Runtime } from '../../../lib/runtime/compose.js';
import type { Scheduler } from '../../../lib/scheduler/scheduler.js';

/** A runtime whose scheduler records each reconcile pass: all connectors (no filter) or a filtered one. */
function recordingRuntime(): { runtime: Runtime; passes: string[] } {
  const passes: string[] = [];
  const scheduler = {
    tick: async (select?: unknown) => {
      passes.push(select === undefined ? 'all' : 'selected');
      return { connectors: 0, invoked: 0, failures: 0 };
    },
  } as unknown as Scheduler;
  return { runtime: { scheduler: () => scheduler } as unknown as Runtime, passes };
}

describe('scheduler handler', () => {
  test('a kick reconciles once and returns', async () => {
    const { runtime, passes } = recordingRuntime();
    await createSchedulerHandler(runtime, { tickMs: 60_000 })({}, { getRemainingTimeInMillis: () => 60_000 });
    assert.deepEqual(passes, ['all']);
  });

  test('a scheduled tick reconciles, then looks for interval connectors once they could be due', async () => {
    const { runtime, passes } = recordingRuntime();
    // A 4.5 s tick leaves room for the first sub-tick (at 1 s) before the 3 s margin; no connector uses the mode, so it stops there.
    await createSchedulerHandler(runtime, { tickMs: 4_500 })(SCHEDULED_TICK_EVENT, {
      getRemainingTimeInMillis: () => 60_000,
    });
    assert.deepEqual(passes, ['all', 'selected']);
  });

  test("a scheduled tick too short for a sub-tick (the local stack's 2 s) only reconciles", async () => {
    const { runtime, passes } = recordingRuntime();
    await createSchedulerHandler(runtime, { tickMs: 2_000 })(SCHEDULED_TICK_EVENT, {
      getRemainingTimeInMillis: () => 60_000,
    });
    assert.deepEqual(passes, ['all']);
  });

  test("the invocation's own deadline bounds the sub-ticks", async () => {
    const { runtime, passes } = recordingRuntime();
    await createSchedulerHandler(runtime, { tickMs: 60_000 })(SCHEDULED_TICK_EVENT, {
      getRemainingTimeInMillis: () => 3_500,
    });
    assert.deepEqual(passes, ['all']);
  });
});

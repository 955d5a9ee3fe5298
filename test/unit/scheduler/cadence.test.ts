import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../lib/api/errors.js';
import { parseConnectorConfig } from '../../../lib/common/connector-config.js';
import { sinkConnectorConfigDef } from '../../../lib/common/connector-config-def.js';
import { DEFAULT_INTERVAL_MS, LatencyMode, rearmsContinuously } from '../../../lib/common/latency-mode.js';
import { TargetState } from '../../../lib/common/states.js';
import { comesRound, intervalOf, nextRound, runSubTicks } from '../../../lib/scheduler/cadence.js';
import type { ConnectorRecord } from '../../../lib/stores/model.js';

const record = (name: string, config: Record<string, string>): ConnectorRecord => ({
  name,
  config: { 'connector.class': 'X', ...config },
  targetState: TargetState.STARTED,
  version: 1,
  stateVersion: 1,
  restart: null,
  createdAt: 0,
  updatedAt: 0,
});

describe('latency keys', () => {
  test('default to scheduled with no interval', () => {
    assert.deepEqual(parseConnectorConfig('c', { topics: 't' }).latency, {
      mode: LatencyMode.SCHEDULED,
      intervalMs: null,
    });
  });

  test('parse a mode and an interval', () => {
    assert.deepEqual(
      parseConnectorConfig('c', { topics: 't', 'latency.mode': 'interval', 'latency.interval.ms': '2000' }).latency,
      { mode: LatencyMode.INTERVAL, intervalMs: 2000 },
    );
  });

  test('refuse an unknown mode and an interval under a second, naming the key', () => {
    assert.throws(
      () => parseConnectorConfig('c', { topics: 't', 'latency.mode': 'fast' }),
      (e: unknown) =>
        e instanceof ConfigError && e.message.includes('latency.mode') && e.message.includes('continuous'),
    );
    assert.throws(
      () => parseConnectorConfig('c', { topics: 't', 'latency.interval.ms': '999' }),
      (e: unknown) => e instanceof ConfigError && e.message.includes('latency.interval.ms'),
    );
  });

  test('are declared for /config/validate, in the group of our own keys', () => {
    const key = sinkConnectorConfigDef().key('latency.mode');
    assert.equal(key?.group, 'Slices');
    assert.equal(key?.defaultValue, 'scheduled');
  });
});

describe('intervalOf', () => {
  test('null unless the mode is interval', () => {
    assert.equal(intervalOf(record('a', { topics: 't' })), null);
    assert.equal(intervalOf(record('a', { topics: 't', 'latency.mode': 'continuous' })), null);
  });

  test("latency.interval.ms first, then a source's poll.interval.ms, then the default", () => {
    assert.equal(
      intervalOf(
        record('a', { 'latency.mode': 'interval', 'latency.interval.ms': '3000', 'poll.interval.ms': '9000' }),
      ),
      3000,
    );
    assert.equal(intervalOf(record('a', { 'latency.mode': 'interval', 'poll.interval.ms': '9000' })), 9000);
    assert.equal(intervalOf(record('a', { 'latency.mode': 'interval' })), DEFAULT_INTERVAL_MS);
  });

  test('a sink ignores poll.interval.ms, and a poll faster than a second is held to a second', () => {
    assert.equal(
      intervalOf(record('a', { topics: 't', 'latency.mode': 'interval', 'poll.interval.ms': '9000' })),
      DEFAULT_INTERVAL_MS,
    );
    assert.equal(intervalOf(record('a', { 'latency.mode': 'interval', 'poll.interval.ms': '10' })), 1000);
  });

  test('null for a paused or stopped connector, which starts no slices', () => {
    for (const targetState of [TargetState.PAUSED, TargetState.STOPPED]) {
      assert.equal(intervalOf({ ...record('a', { 'latency.mode': 'interval' }), targetState }), null);
    }
  });

  test('a config the herder would refuse is left to the scheduled tick', () => {
    assert.equal(intervalOf(record('a', { 'latency.mode': 'sometimes' })), null);
  });
});

describe('comesRound and nextRound', () => {
  test('an interval comes round once per multiple crossed', () => {
    assert.equal(comesRound(5000, 0, 4999), false);
    assert.equal(comesRound(5000, 0, 5000), true);
    assert.equal(comesRound(5000, 5000, 9999), false);
    assert.equal(comesRound(5000, 4000, 12_000), true);
  });

  test('the next round is the earliest multiple after now of any interval', () => {
    assert.equal(nextRound([5000, 3000], 1000), 3000);
    assert.equal(nextRound([5000, 3000], 3000), 5000);
    assert.equal(nextRound([], 1000), null);
  });
});

/** A clock that `sleep` moves, so the loop runs without waiting. */
function fakeClock(start: number): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = start;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

describe('runSubTicks', () => {
  const connectors = [
    record('fast', { 'latency.mode': 'interval', 'latency.interval.ms': '2000' }),
    record('slow', { 'latency.mode': 'interval', 'latency.interval.ms': '5000' }),
    record('minute', {}),
  ];

  test('reconciles each interval connector as its interval comes round, and never the others, until the deadline', async () => {
    const clock = fakeClock(100_000);
    const passes: Array<{ at: number; selected: string[] }> = [];
    const count = await runSubTicks({
      pass: async (select) =>
        void passes.push({ at: clock.now() - 100_000, selected: connectors.filter(select).map((c) => c.name) }),
      startedAt: 100_000,
      until: 100_000 + 11_000,
      ...clock,
    });
    assert.equal(count, passes.length);
    assert.deepEqual(passes, [
      { at: 1000, selected: [] },
      { at: 2000, selected: ['fast'] },
      { at: 4000, selected: ['fast'] },
      { at: 5000, selected: ['slow'] },
      { at: 6000, selected: ['fast'] },
      { at: 8000, selected: ['fast'] },
      { at: 10_000, selected: ['fast', 'slow'] },
    ]);
  });

  test('stops after one look when no connector uses the mode', async () => {
    const clock = fakeClock(0);
    let passes = 0;
    await runSubTicks({
      pass: async (select) => void (passes += [record('a', {})].filter(select).length + 1),
      startedAt: 0,
      until: 57_000,
      ...clock,
    });
    assert.equal(passes, 1);
    assert.equal(clock.now(), 1000);
  });

  test("runs nothing when the tick is shorter than the first sub-tick (the local stack's 2 s ticks)", async () => {
    const clock = fakeClock(0);
    const count = await runSubTicks({
      pass: async () => assert.fail('no pass expected'),
      startedAt: 0,
      until: 2_000 - 3_000,
      ...clock,
    });
    assert.equal(count, 0);
  });

  test('an aborted signal ends the loop', async () => {
    const clock = fakeClock(0);
    const controller = new AbortController();
    const count = await runSubTicks({
      pass: async () => controller.abort(),
      startedAt: 0,
      until: 57_000,
      ...clock,
      signal: controller.signal,
    });
    assert.equal(count, 1);
  });
});

describe('rearmsContinuously', () => {
  const continuous = { mode: LatencyMode.CONTINUOUS, intervalMs: null };
  test('only in continuous mode, and only after a slice that lingered', () => {
    assert.equal(rearmsContinuously(continuous, 60_000, 2_000), true);
    assert.equal(rearmsContinuously(continuous, 500, 2_000), false);
    assert.equal(rearmsContinuously({ mode: LatencyMode.SCHEDULED, intervalMs: null }, 60_000, 2_000), false);
    assert.equal(rearmsContinuously({ mode: LatencyMode.INTERVAL, intervalMs: 5000 }, 60_000, 2_000), false);
  });
});

/**
 * A slice ends before its function's timeout whatever `slice.max.ms` asks for: the budget is the
 * invocation's remaining time (context.getRemainingTimeInMillis()) less a margin, and a slice with more
 * data than it can move in that time stops at the deadline, commits and hands over. Measured here on a
 * 6-second function with `slice.max.ms` at ten minutes, for a source and a sink with plenty of data:
 * no invocation times out, and the test reports how close to the timeout the slices ended.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SliceReport } from '../../lib/worker/task-runner.js';
import { FUNCTION_NAMES } from '../../local/stack.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const TIMEOUT_MS = 6_000;
/** More than a source slice moves in the 3 s before its deadline on an idle 2-core machine (~290k lines/s). */
const LINES = 1_000_000;
/** The task runner's margin before the function's timeout (lib/worker/task-runner.ts). */
const MARGIN_MS = 3_000;

describe('slices end before the function times out', () => {
  const slices: SliceReport[] = [];
  const ref = useTestStack({ tickMs: 3_600_000, taskTimeoutMs: TIMEOUT_MS, onSlice: (r) => slices.push(r) });

  test('slice.max.ms beyond the function timeout: clamped to the remaining time, every slice completes in time', async (t) => {
    const { rest, dataDir, stack } = ref.current;
    const file = join(dataDir, 'big.txt');
    await writeFile(file, Array.from({ length: LINES }, (_, i) => `line-${i}-${'x'.repeat(40)}`).join('\n') + '\n');
    const topic = uniqueName('deadline');
    const source = uniqueName('src');
    const sink = uniqueName('sink');
    const long = { 'slice.max.ms': '600000' };
    assert.equal(
      (
        await rest.post('/connectors', {
          name: source,
          config: { 'connector.class': 'FileStreamSource', file, topic, ...long },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await rest.post('/connectors', {
          name: sink,
          config: { 'connector.class': 'FileStreamSink', file: join(dataDir, 'copy.txt'), topics: topic, ...long },
        })
      ).status,
      201,
    );
    const moved = (name: string) =>
      slices.filter((r) => r.connector === name).reduce((n, r) => n + (r.records ?? 0), 0);
    await waitFor(
      async () => {
        if (!slices.some((r) => r.outcome === 'failed')) await stack.tick();
        return slices.some((r) => r.outcome === 'failed') || (moved(source) >= LINES && moved(sink) >= LINES);
      },
      { timeoutMs: 180_000, intervalMs: 500, message: `${LINES} lines through the source and the sink` },
    );

    const ran = slices.filter((r) => r.outcome === 'completed' || r.outcome === 'failed');
    assert.deepEqual(
      ran.filter((r) => r.outcome === 'failed'),
      [],
    );
    const stats = stack.functionStats()[FUNCTION_NAMES.taskRunner];
    assert.equal(stats?.timeouts, 0, 'no task-runner invocation timed out');
    const cut = ran.filter((r) => r.continued);
    assert.ok(cut.length >= 1, `slices were cut at the deadline and continued (${cut.length})`);
    const longest = Math.max(...ran.map((r) => r.durationMs));
    assert.ok(longest < TIMEOUT_MS, `longest slice ${longest} ms`);
    for (const [label, name] of [
      ['source', source],
      ['sink', sink],
    ] as const) {
      const mine = ran
        .filter((r) => r.connector === name)
        .map((r) => r.durationMs)
        .sort((a, b) => a - b);
      const worst = mine.at(-1) ?? 0;
      t.diagnostic(
        `${label}: ${mine.length} slices, duration median/max ${mine[Math.floor(mine.length / 2)]}/${worst} ms of a ${TIMEOUT_MS} ms function (deadline at ${TIMEOUT_MS - MARGIN_MS} ms): at most ${Math.max(0, worst - (TIMEOUT_MS - MARGIN_MS))} ms past the deadline, at least ${TIMEOUT_MS - worst} ms before the timeout`,
      );
    }
  });
});

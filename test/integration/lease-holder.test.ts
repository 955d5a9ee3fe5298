/**
 * Two concurrent invocations of one task: exactly one takes the lease and runs; the other exits at once
 * without touching offsets or status.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { TaskInvocation } from '../../lib/common/task-invocation.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import { TargetState } from '../../lib/stores/model.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

describe('leases', () => {
  // No timer ticks: the test decides when slices run.
  const ref = useTestStack({ tickMs: 3_600_000 });

  test('of two concurrent invocations of one task only the lease holder runs and commits', async () => {
    const { rest, dataDir, stack } = ref.current;
    const file = join(dataDir, 'lease.txt');
    await writeFile(file, 'a\nb\nc\n');
    const name = uniqueName('lease');
    // Created PAUSED so the REST kick starts nothing; then started in the store (no kick) and reconciled
    // by a scheduler whose invoker only records, so the task configs exist but no slice has run.
    await rest.post('/connectors', {
      name,
      config: { 'connector.class': 'FileStreamSource', file, topic: uniqueName('lease-topic') },
      initial_state: 'PAUSED',
    });
    const { stores, plugins, kafka } = stack.runtime;
    await stores.configs.setTargetState(name, TargetState.STARTED);
    const invoked: TaskInvocation[] = [];
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    await new Scheduler({
      stores,
      plugins: plugins.catalog,
      kafka,
      invoker: { invoke: async (i) => void invoked.push(i) },
      workerId: 'test',
      log: quiet,
    }).tick();
    await waitFor(async () => (await stores.configs.getTaskConfigs(name))?.tasks.length === 1, {
      message: 'task configs written',
    });
    assert.deepEqual(
      invoked.map((i) => i.connector).filter((c) => c === name),
      [name],
      'the scheduler asked for one slice',
    );
    const generation = (await stores.configs.getTaskConfigs(name))?.generation ?? -1;

    const runner = stack.runtime.taskRunner();
    const invocation = { connector: name, task: 0, generation };
    const reports = await Promise.all([runner.run(invocation, 30_000), runner.run(invocation, 30_000)]);
    const outcomes = reports.map((r) => r.outcome).sort();
    assert.deepEqual(outcomes, ['busy', 'completed']);
    const winner = reports.find((r) => r.outcome === 'completed');
    assert.equal(winner?.records, 3);
    const offsets = await stores.offsets.getSourceOffsets(name);
    assert.deepEqual(
      offsets.map((o) => o.offset),
      [{ position: 6 }],
      'one commit, by the holder',
    );
    const leases = await stores.leases.list(name);
    assert.equal(leases.length, 1);
    assert.equal(leases[0]?.epoch, 1, 'the lease was taken exactly once');

    const stale = await runner.run({ ...invocation, generation: generation - 1 }, 30_000);
    assert.equal(stale.outcome, 'stale', 'an invocation for an older generation exits');
  });
});

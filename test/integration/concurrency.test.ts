/**
 * Ticks and kicks side by side, as on AWS (the scheduler has no reserved concurrency): 12 ticks and 10
 * REST calls (8 changes that kick the scheduler) at once while connectors are created, reconfigured and deleted. No task
 * may hold two slices at once, and once things settle every connector's task configs and statuses agree.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Lease } from '../../lib/stores/model.js';
import type { LeaseStore } from '../../lib/stores/ports.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

interface Status {
  connector: { state: string };
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

/**
 * Counts the slices holding each task's lease, from a successful acquire to its release, and records
 * the highest count. The leases are the only thing that lets a slice run, so this sees every slice.
 */
function watchLeases(leases: LeaseStore): { maxHeld: () => Map<string, number>; held: Map<string, number> } {
  const held = new Map<string, number>();
  const max = new Map<string, number>();
  const acquire = leases.acquire.bind(leases);
  const release = leases.release.bind(leases);
  const key = (l: Pick<Lease, 'connector' | 'task'>) => `${l.connector}/${l.task}`;
  leases.acquire = async (...args) => {
    const lease = await acquire(...args);
    if (lease !== null) {
      const k = key(lease);
      held.set(k, (held.get(k) ?? 0) + 1);
      max.set(k, Math.max(max.get(k) ?? 0, held.get(k) ?? 0));
    }
    return lease;
  };
  leases.release = async (lease) => {
    // Counted down before the write: the next acquire can only succeed after it.
    const k = key(lease);
    held.set(k, (held.get(k) ?? 1) - 1);
    return release(lease);
  };
  return { maxHeld: () => max, held };
}

describe('concurrent ticks and kicks', () => {
  // No timer ticks: the test fires them, all at once.
  const ref = useTestStack({ tickMs: 3_600_000 });

  test('20 concurrent ticks and kicks while connectors are created, reconfigured and deleted', async () => {
    const { rest, dataDir, stack } = ref.current;
    const watch = watchLeases(stack.runtime.stores.leases);
    const files = await Promise.all(
      ['a', 'b', 'c'].map(async (n) => {
        const file = join(dataDir, `${n}.txt`);
        await writeFile(file, Array.from({ length: 50 }, (_, i) => `${n}${i}`).join('\n') + '\n');
        return file;
      }),
    );
    const topic = uniqueName('conc');
    const source = (file: string) => ({ 'connector.class': 'FileStreamSource', file, topic });
    const sink = (tasks: number) => ({
      'connector.class': 'FileStreamSink',
      file: join(dataDir, 'out.txt'),
      topics: topic,
      'tasks.max': String(tasks),
    });
    const names = {
      kept: uniqueName('kept'),
      reconfigured: uniqueName('reconf'),
      deleted: uniqueName('gone'),
      sink: uniqueName('sink'),
      late: uniqueName('late'),
    };
    for (const name of [names.kept, names.reconfigured, names.deleted]) {
      assert.equal((await rest.post('/connectors', { name, config: source(files[0] as string) })).status, 201);
    }
    assert.equal((await rest.post('/connectors', { name: names.sink, config: sink(1) })).status, 201);
    // A restart with includeTasks answers 404 until the scheduler wrote the connector's first status, as Connect's
    // does before its first rebalance: start the storm once every connector has one.
    await waitFor(
      async () => {
        const statuses = await Promise.all(
          [names.kept, names.reconfigured, names.deleted, names.sink].map((n) => rest.get(`/connectors/${n}/status`)),
        );
        return statuses.every((r) => r.status === 200);
      },
      { timeoutMs: 60_000, message: 'every connector has a status' },
    );

    // 12 ticks and 8 changes that kick the scheduler (with the GET and the task restart, 10 REST calls; pause and resume in sequence).
    const ticks = Array.from({ length: 12 }, () => stack.tick());
    const changes = [
      rest.put(`/connectors/${names.reconfigured}/config`, source(files[1] as string)),
      rest.put(`/connectors/${names.sink}/config`, sink(3)),
      rest.delete(`/connectors/${names.deleted}`),
      rest.post('/connectors', { name: names.late, config: source(files[2] as string) }),
      // Pause, then resume (sent side by side, their order would be a coin toss and so the final state).
      rest.put(`/connectors/${names.kept}/pause`).then(() => rest.put(`/connectors/${names.kept}/resume`)),
      rest.post(`/connectors/${names.reconfigured}/restart?includeTasks=true`),
      rest.put(`/connectors/${names.sink}/config`, sink(2)),
      rest.get('/connectors?expand=status'),
      rest.post(`/connectors/${names.kept}/tasks/0/restart`),
    ];
    const results = await Promise.all([...ticks, ...changes]);
    const answers = results.slice(ticks.length) as Array<{ status: number }>;
    assert.deepEqual(
      answers.map((r) => r.status < 300),
      answers.map(() => true),
      `answers: ${answers.map((r) => r.status).join(', ')}`,
    );

    const expected = new Map([
      [names.kept, 1],
      [names.reconfigured, 1],
      [names.sink, 2],
      [names.late, 1],
    ]);
    let seen = '';
    await waitFor(
      async () => {
        await stack.tick();
        for (const [name, count] of expected) {
          const status = (await rest.get<Status>(`/connectors/${name}/status`)).body;
          const tasks = (await rest.get<Array<{ id: { task: number } }>>(`/connectors/${name}/tasks`)).body;
          seen = `${name}: connector ${status.connector.state}, task statuses ${JSON.stringify(status.tasks.map((t) => [t.id, t.state]))}, task configs ${tasks.length} (want ${count})`;
          if (status.connector.state !== 'RUNNING' || tasks.length !== count) return false;
          if (status.tasks.length !== count || status.tasks.some((t) => t.state !== 'RUNNING')) return false;
          if (
            JSON.stringify(status.tasks.map((t) => t.id).sort()) !== JSON.stringify(tasks.map((t) => t.id.task).sort())
          )
            return false;
        }
        return (await rest.get(`/connectors/${names.deleted}`)).status === 404;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        message: 'every connector RUNNING with as many task statuses as task configs, the deleted one gone',
      },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen: ${seen}`);
    });

    const reconfigured = (
      await rest.get<Array<{ config: Record<string, string> }>>(`/connectors/${names.reconfigured}/tasks`)
    ).body;
    assert.equal(reconfigured[0]?.config['file'], files[1], 'the reconfigured connector runs its new config');
    // Ticks that raced the delete must not bring it back, nor leave a status behind.
    await stack.tick();
    assert.equal((await rest.get(`/connectors/${names.deleted}/status`)).status, 404);
    // DELETE revokes leases (expired, epoch kept) so a slice still running is fenced: none may be live.
    const now = Date.now();
    assert.deepEqual(
      (await stack.runtime.stores.leases.list(names.deleted)).filter((l) => l.expiresAt > now),
      [],
    );
    const doubled = [...watch.maxHeld()].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], 'no task held two slices at once');
    assert.ok(watch.maxHeld().size >= 5, `slices ran for the tasks (${[...watch.maxHeld().keys()].join(', ')})`);
  });
});

/**
 * 50 connectors on the local stack (decision 0024): the scheduler's batched, parallel ticks bring every
 * one to RUNNING with its task RUNNING and its records moving; `GET /connectors?expand=status` (batched
 * status reads) answers exactly what each `GET /connectors/{name}/status` does; after deletes, creates
 * and a stop, the listing, the expanded listing and the statuses stay consistent.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

interface StatusView {
  name: string;
  connector: { state: string };
  tasks: Array<{ id: number; state: string }>;
  type: string;
}

const COUNT = 50;

describe('50 connectors', () => {
  const t = useTestStack();
  const prefix = uniqueName('many');
  const names = Array.from(
    { length: COUNT },
    (_, i) => `${prefix}-${i % 2 === 0 ? 'source' : 'sink'}-${String(i).padStart(2, '0')}`,
  );
  const topic = `${prefix}-topic`;

  /** Even ones FileStream sources of a two-line file each into one topic, odd ones sinks of that topic. */
  async function create(name: string, i: number): Promise<void> {
    const { rest, dataDir } = t.current;
    const config: Record<string, string> =
      i % 2 === 0
        ? { 'connector.class': 'FileStreamSource', file: join(dataDir, `${name}.in`), topic }
        : { 'connector.class': 'FileStreamSink', file: join(dataDir, `${name}.out`), topics: topic };
    if (i % 2 === 0) await writeFile(config['file']!, `${name} line 1\n${name} line 2\n`);
    const res = await rest.post('/connectors', { name, config });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  async function expanded(): Promise<Record<string, { status: StatusView }>> {
    const res = await t.current.rest.get<Record<string, { status: StatusView }>>('/connectors?expand=status');
    assert.equal(res.status, 200);
    return res.body;
  }

  const running = (view: StatusView | undefined): boolean =>
    view?.connector.state === 'RUNNING' && view.tasks.length === 1 && view.tasks[0]?.state === 'RUNNING';

  test('all reach RUNNING; the batched listing equals the single status reads; records move through', async () => {
    for (const [i, name] of names.entries()) await create(name, i);
    await waitFor(
      async () => {
        const all = await expanded();
        return names.every((name) => running(all[name]?.status));
      },
      { timeoutMs: 180_000, intervalMs: 500, message: 'every connector and task RUNNING' },
    );
    const all = await expanded();
    for (const name of names) {
      const single = await t.current.rest.get<StatusView>(`/connectors/${name}/status`);
      assert.equal(single.status, 200);
      assert.deepEqual(all[name]?.status, single.body, name);
    }
    // Every sink sees all sources' lines: 25 sources × 2 lines.
    const sink = join(t.current.dataDir, `${names[1]}.out`);
    await waitFor(
      async () => (await readFile(sink, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').length === COUNT,
      { timeoutMs: 120_000, intervalMs: 500, message: `${COUNT} lines in ${sink}` },
    );
  });

  test('after deletes, creates and a stop, the listing and the expanded listing stay consistent', async () => {
    const { rest } = t.current;
    const deleted = names.filter((_, i) => i % 5 === 0);
    for (const name of deleted) assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
    const added = [`${prefix}-late-source`, `${prefix}-late-sink`];
    await create(added[0]!, 0);
    await create(added[1]!, 1);
    const stopped = names[3]!;
    assert.equal((await rest.put(`/connectors/${stopped}/stop`)).status, 204);
    const expected = [...names.filter((n) => !deleted.includes(n)), ...added].sort();
    await waitFor(
      async () => {
        const all = await expanded();
        const stoppedView = all[stopped]?.status;
        return (
          expected.every((name) => name === stopped || running(all[name]?.status)) &&
          stoppedView?.connector.state === 'STOPPED' &&
          stoppedView.tasks.length === 0
        );
      },
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        message: 'the survivors and the new ones RUNNING, the stopped one STOPPED with no tasks',
      },
    );
    const listed = (await rest.get<string[]>('/connectors')).body.filter((n) => n.startsWith(prefix)).sort();
    assert.deepEqual(listed, expected);
    const all = await expanded();
    assert.deepEqual(
      Object.keys(all)
        .filter((n) => n.startsWith(prefix))
        .sort(),
      expected,
      'the expanded listing names the same connectors',
    );
    for (const name of deleted) assert.equal((await rest.get(`/connectors/${name}/status`)).status, 404, name);
  });
});

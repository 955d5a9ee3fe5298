/**
 * Probe (e): concurrency storms: parallel create / update / delete / pause / resume / restart of the
 * same few names. Afterwards every name must be consistent (listed ⇔ its config answers 200, a listed
 * connector reports a status) and no answer may be a 5xx.
 */
import { join } from 'node:path';
import { call, enc } from './http.js';
import { until, type ChaosContext, type ProbeResult } from './probe-types.js';

const NAMES = ['storm-a', 'storm-b', 'storm-c'];

export async function stormProbe(ctx: ChaosContext): Promise<ProbeResult> {
  const port = ctx.port();
  const config = (i: number) => ({
    'connector.class': 'FileStreamSink',
    topics: 'chaos-storm',
    file: join(ctx.filesDir, `storm-${i % 3}.txt`),
    'tasks.max': String(1 + (i % 3)),
  });
  const ops: Array<(name: string, i: number) => Promise<{ status: number }>> = [
    (n, i) => call(port, 'POST', '/connectors', { name: n, config: config(i) }),
    (n, i) => call(port, 'PUT', `/connectors/${enc(n)}/config`, config(i)),
    (n) => call(port, 'DELETE', `/connectors/${enc(n)}`),
    (n) => call(port, 'PUT', `/connectors/${enc(n)}/pause`),
    (n) => call(port, 'PUT', `/connectors/${enc(n)}/resume`),
    (n) => call(port, 'POST', `/connectors/${enc(n)}/restart?includeTasks=true`),
    (n) => call(port, 'PUT', `/connectors/${enc(n)}/stop`),
  ];
  const tally = new Map<number, number>();
  const durationMs = ctx.quick ? 8_000 : 30_000;
  const end = Date.now() + durationMs;
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      const i = rand(1000);
      const res = await (ops[rand(ops.length)] as (name: string, i: number) => Promise<{ status: number }>)(
        NAMES[rand(NAMES.length)] as string,
        i,
      ).catch(() => ({ status: 0 }));
      tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 12 }, worker));
  // Consistency once things settle: listed ⇔ config 200, and a listed connector has a status.
  const inconsistent: string[] = [];
  for (const name of NAMES) {
    const ok = await until(async () => {
      const listed = ((await call<string[]>(port, 'GET', '/connectors')).body ?? []).includes(name);
      const cfg = await call(port, 'GET', `/connectors/${enc(name)}/config`);
      const status = await call(port, 'GET', `/connectors/${enc(name)}/status`);
      return listed ? cfg.status === 200 && status.status === 200 : cfg.status === 404 && status.status === 404;
    }, 30_000);
    if (!ok) inconsistent.push(name);
  }
  const deleted: string[] = [];
  for (const name of NAMES) {
    await call(port, 'DELETE', `/connectors/${enc(name)}`);
    if ((await call(port, 'GET', `/connectors/${enc(name)}/status`)).status === 404) deleted.push(name);
  }
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  const fives = [...tally.entries()].filter(([s]) => s >= 500 || s === 0).reduce((a, [, n]) => a + n, 0);
  const line = [...tally.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s === 0 ? 'no answer' : s}×${n}`)
    .join(', ');
  return {
    probe: '(e) concurrency storms',
    criterion: 'no 5xx; every name consistent afterwards; deletes complete',
    pass: fives === 0 && inconsistent.length === 0 && deleted.length === NAMES.length,
    summary: `${total} ops on ${NAMES.length} names in ${durationMs / 1000} s; 5xx/no answer: ${fives}; inconsistent: ${inconsistent.length}`,
    details: [
      `Answers: ${line}.`,
      `Inconsistent names: ${inconsistent.join(', ') || 'none'}; status 404 right after DELETE: ${deleted.length}/${NAMES.length}.`,
    ],
  };
}

/**
 * Probe (f): a soak: a pipeline plus a light REST load for a few minutes, sampling every process's
 * resident memory and open file descriptors. Growth is judged between the first and the last quarter of
 * the samples.
 */
import { call } from './http.js';
import { startPipeline } from './pipeline.js';
import { sampleProcess, type ProcessSample } from './processes.js';
import { pause, type ChaosContext, type ProbeResult } from './probe-types.js';

export async function soakProbe(ctx: ChaosContext): Promise<ProbeResult> {
  const durationMs = ctx.quick ? 40_000 : 150_000;
  const pipeline = await startPipeline(() => ctx.port(), ctx.filesDir, 'soak', 200);
  const samples = new Map<string, ProcessSample[]>();
  const end = Date.now() + durationMs;
  let requests = 0;
  const load = (async () => {
    while (Date.now() < end) {
      await call(ctx.port(), 'GET', '/connectors?expand=status&expand=info').catch(() => undefined);
      requests++;
      await pause(100);
    }
  })();
  while (Date.now() < end) {
    for (const { name, pid } of ctx.pids()) {
      const sample = await sampleProcess(pid);
      if (sample !== null) samples.set(name, [...(samples.get(name) ?? []), sample]);
    }
    await pause(5000);
  }
  await load;
  await pipeline.stopWriter();
  await pipeline.remove();
  const rows: string[] = [];
  let grew = false;
  for (const [name, list] of samples) {
    const quarter = Math.max(1, Math.floor(list.length / 4));
    const mean = (xs: ProcessSample[], f: (s: ProcessSample) => number) => xs.reduce((a, s) => a + f(s), 0) / xs.length;
    const rssFirst = mean(list.slice(0, quarter), (s) => s.rssMb);
    const rssLast = mean(list.slice(-quarter), (s) => s.rssMb);
    const fdFirst = mean(list.slice(0, quarter), (s) => s.fds);
    const fdLast = mean(list.slice(-quarter), (s) => s.fds);
    const bad = rssLast > rssFirst * 1.3 + 20 || fdLast > fdFirst * 1.2 + 10;
    grew ||= bad;
    rows.push(
      `| ${name} | ${list.length} | ${rssFirst.toFixed(0)} → ${rssLast.toFixed(0)} (max ${Math.max(...list.map((s) => s.rssMb)).toFixed(0)}) | ${fdFirst.toFixed(0)} → ${fdLast.toFixed(0)} | ${bad ? 'grew' : 'flat'} |`,
    );
  }
  return {
    probe: '(f) soak',
    criterion: 'memory and handles of each process flat (last quarter ≤ first quarter × 1.3 + 20 MB; fds × 1.2 + 10)',
    pass: !grew,
    summary: `${durationMs / 1000} s, ${pipeline.written()} lines, ${requests} REST calls; ${grew ? 'growth' : 'flat'}`,
    details: [
      '| process | samples | RSS MB first → last quarter | fds first → last quarter | verdict |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ],
  };
}

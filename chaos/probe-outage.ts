/**
 * Probes (b), (c), (d): a dependency (the broker, the DynamoDB server) or the whole stack killed
 * mid-pipeline with default configs. Every task must be RUNNING again without a hand (no restart call
 * is ever made) and every line written must reach the sink. REST answers during the outage are
 * counted: 503 is the only 5xx allowed while a dependency is down.
 */
import { call } from './http.js';
import { allRunning, startPipeline, states, waitDelivered } from './pipeline.js';
import { pause, until, type ChaosContext, type ProbeResult } from './probe-types.js';

export interface OutageSpec {
  readonly probe: string;
  readonly id: string;
  readonly outageMs: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export async function outageProbe(ctx: ChaosContext, spec: OutageSpec): Promise<ProbeResult> {
  const pipeline = await startPipeline(() => ctx.port(), ctx.filesDir, spec.id);
  const flowing = await until(
    async () => (await pipeline.delivered()).distinct > 50 && (await allRunning(ctx.port(), pipeline.names)),
    90_000,
  );
  const restTally = new Map<number, number>();
  const bad: string[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const res = await call(ctx.port(), 'GET', `/connectors/${pipeline.names[0]}/status`).catch(() => ({
        status: 0,
        body: null,
      }));
      restTally.set(res.status, (restTally.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && res.status !== 503) bad.push(`${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      await pause(1000);
    }
  })();
  ctx.log(`${spec.probe}: pipeline flowing (${flowing}); killing for ${spec.outageMs / 1000} s`);
  await spec.kill();
  await pause(spec.outageMs);
  const duringStates = await states(ctx.port(), pipeline.names).catch(() => 'stack down');
  await spec.restart();
  const restartedAt = Date.now();
  ctx.log(`${spec.probe}: restarted; waiting for recovery`);
  await pause(5000); // the writer keeps writing across the restart
  const total = await pipeline.stopWriter();
  const recoverMs = ctx.quick ? 45_000 : 90_000;
  const running = await until(() => allRunning(ctx.port(), pipeline.names), recoverMs, 1000);
  const runningAfterS = Math.round((Date.now() - restartedAt) / 1000);
  const delivered = running ? await waitDelivered(pipeline, total, recoverMs) : false;
  const got = await pipeline.delivered();
  const finalStates = await states(ctx.port(), pipeline.names);
  polling = false;
  await poller;
  await pipeline.remove();
  const lost = total - got.distinct;
  const pass = flowing && running && delivered && lost === 0 && bad.length === 0;
  const tally = [...restTally.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s === 0 ? 'no answer' : s}×${n}`)
    .join(', ');
  return {
    probe: spec.probe,
    criterion: 'every task back to RUNNING without a hand, 0 records lost; no 5xx but 503 while down',
    pass,
    summary: `${running ? `RUNNING ${runningAfterS} s after restart` : 'NOT all RUNNING'}; written ${total}, lost ${lost}, duplicates ${got.duplicates}; REST 5xx≠503: ${bad.length}`,
    details: [
      `Outage ${spec.outageMs / 1000} s. States at the end of the outage: ${duringStates}. Final: ${finalStates}.`,
      `Lines written ${total}, delivered (distinct) ${got.distinct}, lost ${lost}, duplicates ${got.duplicates}.`,
      `REST status polls during the probe: ${tally}.${bad.length > 0 ? ` Bad: ${bad.slice(0, 3).join(' | ')}` : ''}`,
    ],
  };
}

/**
 * Section 5: what lambda-connect spends around the data, on the quiet stack: per-slice overhead (idle
 * slices), the per-minute cycle with and without connectors and bulk DynamoDB usage (both for the cost
 * model); then, once the quiet stack is stopped, REST latency under 50 concurrent clients beside Apache
 * Kafka Connect's own REST API (rest-measure.ts, on a stack of its own).
 */
import type { DynamoUsage } from './dynamo-meter.js';
import type { BenchEnvironment } from './environment.js';
import type { Progress } from './progress.js';
import { startQuietStack } from './quiet-stack.js';
import { measureRest, type RestFigures } from './rest-measure.js';
import {
  createIdleConnectors,
  deleteIdleConnectors,
  measureBulk,
  measureCycles,
  measureIdleSlices,
  type BulkUsage,
  type IdleSlice,
} from './slice-costs.js';
import {
  percentiles,
  pooledPercentiles,
  round,
  spread,
  type Percentiles,
  type RoundPercentiles,
  type Spread,
} from './stats.js';

export interface OverheadFigures {
  readonly sliceOverhead: RoundPercentiles & {
    readonly source: Percentiles;
    readonly sink: Percentiles;
    readonly sinkSliceMs: Percentiles;
    readonly breakdownMs: Record<string, number>;
    readonly dynamoPerSlice: { readonly source: DynamoUsage; readonly sink: DynamoUsage };
  };
  readonly cycles: {
    readonly empty: { readonly tickMs: Spread; readonly dynamo: DynamoUsage };
    readonly idle: {
      readonly connectors: number;
      readonly tickMs: Spread;
      readonly sliceMs: Spread;
      readonly dynamo: DynamoUsage;
    };
  };
  readonly bulk: readonly BulkUsage[];
  readonly rest: RestFigures['rest'];
  readonly restPaced: RestFigures['restPaced'];
}

export interface OverheadOptions {
  readonly idleSlices: number;
  readonly cycles: number;
  readonly bulkRecords: number;
  readonly lineLength: number;
  readonly restClients: number;
  readonly restRequestsPerClient: number;
  readonly restRounds: number;
}

export async function measureOverheads(
  env: BenchEnvironment,
  options: OverheadOptions,
  progress: Progress,
): Promise<OverheadFigures> {
  progress.step('starting the quiet stack (no ticks of its own, its own metered DynamoDB)');
  const quiet = await startQuietStack(env.bootstrapServers);
  let quietFigures: Omit<OverheadFigures, keyof RestFigures>;
  try {
    const ctx = { quiet, kafka: env.kafka, workDir: env.workDir, lineLength: options.lineLength };
    const empty = await measureCycles(ctx, [], options.cycles);
    progress.step(`empty ticks: ${empty.map((c) => Math.round(c.tickMs)).join(', ')} ms`);
    const connectors = await createIdleConnectors(ctx);
    const idleCycles = await measureCycles(ctx, connectors, options.cycles);
    progress.step(
      `ticks with ${connectors.length} idle connectors (tick, then their slices): ${idleCycles.map((c) => Math.round(c.tickMs)).join(', ')} ms`,
    );
    const idle = await measureIdleSlices(ctx, options.idleSlices);
    progress.step(`idle slices: ${idle.length} measured`);
    await deleteIdleConnectors(ctx);
    const bulk = await measureBulk(ctx, options.bulkRecords);
    progress.step(
      `bulk: ${bulk.map((b) => `${b.kind} ${b.dynamo.writeUnits} WRU / ${b.dynamo.readUnits} RRU for ${b.records} records in ${b.slices} slices`).join('; ')}`,
    );
    quietFigures = {
      sliceOverhead: sliceOverhead(idle),
      cycles: {
        empty: { tickMs: spread(empty.map((c) => c.tickMs)), dynamo: meanUsage(empty.map((c) => c.dynamo)) },
        idle: {
          connectors: connectors.length,
          tickMs: spread(idleCycles.map((c) => c.tickMs)),
          sliceMs: spread(idleCycles.flatMap((c) => c.sliceMs)),
          dynamo: meanUsage(idleCycles.map((c) => c.dynamo)),
        },
      },
      bulk,
    };
  } finally {
    await quiet.stop();
  }
  const rest = await measureRest(
    env,
    { clients: options.restClients, requestsPerClient: options.restRequestsPerClient, rounds: options.restRounds },
    progress,
  );
  return { ...quietFigures, ...rest };
}

function sliceOverhead(idle: readonly IdleSlice[]): OverheadFigures['sliceOverhead'] {
  const breakdownMs: Record<string, number> = {};
  for (const slice of idle)
    for (const [category, { ms }] of Object.entries(slice.byCategory))
      breakdownMs[category] = (breakdownMs[category] ?? 0) + ms / idle.length;
  for (const key of Object.keys(breakdownMs)) breakdownMs[key] = round(breakdownMs[key]!);
  const thirds = [0, 1, 2]
    .map((i) =>
      idle.slice(Math.floor((i * idle.length) / 3), Math.floor(((i + 1) * idle.length) / 3)).map((s) => s.overheadMs),
    )
    .filter((c) => c.length > 0);
  return {
    ...pooledPercentiles(thirds),
    source: percentiles(idle.filter((s) => s.kind === 'source').map((s) => s.overheadMs)),
    sink: percentiles(idle.filter((s) => s.kind === 'sink').map((s) => s.overheadMs)),
    sinkSliceMs: percentiles(idle.filter((s) => s.kind === 'sink').map((s) => s.durationMs)),
    breakdownMs,
    dynamoPerSlice: {
      source: meanUsage(idle.filter((s) => s.kind === 'source').map((s) => s.dynamo)),
      sink: meanUsage(idle.filter((s) => s.kind === 'sink').map((s) => s.dynamo)),
    },
  };
}

function meanUsage(list: readonly DynamoUsage[]): DynamoUsage {
  const calls: Record<string, number> = {};
  for (const u of list) for (const [op, n] of Object.entries(u.calls)) calls[op] = (calls[op] ?? 0) + n / list.length;
  for (const op of Object.keys(calls)) calls[op] = round(calls[op]!);
  const mean = (f: (u: DynamoUsage) => number): number =>
    round(list.reduce((n, u) => n + f(u), 0) / Math.max(1, list.length));
  return { calls, writeUnits: mean((u) => u.writeUnits), readUnits: mean((u) => u.readUnits) };
}

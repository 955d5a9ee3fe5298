/**
 * The control plane at scale (issue 12): 10, 100 and 1,000 idle connectors (half FileStream sources,
 * half FileStream sinks, one task each) on the local stack, and per size
 * - the scheduler's tick: wall time, DynamoDB calls and capacity units (bench/dynamo-meter.ts) and task
 *   invocations, for the first tick after the connectors appear and for steady ticks after it (the
 *   connectors idle, their slices ended: every tick starts one slice per task, as on AWS);
 * - REST latency, paced: `GET /connectors?expand=status` alone, then `GET /connectors/{name}/status`
 *   alone, each from its own load-generator process.
 * The connectors are written to the stores as the herder writes them (a REST create would kick the
 * stack's own scheduler), and their task statuses as their first slices write them.
 */
import { join } from 'node:path';
import { State } from '../lib/stores/model.js';
import type { Progress } from './progress.js';
import { restLoad, restPacedLoad, type RestLoadResult } from './rest-load.js';
import type { ScaleStack } from './scale-stack.js';
import { spread, type Spread } from './stats.js';
import { usageSince, type DynamoUsage } from './dynamo-meter.js';
import { createDynamoClient } from '../lib/stores/dynamodb/index.js';
import { toLegacyLayout } from '../test/fixtures/legacy-layout.js';

export interface ScaleSettings {
  readonly sizes: readonly number[];
  /** Steady ticks measured per size (after the first). */
  readonly ticks: number;
  /** `GET /connectors?expand=status`: total rate (requests/s), clients and requests per client. */
  readonly listRate: number;
  readonly listClients: number;
  readonly listRequests: number;
  /** `GET /connectors/{name}/status`: the same. */
  readonly statusRate: number;
  readonly statusClients: number;
  readonly statusRequests: number;
}

export const DEFAULT_SCALE_SETTINGS: ScaleSettings = {
  sizes: [10, 100, 1_000],
  ticks: 3,
  listRate: 5,
  listClients: 2,
  listRequests: 20,
  statusRate: 50,
  statusClients: 10,
  statusRequests: 20,
};

/** One tick: wall time, DynamoDB usage and the slices it started. */
export interface TickSample {
  readonly ms: number;
  /** CPU time of the scheduler's process and DynamoDB's during the tick: what the load of the machine does not change much. */
  readonly cpuMs: number;
  readonly dynamo: DynamoUsage;
  readonly invoked: number;
}

export interface ScaleSize {
  readonly connectors: number;
  readonly firstTick: TickSample;
  readonly steadyTicks: readonly TickSample[];
  readonly tickMs: Spread;
  readonly tickCpuMs: Spread;
  readonly readUnitsPerTick: number;
  readonly writeUnitsPerTick: number;
  readonly callsPerTick: Readonly<Record<string, number>>;
  readonly restExpandStatus: RestFigures;
  readonly restStatus: RestFigures;
  /** `GET /connectors?expand=status` from one client, back to back (no queueing): p50 and max. */
  readonly restExpandStatusAlone?: { readonly p50: number; readonly max: number };
  /**
   * The same two figures with the items as the version before decision 0024's listing left them (no
   * listing attributes, statuses per connector): the old reads, through the listing's fallback.
   */
  readonly unmigrated?: {
    readonly restExpandStatus: RestFigures;
    readonly restExpandStatusAlone: { readonly p50: number; readonly max: number };
    /** The tick that moves them over (syncs the listing, moves the statuses). */
    readonly migrationTick: TickSample;
  };
}

export interface RestFigures {
  readonly ratePerSec: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly count: number;
  /** Set when requests failed (the figures are then NaN). */
  readonly failed?: string;
}

/** What bench/results/latest.json carries under `scale`. */
export interface ControlPlaneFigures {
  readonly tickMs: Record<string, number>;
  readonly tickCpuMs: Record<string, number>;
  readonly restP99Ms: Record<string, number>;
  readonly restStatusP99Ms: Record<string, number>;
  readonly restExpandStatusAloneP50Ms: Record<string, number>;
  /** `?expand=status` p99 at the same pace with the items as before the listing (decision 0024). */
  readonly restP99MsUnmigrated: Record<string, number>;
  readonly readUnitsPerTick: Record<string, number>;
  readonly writeUnitsPerTick: Record<string, number>;
  readonly sizes: readonly ScaleSize[];
}

const SINK_TOPICS = 10;
const sinkTopic = (i: number): string => `scale-in-${i % SINK_TOPICS}`;

export async function measureControlPlane(
  scale: ScaleStack,
  settings: ScaleSettings,
  progress: Progress,
): Promise<ControlPlaneFigures> {
  await scale.stack.runtime.kafka.createTopics(
    Array.from({ length: SINK_TOPICS }, (_, i) => ({ topic: sinkTopic(i), numPartitions: 1, replicationFactor: 1 })),
  );
  const names: string[] = [];
  const sizes: ScaleSize[] = [];
  for (const size of settings.sizes) {
    progress.step(`${size} connectors: creating ${size - names.length} more`);
    const added = await seedConnectors(scale, names.length, size);
    names.push(...added);
    const firstTick = await timedTick(scale);
    progress.step(
      `${size} connectors: first tick ${Math.round(firstTick.ms)} ms, ${firstTick.invoked} slices started, ${firstTick.dynamo.readUnits} RRU / ${firstTick.dynamo.writeUnits} WRU`,
    );
    await seedTaskStatuses(scale, added);
    const steadyTicks: TickSample[] = [];
    for (let i = 0; i < settings.ticks; i++) {
      const sample = await timedTick(scale);
      steadyTicks.push(sample);
      progress.step(
        `${size} connectors: tick ${i + 1}/${settings.ticks} ${Math.round(sample.ms)} ms (${sample.cpuMs} ms CPU), ${sample.invoked} slices, ${sample.dynamo.readUnits} RRU / ${sample.dynamo.writeUnits} WRU, calls ${JSON.stringify(sample.dynamo.calls)}`,
      );
    }
    const list = await pacedRest(scale, names, settings.listClients, settings.listRequests, settings.listRate, 'list');
    const status = await pacedRest(
      scale,
      names,
      settings.statusClients,
      settings.statusRequests,
      settings.statusRate,
      'status',
    );
    // One client, back to back: the latency of one request without queueing behind others.
    const single = await restLoad(scale.stack.url, names, 1, 10, {
      listPath: '/connectors?expand=status',
      mix: 'list',
    });
    progress.step(
      `${size} connectors: GET /connectors?expand=status, one client alone: p50 ${single.p50} / max ${single.max} ms`,
    );
    progress.step(
      `${size} connectors: GET /connectors?expand=status at ${settings.listRate}/s ${restText(list)}; GET …/status at ${settings.statusRate}/s ${restText(status)}`,
    );
    const unmigrated = await measureUnmigrated(scale, names, settings, progress);
    sizes.push({
      ...summarize(size, firstTick, steadyTicks, list, status),
      restExpandStatusAlone: { p50: single.p50, max: single.max },
      unmigrated,
    });
  }
  const byKey = (pick: (s: ScaleSize) => number): Record<string, number> =>
    Object.fromEntries(sizes.map((s) => [`connectors${s.connectors}`, pick(s)]));
  return {
    tickMs: byKey((s) => s.tickMs.median),
    tickCpuMs: byKey((s) => s.tickCpuMs.median),
    restP99Ms: byKey((s) => s.restExpandStatus.p99),
    restStatusP99Ms: byKey((s) => s.restStatus.p99),
    restExpandStatusAloneP50Ms: byKey((s) => s.restExpandStatusAlone?.p50 ?? NaN),
    restP99MsUnmigrated: byKey((s) => s.unmigrated?.restExpandStatus.p99 ?? NaN),
    readUnitsPerTick: byKey((s) => s.readUnitsPerTick),
    writeUnitsPerTick: byKey((s) => s.writeUnitsPerTick),
    sizes,
  };
}

/**
 * `?expand=status` with the items put back as the version before the listing stored them, then the tick
 * that moves them over; the answer must be the same byte for byte before, during and after.
 */
async function measureUnmigrated(
  scale: ScaleStack,
  names: readonly string[],
  settings: ScaleSettings,
  progress: Progress,
): Promise<NonNullable<ScaleSize['unmigrated']>> {
  const { runtime } = scale.stack;
  const answer = async (): Promise<string> => (await fetch(`${scale.stack.url}/connectors?expand=status`)).text();
  const expected = await answer();
  const client = createDynamoClient({
    region: 'us-east-1',
    endpoint: scale.stack.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await toLegacyLayout(client, runtime.config.tables, runtime.stores, names);
  } finally {
    client.destroy();
  }
  if ((await answer()) !== expected)
    throw new Error('?expand=status differs on the items as stored before the listing');
  const restExpandStatus = await pacedRest(
    scale,
    names,
    settings.listClients,
    settings.listRequests,
    settings.listRate,
    'list',
  );
  const single = await restLoad(scale.stack.url, names, 1, 10, { listPath: '/connectors?expand=status', mix: 'list' });
  const migrationTick = await timedTick(scale);
  if ((await answer()) !== expected) throw new Error('?expand=status differs after the migration tick');
  progress.step(
    `${names.length} connectors, items as before the listing: GET /connectors?expand=status at ${settings.listRate}/s ${restText(restExpandStatus)}, one client alone p50 ${single.p50} / max ${single.max} ms; the tick moving them over ${migrationTick.ms} ms, ${migrationTick.dynamo.writeUnits} WRU`,
  );
  return { restExpandStatus, restExpandStatusAlone: { p50: single.p50, max: single.max }, migrationTick };
}

async function timedTick(scale: ScaleStack): Promise<TickSample> {
  const before = scale.dynamo.usage();
  const invokedBefore = scale.invocations();
  const cpuBefore = await scale.cpuMs();
  const started = performance.now();
  const report = await scale.scheduler.tick();
  const ms = performance.now() - started;
  const cpuMs = (await scale.cpuMs()) - cpuBefore;
  if (report.failures > 0) throw new Error(`a scale tick had ${report.failures} failures`);
  return {
    ms: Math.round(ms),
    cpuMs: Math.round(cpuMs),
    dynamo: usageSince(scale.dynamo.usage(), before),
    invoked: scale.invocations() - invokedBefore,
  };
}

/** Connectors `from`…`to - 1`, stored as the herder stores a create; even ones sources, odd ones sinks. */
async function seedConnectors(scale: ScaleStack, from: number, to: number): Promise<string[]> {
  const names = Array.from({ length: to - from }, (_, k) => connectorName(from + k));
  await inParallel(names, 8, async (name, k) => {
    const i = from + k;
    const config: Record<string, string> =
      i % 2 === 0
        ? {
            'connector.class': 'FileStreamSource',
            'tasks.max': '1',
            file: join(scale.workDir, `source-${i}.txt`),
            topic: `scale-out-${i}`,
          }
        : {
            'connector.class': 'FileStreamSink',
            'tasks.max': '1',
            file: join(scale.workDir, `sink-${i}.txt`),
            topics: sinkTopic(i),
          };
    await scale.stack.runtime.stores.configs.putConnector(name, { ...config, name }, 0);
  });
  return names;
}

/** What each task's first slice writes: its status RUNNING at epoch 1. */
async function seedTaskStatuses(scale: ScaleStack, names: readonly string[]): Promise<void> {
  const { runtime } = scale.stack;
  await inParallel(names, 8, (name) =>
    runtime.stores.statuses.putTaskStatus(name, {
      id: 0,
      state: State.RUNNING,
      workerId: runtime.config.workerId,
      epoch: 1,
      updatedAt: Date.now(),
    }),
  );
}

function connectorName(i: number): string {
  return `scale-${i % 2 === 0 ? 'source' : 'sink'}-${String(i).padStart(5, '0')}`;
}

async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** A paced REST load of one kind of request; a load with failed requests is reported as such, not thrown. */
async function pacedRest(
  scale: ScaleStack,
  names: readonly string[],
  clients: number,
  requests: number,
  ratePerSec: number,
  mix: 'list' | 'status',
): Promise<RestFigures> {
  try {
    const result: RestLoadResult = await restPacedLoad(scale.stack.url, names, clients, requests, ratePerSec, {
      listPath: '/connectors?expand=status',
      mix,
    });
    return { ratePerSec, p50: result.p50, p90: result.p90, p99: result.p99, max: result.max, count: result.count };
  } catch (error) {
    return {
      ratePerSec,
      p50: NaN,
      p90: NaN,
      p99: NaN,
      max: NaN,
      count: 0,
      failed: error instanceof Error ? error.message.slice(0, 300) : String(error),
    };
  }
}

function restText(f: RestFigures): string {
  return f.failed === undefined ? `p50 ${f.p50} / p99 ${f.p99} ms` : `FAILED (${f.failed})`;
}

function summarize(
  connectors: number,
  firstTick: TickSample,
  steadyTicks: readonly TickSample[],
  restExpandStatus: RestFigures,
  restStatus: RestFigures,
): ScaleSize {
  const median = (pick: (t: TickSample) => number): number => spread(steadyTicks.map(pick)).median;
  const calls: Record<string, number> = {};
  for (const op of new Set(steadyTicks.flatMap((t) => Object.keys(t.dynamo.calls))))
    calls[op] = median((t) => t.dynamo.calls[op] ?? 0);
  return {
    connectors,
    firstTick,
    steadyTicks,
    tickMs: spread(steadyTicks.map((t) => t.ms)),
    tickCpuMs: spread(steadyTicks.map((t) => t.cpuMs)),
    readUnitsPerTick: median((t) => t.dynamo.readUnits),
    writeUnitsPerTick: median((t) => t.dynamo.writeUnits),
    callsPerTick: calls,
    restExpandStatus,
    restStatus,
  };
}

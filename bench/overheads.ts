/**
 * Section 5: what lambda-connect spends around the data, on the quiet stack: per-slice overhead (idle
 * slices), the per-minute cycle with and without connectors and bulk DynamoDB usage (both for the cost
 * model), and REST latency under 50 concurrent clients (beside Apache Kafka Connect's own REST API).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoUsage } from './dynamo-meter.js';
import type { BenchEnvironment } from './environment.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';
import type { Progress } from './progress.js';
import { startQuietStack } from './quiet-stack.js';
import { restLoad, type RestLoadResult } from './rest-load.js';
import { createIdleConnectors, deleteIdleConnectors, measureBulk, measureCycles, measureIdleSlices, type BulkUsage, type IdleSlice } from './slice-costs.js';
import { percentiles, pooledPercentiles, round, spread, type Percentiles, type RoundPercentiles, type Spread } from './stats.js';

export interface OverheadFigures {
  readonly sliceOverhead: RoundPercentiles & { readonly source: Percentiles; readonly sink: Percentiles; readonly sinkSliceMs: Percentiles; readonly breakdownMs: Record<string, number>; readonly dynamoPerSlice: { readonly source: DynamoUsage; readonly sink: DynamoUsage } };
  readonly cycles: { readonly empty: { readonly tickMs: Spread; readonly dynamo: DynamoUsage }; readonly idle: { readonly connectors: number; readonly tickMs: Spread; readonly sliceMs: Spread; readonly dynamo: DynamoUsage } };
  readonly bulk: readonly BulkUsage[];
  readonly rest: {
    readonly lambdaConnect: RestRounds;
    readonly apacheConnect: RestRounds;
    readonly clients: number;
    /** One client at a time: the latency of a request without queueing behind others. */
    readonly singleClient: { readonly lambdaConnect: RestLoadResult; readonly apacheConnect: RestLoadResult };
  };
}

const SINGLE_CLIENT_REQUESTS = 200;

export interface OverheadOptions {
  readonly idleSlices: number;
  readonly cycles: number;
  readonly bulkRecords: number;
  readonly lineLength: number;
  readonly restClients: number;
  readonly restRequestsPerClient: number;
  readonly restRounds: number;
}

export async function measureOverheads(env: BenchEnvironment, options: OverheadOptions, progress: Progress): Promise<OverheadFigures> {
  progress.step('starting the quiet stack (no ticks of its own, its own metered DynamoDB)');
  const quiet = await startQuietStack(env.bootstrapServers);
  try {
    const ctx = { quiet, kafka: env.kafka, workDir: env.workDir, lineLength: options.lineLength };
    const empty = await measureCycles(ctx, [], options.cycles);
    progress.step(`empty ticks: ${empty.map((c) => Math.round(c.tickMs)).join(', ')} ms`);
    const connectors = await createIdleConnectors(ctx);
    const idleCycles = await measureCycles(ctx, connectors, options.cycles);
    progress.step(`ticks with ${connectors.length} idle connectors (tick, then their slices): ${idleCycles.map((c) => Math.round(c.tickMs)).join(', ')} ms`);
    const idle = await measureIdleSlices(ctx, options.idleSlices);
    progress.step(`idle slices: ${idle.length} measured`);
    progress.step(`REST: ${options.restClients} concurrent clients × ${options.restRequestsPerClient} requests, lambda-connect then Apache Kafka Connect`);
    const apacheNames = await createApacheIdleConnectors(env);
    const lambdaRounds: RestLoadResult[] = [];
    const apacheRounds: RestLoadResult[] = [];
    for (let round = 0; round < options.restRounds; round++) {
      const order = round % 2 === 0 ? ['lambda', 'apache'] as const : ['apache', 'lambda'] as const;
      for (const system of order) {
        const result = system === 'lambda' ? await restLoad(quiet.stack.url, connectors, options.restClients, options.restRequestsPerClient) : await restLoad(env.apache.url, apacheNames, options.restClients, options.restRequestsPerClient);
        (system === 'lambda' ? lambdaRounds : apacheRounds).push(result);
        progress.step(`  round ${round + 1}/${options.restRounds} ${system === 'lambda' ? 'lambda-connect' : 'Apache Kafka Connect'}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${Math.round(result.requestsPerSec)} req/s`);
      }
    }
    const restLambda = restRounds(lambdaRounds);
    const restApache = restRounds(apacheRounds);
    const singleLambda = await restLoad(quiet.stack.url, connectors, 1, SINGLE_CLIENT_REQUESTS);
    const singleApache = await restLoad(env.apache.url, apacheNames, 1, SINGLE_CLIENT_REQUESTS);
    progress.step(`  one client alone: lambda-connect p50 ${singleLambda.p50} ms, p99 ${singleLambda.p99} ms; Apache Kafka Connect p50 ${singleApache.p50} ms, p99 ${singleApache.p99} ms`);
    for (const name of apacheNames) await env.apache.deleteConnector(name);
    await deleteIdleConnectors(ctx);
    const bulk = await measureBulk(ctx, options.bulkRecords);
    progress.step(`bulk: ${bulk.map((b) => `${b.kind} ${b.dynamo.writeUnits} WRU / ${b.dynamo.readUnits} RRU for ${b.records} records in ${b.slices} slices`).join('; ')}`);
    return {
      sliceOverhead: sliceOverhead(idle),
      cycles: {
        empty: { tickMs: spread(empty.map((c) => c.tickMs)), dynamo: meanUsage(empty.map((c) => c.dynamo)) },
        idle: { connectors: connectors.length, tickMs: spread(idleCycles.map((c) => c.tickMs)), sliceMs: spread(idleCycles.flatMap((c) => c.sliceMs)), dynamo: meanUsage(idleCycles.map((c) => c.dynamo)) },
      },
      bulk,
      rest: { lambdaConnect: restLambda, apacheConnect: restApache, clients: options.restClients, singleClient: { lambdaConnect: singleLambda, apacheConnect: singleApache } },
    };
  } finally {
    await quiet.stop();
  }
}

/** REST rounds: the median round's figures as the headline, with each figure's spread over the rounds. */
export interface RestRounds extends RestLoadResult {
  readonly rounds: { readonly p50: Spread; readonly p99: Spread; readonly requestsPerSec: Spread };
}

function restRounds(rounds: readonly RestLoadResult[]): RestRounds {
  const p99 = spread(rounds.map((r) => r.p99));
  const p50 = spread(rounds.map((r) => r.p50));
  const rps = spread(rounds.map((r) => r.requestsPerSec));
  return { p50: p50.median, p90: spread(rounds.map((r) => r.p90)).median, p99: p99.median, max: Math.max(...rounds.map((r) => r.max)), count: rounds.reduce((n, r) => n + r.count, 0), requestsPerSec: rps.median, failures: 0, rounds: { p50, p99, requestsPerSec: rps } };
}

function sliceOverhead(idle: readonly IdleSlice[]): OverheadFigures['sliceOverhead'] {
  const breakdownMs: Record<string, number> = {};
  for (const slice of idle) for (const [category, { ms }] of Object.entries(slice.byCategory)) breakdownMs[category] = (breakdownMs[category] ?? 0) + ms / idle.length;
  for (const key of Object.keys(breakdownMs)) breakdownMs[key] = round(breakdownMs[key]!);
  const thirds = [0, 1, 2].map((i) => idle.slice(Math.floor((i * idle.length) / 3), Math.floor(((i + 1) * idle.length) / 3)).map((s) => s.overheadMs)).filter((c) => c.length > 0);
  return {
    ...pooledPercentiles(thirds),
    source: percentiles(idle.filter((s) => s.kind === 'source').map((s) => s.overheadMs)),
    sink: percentiles(idle.filter((s) => s.kind === 'sink').map((s) => s.overheadMs)),
    sinkSliceMs: percentiles(idle.filter((s) => s.kind === 'sink').map((s) => s.durationMs)),
    breakdownMs,
    dynamoPerSlice: { source: meanUsage(idle.filter((s) => s.kind === 'source').map((s) => s.dynamo)), sink: meanUsage(idle.filter((s) => s.kind === 'sink').map((s) => s.dynamo)) },
  };
}

function meanUsage(list: readonly DynamoUsage[]): DynamoUsage {
  const calls: Record<string, number> = {};
  for (const u of list) for (const [op, n] of Object.entries(u.calls)) calls[op] = (calls[op] ?? 0) + n / list.length;
  for (const op of Object.keys(calls)) calls[op] = round(calls[op]!);
  const mean = (f: (u: DynamoUsage) => number): number => round(list.reduce((n, u) => n + f(u), 0) / Math.max(1, list.length));
  return { calls, writeUnits: mean((u) => u.writeUnits), readUnits: mean((u) => u.readUnits) };
}

/** Two idle connectors on the Apache worker, so its status endpoint has something to report. */
async function createApacheIdleConnectors(env: BenchEnvironment): Promise<string[]> {
  const file = join(env.workDir, 'apache-idle.txt');
  await writeFile(file, '');
  const topic = `bench-apache-idle-${process.pid}`;
  await env.kafka.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  const names = ['bench-apache-idle-source', 'bench-apache-idle-sink'];
  await env.apache.createConnector(names[0]!, sourceConfig(file, `${topic}-out`, ConverterChoice.STRING));
  await env.apache.createConnector(names[1]!, sinkConfig(join(env.workDir, 'apache-idle.out'), topic, ConverterChoice.STRING));
  const deadline = performance.now() + 30_000;
  for (;;) {
    const states = await Promise.all(names.map((n) => env.apache.status(n)));
    if (states.every((s) => s.connector === 'RUNNING' && s.tasks.length > 0)) return names;
    if (performance.now() > deadline) throw new Error(`Apache Kafka Connect idle connectors not running: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

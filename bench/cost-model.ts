/**
 * The cost model: $/month of lambda-connect for an idle connector and for one connector moving 1 MB/s,
 * from the durations and DynamoDB calls measured in this run, beside MSK Connect's minimum. Every price
 * and assumption is data here, and the report prints them all.
 */
import type { DynamoUsage } from './dynamo-meter.js';

/** List prices, us-east-1, as published in 2025 (arm64 Lambda, DynamoDB on-demand). */
export const PRICES = {
  lambdaGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  schedulerPerMillionInvocations: 1.0,
  cloudWatchMetricPerMonth: 0.3,
  cloudWatchLogsPerGb: 0.5,
  mskConnectMcuHour: 0.11,
} as const;

export const ASSUMPTIONS = {
  hoursPerMonth: 730,
  /** Memory of the functions as infra/constructs/lambda-connect.ts sets them. */
  taskRunnerMemoryGb: 1,
  schedulerMemoryGb: 0.5,
  /** EventBridge Scheduler's rate(1 minute). */
  ticksPerMinute: 1,
  /** Log bytes per invocation: Lambda's START/END/REPORT lines plus one EMF metrics line. */
  logBytesPerInvocation: 1024,
  /** Custom metrics per connector (lib/config/metrics.ts): Records, SliceDurationMs, TaskFailures, and SinkLag for sinks. */
  metricsPerSourceConnector: 3,
  metricsPerSinkConnector: 4,
  /** A 1024 MB Lambda gets ~0.58 of a vCPU (1 vCPU at 1769 MB); local per-task rates are scaled by it. */
  lambdaCpuShareAt1024Mb: 1024 / 1769,
  /** Slice limits (lib/runtime/compose.ts DEFAULT_SLICE_LIMITS) and the steady rate's record size. */
  sliceMaxRecords: 500_000,
  steadyBytesPerSec: 1_000_000,
  /**
   * Offset writes of a busy task are time-based: a source flushes every `offset.flush.interval.ms` (1 s by
   * default), a sink commits at least every second while data flows. A fast bulk run spreads few flushes
   * over many records, so at a steady rate the writes per second, not per record, set the floor.
   */
  offsetWritesPerSecond: 1,
  /** MSK Connect's smallest connector: one worker of 1 MCU, billed per hour. */
  mskConnectMinimumMcu: 1,
  /** Not counted: Kafka itself (needed by both), data transfer (same AZ), API Gateway (idle), NAT (DynamoDB via a gateway endpoint), free tiers. */
} as const;

export interface CostInputs {
  /** A tick with no connectors, and a tick (plus its slices) with `connectors` idle connectors. */
  readonly emptyTick: { readonly tickMs: number; readonly dynamo: DynamoUsage };
  readonly idleCycle: { readonly connectors: number; readonly tickMs: number; readonly dynamo: DynamoUsage };
  readonly idleSliceMs: { readonly source: number; readonly sink: number };
  /** DynamoDB usage of bulk runs, and of one idle slice (the fixed part of every slice). */
  readonly bulk: { readonly source: BulkInput; readonly sink: BulkInput };
  readonly idleSliceDynamo: { readonly source: DynamoUsage; readonly sink: DynamoUsage };
  /** Measured per-task throughput (records/s) of lambda-connect locally. */
  readonly recordsPerSec: { readonly source: number; readonly sink: number };
  readonly recordBytes: number;
}

export interface BulkInput {
  readonly records: number;
  readonly slices: number;
  readonly dynamo: DynamoUsage;
}

export interface CostLine {
  readonly item: string;
  readonly usdPerMonth: number;
}

export interface CostEstimate {
  readonly usdPerMonth: number;
  readonly lines: readonly CostLine[];
}

export interface CostModel {
  readonly idleSource: CostEstimate;
  readonly idleSink: CostEstimate;
  readonly steadySource: CostEstimate;
  readonly steadySink: CostEstimate;
  readonly mskConnectPerConnector: number;
  readonly idleConnector: number;
  /** The same if idle slices published no custom metrics (CloudWatch bills a metric only in hours it gets data). */
  readonly idleConnectorWithoutIdleMetrics: number;
  readonly oneMBps: number;
}

const secondsPerMonth = ASSUMPTIONS.hoursPerMonth * 3600;
const ticksPerMonth = ASSUMPTIONS.hoursPerMonth * 60 * ASSUMPTIONS.ticksPerMinute;

const lambda = (invocations: number, ms: number, gb: number): number =>
  (invocations * PRICES.lambdaPerMillionRequests) / 1e6 +
  invocations * (Math.ceil(ms) / 1000) * gb * PRICES.lambdaGbSecond;
const dynamo = (writeUnits: number, readUnits: number): number =>
  (writeUnits * PRICES.dynamoPerMillionWriteUnits + readUnits * PRICES.dynamoPerMillionReadUnits) / 1e6;
const logs = (invocations: number): number =>
  ((invocations * ASSUMPTIONS.logBytesPerInvocation) / 1024 ** 3) * PRICES.cloudWatchLogsPerGb;

function estimate(lines: CostLine[]): CostEstimate {
  return { usdPerMonth: lines.reduce((n, l) => n + l.usdPerMonth, 0), lines };
}

/** Scheduler and DynamoDB per tick for a deployment whose only connector is this one. */
function perTickShare(inputs: CostInputs): { tickMs: number; writeUnits: number; readUnits: number } {
  const n = inputs.idleCycle.connectors;
  const share = (empty: number, full: number): number => empty + (full - empty) / n;
  return {
    tickMs: share(inputs.emptyTick.tickMs, inputs.idleCycle.tickMs),
    writeUnits: share(inputs.emptyTick.dynamo.writeUnits, inputs.idleCycle.dynamo.writeUnits),
    readUnits: share(inputs.emptyTick.dynamo.readUnits, inputs.idleCycle.dynamo.readUnits),
  };
}

function idle(inputs: CostInputs, kind: 'source' | 'sink'): CostEstimate {
  const tick = perTickShare(inputs);
  const metrics = kind === 'source' ? ASSUMPTIONS.metricsPerSourceConnector : ASSUMPTIONS.metricsPerSinkConnector;
  return estimate([
    {
      item: `scheduler: ${ticksPerMonth} ticks × ${Math.ceil(tick.tickMs)} ms at ${ASSUMPTIONS.schedulerMemoryGb * 1024} MB`,
      usdPerMonth: lambda(ticksPerMonth, tick.tickMs, ASSUMPTIONS.schedulerMemoryGb),
    },
    {
      item: `EventBridge Scheduler: ${ticksPerMonth} invocations`,
      usdPerMonth: (ticksPerMonth * PRICES.schedulerPerMillionInvocations) / 1e6,
    },
    {
      item: `task runner: ${ticksPerMonth} idle slices × ${Math.ceil(inputs.idleSliceMs[kind])} ms at ${ASSUMPTIONS.taskRunnerMemoryGb * 1024} MB`,
      usdPerMonth: lambda(ticksPerMonth, inputs.idleSliceMs[kind], ASSUMPTIONS.taskRunnerMemoryGb),
    },
    {
      item: `DynamoDB: ${round(tick.writeUnits)} WRU + ${round(tick.readUnits)} RRU per tick and slice`,
      usdPerMonth: dynamo(tick.writeUnits * ticksPerMonth, tick.readUnits * ticksPerMonth),
    },
    // functions/task-runner/metrics.ts publishes nothing for idle slices, and CloudWatch bills a custom
    // metric only for the hours in which it receives data: an idle connector keeps none of its metrics alive.
    { item: `CloudWatch: ${metrics} custom metrics, none published while idle`, usdPerMonth: 0 },
    {
      item: `CloudWatch Logs: ${2 * ticksPerMonth} invocations × ${ASSUMPTIONS.logBytesPerInvocation} B`,
      usdPerMonth: logs(2 * ticksPerMonth),
    },
  ]);
}

function steady(inputs: CostInputs, kind: 'source' | 'sink'): CostEstimate {
  const recordsPerSec = ASSUMPTIONS.steadyBytesPerSec / inputs.recordBytes;
  const records = recordsPerSec * secondsPerMonth;
  const perMinute = recordsPerSec * 60;
  const slices = ticksPerMonth * Math.ceil(perMinute / ASSUMPTIONS.sliceMaxRecords);
  const lambdaRate = inputs.recordsPerSec[kind] * ASSUMPTIONS.lambdaCpuShareAt1024Mb;
  const busySeconds = records / lambdaRate;
  const bulk = inputs.bulk[kind];
  const fixed = inputs.idleSliceDynamo[kind];
  // Per record: what the bulk slices used beyond the fixed part every slice has.
  const measuredWritesPerRecord = Math.max(0, bulk.dynamo.writeUnits - bulk.slices * fixed.writeUnits) / bulk.records;
  const writesPerRecord = Math.max(measuredWritesPerRecord, ASSUMPTIONS.offsetWritesPerSecond / recordsPerSec);
  const readsPerRecord = Math.max(0, bulk.dynamo.readUnits - bulk.slices * fixed.readUnits) / bulk.records;
  const tick = perTickShare(inputs);
  const metrics = kind === 'source' ? ASSUMPTIONS.metricsPerSourceConnector : ASSUMPTIONS.metricsPerSinkConnector;
  return estimate([
    {
      item: `scheduler and EventBridge: as for an idle connector`,
      usdPerMonth:
        lambda(ticksPerMonth, tick.tickMs, ASSUMPTIONS.schedulerMemoryGb) +
        (ticksPerMonth * PRICES.schedulerPerMillionInvocations) / 1e6,
    },
    {
      item: `task runner busy: ${fmt(records)} records at ${fmt(lambdaRate)} rec/s (local rate × CPU share) = ${fmt(busySeconds / 3600)} h at ${ASSUMPTIONS.taskRunnerMemoryGb * 1024} MB`,
      usdPerMonth: busySeconds * ASSUMPTIONS.taskRunnerMemoryGb * PRICES.lambdaGbSecond,
    },
    {
      item: `task runner slices: ${fmt(slices)} invocations × ${Math.ceil(inputs.idleSliceMs[kind])} ms fixed cost`,
      usdPerMonth: lambda(slices, inputs.idleSliceMs[kind], ASSUMPTIONS.taskRunnerMemoryGb),
    },
    {
      item: `DynamoDB per record: ${round(writesPerRecord * 1e6)} WRU (the larger of ${round(measuredWritesPerRecord * 1e6)} measured and ${ASSUMPTIONS.offsetWritesPerSecond} offset write/s) + ${round(readsPerRecord * 1e6)} RRU per million records`,
      usdPerMonth: dynamo(writesPerRecord * records, readsPerRecord * records),
    },
    {
      item: `DynamoDB per tick and per slice: ${round(tick.writeUnits - fixed.writeUnits)} WRU + ${round(tick.readUnits - fixed.readUnits)} RRU per tick, ${round(fixed.writeUnits)} WRU + ${round(fixed.readUnits)} RRU per slice`,
      usdPerMonth: dynamo(
        (tick.writeUnits - fixed.writeUnits) * ticksPerMonth + fixed.writeUnits * slices,
        (tick.readUnits - fixed.readUnits) * ticksPerMonth + fixed.readUnits * slices,
      ),
    },
    {
      item: `CloudWatch: ${metrics} custom metrics, logs of ${fmt(slices + ticksPerMonth)} invocations`,
      usdPerMonth: metrics * PRICES.cloudWatchMetricPerMonth + logs(slices + ticksPerMonth),
    },
  ]);
}

export function costModel(inputs: CostInputs): CostModel {
  const idleSource = idle(inputs, 'source');
  const idleSink = idle(inputs, 'sink');
  const steadySource = steady(inputs, 'source');
  const steadySink = steady(inputs, 'sink');
  const msk = ASSUMPTIONS.mskConnectMinimumMcu * PRICES.mskConnectMcuHour * ASSUMPTIONS.hoursPerMonth;
  return {
    idleSource,
    idleSink,
    steadySource,
    steadySink,
    mskConnectPerConnector: msk,
    idleConnector: Math.max(idleSource.usdPerMonth, idleSink.usdPerMonth),
    idleConnectorWithoutIdleMetrics: Math.max(withoutMetrics(idleSource), withoutMetrics(idleSink)),
    oneMBps: Math.max(steadySource.usdPerMonth, steadySink.usdPerMonth),
  };
}

function withoutMetrics(e: CostEstimate): number {
  return e.lines.filter((l) => !l.item.includes('custom metrics')).reduce((n, l) => n + l.usdPerMonth, 0);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

/**
 * The AWS-clock part of `npm run bench`, in the full run or alone (`npm run bench -- --only aws-clock`,
 * which merges its keys into the existing latest.json): the modes under test, the run, and the keys
 * `latencyMs.awsClock.*` and `costUsdPerMonth.idleConnectorByMode.*`.
 */
import { LatencyConfigKeys, LatencyMode } from '../lib/common/latency-mode.js';
import { SUB_TICK_MARGIN_MS } from '../lib/scheduler/cadence.js';
import { startAwsClockStack } from './aws-clock-stack.js';
import { idleCostOfMode, MEASURED_DYNAMO_PER_IDLE_SLICE, type SliceDynamo } from './aws-clock-cost.js';
import { measureAwsClock, type AwsClockFigures, type ModeUnderTest, type ProbeFigures } from './aws-clock.js';
import type { BenchEnvironment } from './environment.js';
import type { Progress } from './progress.js';

/** The deployment's default mode: one slice per scheduler tick. */
export const DEFAULT_MODE = LatencyMode.SCHEDULED;

/** Every latency mode, by the connector keys that select it. */
export const MODES_UNDER_TEST: readonly ModeUnderTest[] = [
  { name: DEFAULT_MODE, config: {} },
  // The default interval (latency.interval.ms unset: 5 s for these FileStream connectors, which have no poll.interval.ms).
  { name: LatencyMode.INTERVAL, config: { [LatencyConfigKeys.MODE]: LatencyMode.INTERVAL } },
  { name: LatencyMode.CONTINUOUS, config: { [LatencyConfigKeys.MODE]: LatencyMode.CONTINUOUS } },
  // Sinks only: its figures are the sink alone's (a pipeline's source would be in another mode).
  { name: LatencyMode.DOORBELL, config: { [LatencyConfigKeys.MODE]: LatencyMode.DOORBELL }, sinkOnly: true },
];

export interface AwsClockSettings {
  readonly samples: number;
  readonly minGapMs: number;
  readonly maxGapMs: number;
}

/** ~100 records 3–7 s apart: ~8.5 minutes of feeding, all modes at once; enough for a p99 from ~100 samples. */
export const AWS_CLOCK_SETTINGS: AwsClockSettings = { samples: 100, minGapMs: 3_000, maxGapMs: 7_000 };
export const AWS_CLOCK_QUICK_SETTINGS: AwsClockSettings = { samples: 8, minGapMs: 3_000, maxGapMs: 7_000 };

export async function runAwsClock(
  env: BenchEnvironment,
  settings: AwsClockSettings,
  progress: Progress,
): Promise<AwsClockFigures> {
  progress.step('starting a local stack ticked as deployed');
  const aws = await startAwsClockStack(env.bootstrapServers);
  try {
    progress.step(
      `ticks every ${aws.schedule.tickMs / 1000} s, task-runner timeout ${aws.schedule.taskTimeoutMs / 1000} s, slice limits ${JSON.stringify(aws.schedule.sliceLimits)}; ${settings.samples} records ${settings.minGapMs / 1000}–${settings.maxGapMs / 1000} s apart per probe`,
    );
    return await measureAwsClock(env, aws, { ...settings, modes: MODES_UNDER_TEST }, progress);
  } finally {
    await aws.stop();
  }
}

/** The `latencyMs.awsClock` key: the default's pipeline as `endToEnd`, each mode's pipeline at its top level. */
export function awsClockLatency(figures: AwsClockFigures): Record<string, unknown> {
  const headline = (p: ProbeFigures): { p50: number; p99: number; count: number } => ({
    p50: p.p50,
    p99: p.p99,
    count: p.count,
  });
  const byMode = Object.fromEntries(
    Object.entries(figures.modes).map(([name, m]) => [
      name,
      // A sink-only mode's headline is its sink alone.
      {
        ...headline(m.pipeline ?? m.sink),
        ...(m.pipeline === undefined ? {} : { pipeline: m.pipeline }),
        sink: m.sink,
        idle: m.idle,
      },
    ]),
  );
  const defaults = figures.modes[DEFAULT_MODE];
  if (defaults?.pipeline === undefined) throw new Error(`the AWS-clock run measured no ${DEFAULT_MODE} pipeline`);
  return {
    endToEnd: { ...headline(defaults.pipeline), apacheConnect: headline(figures.apacheConnect.pipeline) },
    sink: { ...headline(defaults.sink), apacheConnect: headline(figures.apacheConnect.sink) },
    ...byMode,
    apacheConnect: figures.apacheConnect,
    settings: {
      tickMs: figures.tickMs,
      taskTimeoutMs: figures.taskTimeoutMs,
      sliceLimits: figures.sliceLimits,
      samples: figures.samples,
      gapMs: figures.gapMs,
      durationSec: figures.durationSec,
    },
  };
}

/** `costUsdPerMonth.idleConnectorByMode`: each mode's idle connector, from the default's modelled cost. */
export function idleConnectorByMode(
  figures: AwsClockFigures,
  defaultIdleUsd: number,
  dynamoPerSlice: SliceDynamo = MEASURED_DYNAMO_PER_IDLE_SLICE,
): Record<string, number> {
  const defaults = figures.modes[DEFAULT_MODE];
  if (defaults === undefined) throw new Error(`the AWS-clock run measured no ${DEFAULT_MODE} mode`);
  return Object.fromEntries(
    Object.entries(figures.modes).map(([name, m]) => [
      name,
      idleCostOfMode({
        defaultIdleUsd,
        defaultIdle: defaults.idle,
        modeIdle: m.idle,
        dynamoPerSlice,
        schedulerMsPerMinute: schedulerMsPerMinute(name, figures.tickMs),
      }),
    ]),
  );
}

/**
 * Scheduler time a mode adds per minute, beyond the default's one reconcile per tick: in interval mode
 * the scheduled tick's invocation stays up until shortly before the next (lib/scheduler/cadence.ts).
 */
function schedulerMsPerMinute(mode: string, tickMs: number): number {
  return mode === LatencyMode.INTERVAL ? ((tickMs - SUB_TICK_MARGIN_MS) * 60_000) / tickMs : 0;
}

/**
 * The doorbell's own figures (bench/results/doorbell.json), for the lead to merge: its latency (sink alone),
 * its idle cost, and the cost model's assumption about the mappings' pollers.
 */
export function doorbellFigures(
  figures: AwsClockFigures,
  costs: Readonly<Record<string, number>>,
): Record<string, unknown> | null {
  const m = figures.modes[LatencyMode.DOORBELL];
  if (m === undefined) return null;
  return {
    latencyMs: {
      awsClock: { doorbell: { p50: m.sink.p50, p99: m.sink.p99, count: m.sink.count, sink: m.sink, idle: m.idle } },
    },
    costUsdPerMonth: { idleConnectorByMode: { doorbell: costs[LatencyMode.DOORBELL] } },
    assumptions: {
      eventSourceMappingPollers:
        'on-demand Kafka event pollers (the default; no charge of their own: Lambda bills the invocations); provisioned mode, billed per event poller unit-hour, is not used',
      doorbellInvocationsWhileIdle: 0,
    },
    settings: {
      tickMs: figures.tickMs,
      samples: figures.samples,
      gapMs: figures.gapMs,
      durationSec: figures.durationSec,
    },
  };
}

/** bench/results/doorbell.md: the doorbell's figures beside the other modes of the same run. */
export function renderDoorbell(
  figures: AwsClockFigures,
  costs: Readonly<Record<string, number>>,
  load: { readonly before: readonly number[]; readonly after: readonly number[] },
): string[] {
  const m = figures.modes[LatencyMode.DOORBELL];
  if (m === undefined) return [];
  const ms = (v: number): string => Math.round(v).toLocaleString('en-US');
  const sinkRow = (name: string): string => {
    const mode = figures.modes[name];
    return mode === undefined
      ? ''
      : `| ${name} | ${ms(mode.sink.p50)} | ${ms(mode.sink.p90)} | ${ms(mode.sink.p99)} | $${(costs[name] ?? Number.NaN).toFixed(2)} |`;
  };
  const a = figures.apacheConnect.sink;
  return [
    "# latency.mode=doorbell on AWS's clock",
    '',
    `From \`npm run bench -- --only aws-clock\` (${figures.samples} records per probe, ${figures.gapMs.min / 1000}–${figures.gapMs.max / 1000} s apart, ticks every ${figures.tickMs / 1000} s, run of ${figures.durationSec} s; load average ${load.before.map((l) => l.toFixed(1)).join(' / ')} before, ${load.after.map((l) => l.toFixed(1)).join(' / ')} after, 2 cores shared). Sink alone: produce → FileStreamSink → file, in ms.`,
    '',
    '| mode | p50 | p90 | p99 | idle connector $/month |',
    '| --- | --- | --- | --- | --- |',
    ...Object.keys(figures.modes)
      .map(sinkRow)
      .filter((r) => r !== ''),
    `| Apache Kafka Connect 4.3.1 | ${ms(a.p50)} | ${ms(a.p90)} | ${ms(a.p99)} | (MSK Connect minimum 80.30) |`,
    '',
    `Issue 12's goal (p50 < 1 s, p99 < 5 s, idle < $2/month): ${m.sink.p50 < 1000 && m.sink.p99 < 5000 && (costs[LatencyMode.DOORBELL] ?? Infinity) < 2 ? 'met' : 'missed'} by the doorbell. Idle: ${m.idle.slicesPerMinute} slices and ${m.idle.sliceMsPerMinute} task-runner ms a minute (the scheduled tick's slice); with no records on its topic the mapping invokes nothing; the mappings' on-demand pollers are not charged by Lambda (provisioned mode, billed per event poller unit-hour, is not used).`,
    '',
  ];
}

/** Markdown lines for latest.md / aws-clock.md. */
export function renderAwsClock(figures: AwsClockFigures, costs: Readonly<Record<string, number>>): string[] {
  const row = (what: string, p: ProbeFigures): string =>
    `| ${what} | ${Math.round(p.p50)} | ${Math.round(p.p90)} | ${Math.round(p.p99)} | ${Math.round(p.max)} | ${p.count}${p.lost > 0 ? ` (${p.lost} lost)` : ''} |`;
  return [
    "## Latency on AWS's clock (ms)",
    '',
    `Local stack ticked as deployed: every ${figures.tickMs / 1000} s, task-runner timeout ${figures.taskTimeoutMs / 1000} s, slice limits ${JSON.stringify(figures.sliceLimits)}. Sparse input: ${figures.samples} records per probe, ${figures.gapMs.min / 1000}–${figures.gapMs.max / 1000} s apart (longer than a slice's linger), all modes and Apache Kafka Connect 4.3.1 fed at the same instants; run took ${figures.durationSec} s.`,
    '',
    '| mode, what | p50 | p90 | p99 | max | samples |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(figures.modes).flatMap(([name, m]) => [
      ...(m.pipeline === undefined ? [] : [row(`${name}: pipeline file → source → topic → sink → file`, m.pipeline)]),
      row(`${name}: sink alone (produce → file)`, m.sink),
    ]),
    row('Apache Kafka Connect 4.3.1: pipeline', figures.apacheConnect.pipeline),
    row('Apache Kafka Connect 4.3.1: sink alone', figures.apacheConnect.sink),
    '',
    '| mode | idle sink: slices / min | task-runner ms / min | idle connector $/month |',
    '| --- | --- | --- | --- |',
    ...Object.entries(figures.modes).map(
      ([name, m]) =>
        `| ${name} | ${m.idle.slicesPerMinute} | ${m.idle.sliceMsPerMinute} | $${(costs[name] ?? Number.NaN).toFixed(2)} |`,
    ),
    '',
  ];
}

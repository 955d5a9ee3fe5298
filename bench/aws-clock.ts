/**
 * Latency on AWS's clock: the local stack ticked as deployed (bench/aws-clock-stack.ts) and sparse input,
 * one numbered line every few seconds with idle gaps longer than a slice lingers, so every record finds
 * its connector idle, as a quiet production connector does. Every latency mode runs at once, side by side
 * with Apache Kafka Connect 4.3.1 on the same broker and the same input:
 * - a pipeline (file → FileStreamSource → topic → FileStreamSink → file), latency from append to sink file;
 * - a sink alone (record produced to the topic → FileStreamSink → file), latency from produce to sink file;
 * - an idle sink on an empty topic, whose slices price the mode when nothing flows.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectClient } from './connect-client.js';
import type { AwsClockStack } from './aws-clock-stack.js';
import type { BenchEnvironment } from './environment.js';
import { waitUntil, watchSink } from './latency.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';
import type { Progress } from './progress.js';
import { percentiles, round, type Percentiles } from './stats.js';

/** A latency mode under test: its name and the connector keys that select it. */
export interface ModeUnderTest {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  /** A sink-only mode (doorbell): no pipeline probe, its source would be refused. */
  readonly sinkOnly?: boolean;
}

export interface AwsClockOptions {
  /** Records per probe; each finds its connector idle. */
  readonly samples: number;
  /** Gaps between records are drawn evenly from [minGapMs, maxGapMs] (seeded, the same every run). */
  readonly minGapMs: number;
  readonly maxGapMs: number;
  readonly modes: readonly ModeUnderTest[];
}

/** An idle connector's slices while the run lasted: what the mode costs when nothing flows. */
export interface IdleSlices {
  readonly minutes: number;
  readonly slicesPerMinute: number;
  /** Task-runner milliseconds per minute (the billed duration of those slices). */
  readonly sliceMsPerMinute: number;
}

export interface ProbeFigures extends Percentiles {
  /** Records that never reached the sink before the run gave up on them. */
  readonly lost: number;
}

export interface AwsClockFigures {
  readonly tickMs: number;
  readonly taskTimeoutMs: number;
  readonly sliceLimits: Readonly<Record<string, number>>;
  readonly samples: number;
  readonly gapMs: { readonly min: number; readonly max: number };
  readonly durationSec: number;
  readonly modes: Readonly<
    Record<string, { readonly pipeline?: ProbeFigures; readonly sink: ProbeFigures; readonly idle: IdleSlices }>
  >;
  readonly apacheConnect: { readonly pipeline: ProbeFigures; readonly sink: ProbeFigures };
}

/** One thing to measure: it is fed numbered lines and watched for them in its sink file. */
interface Probe {
  readonly label: string;
  readonly seen: Map<number, number>;
  feed(line: string): Promise<void>;
  stop(): void;
}

const WATCH_MS = 20;

export async function measureAwsClock(
  env: BenchEnvironment,
  aws: AwsClockStack,
  options: AwsClockOptions,
  progress: Progress,
): Promise<AwsClockFigures> {
  const started = performance.now();
  const cleanups: Array<() => Promise<unknown>> = [];
  const probes = new Map<string, Probe>();
  const id = `bench-awsclock-${process.pid}-${Date.now().toString(36)}`;
  try {
    const add = async (label: string, make: () => Promise<Probe>): Promise<void> => {
      const probe = await make();
      probes.set(label, probe);
      cleanups.push(async () => probe.stop());
    };
    for (const mode of options.modes) {
      if (mode.sinkOnly !== true)
        await add(`${mode.name}/pipeline`, () =>
          pipelineProbe(env, aws.client, `${id}-${mode.name}-p`, mode.config, cleanups),
        );
      await add(`${mode.name}/sink`, () => sinkProbe(env, aws.client, `${id}-${mode.name}-s`, mode.config, cleanups));
      await idleSink(env, aws.client, `${id}-${mode.name}-idle`, mode.config, cleanups);
    }
    await add('apache/pipeline', () => pipelineProbe(env, env.apache, `${id}-ak-p`, {}, cleanups));
    await add('apache/sink', () => sinkProbe(env, env.apache, `${id}-ak-s`, {}, cleanups));
    progress.step(
      `${probes.size} probes and ${options.modes.length} idle sinks created; warming up (a first record through each, up to two ticks)`,
    );
    await feedAll(probes, -1, 'warmup');
    await waitUntil(
      () => [...probes.values()].every((p) => p.seen.has(-1)),
      2 * aws.schedule.tickMs + 60_000,
      `warm-up records missing: ${missing(probes, -1)}`,
    );
    progress.step(`warm-up through every probe after ${Math.round((performance.now() - started) / 1000)} s`);
    // A deployed stack has always ticked before: feed only once the first scheduled tick has come (with
    // it, the sub-ticks of interval mode), not in the minute after the connectors were created.
    const firstTick = aws.startedAt + aws.schedule.tickMs + 1_000;
    if (performance.now() < firstTick) {
      progress.step(
        `waiting ${Math.round((firstTick - performance.now()) / 1000)} s for the stack's first scheduled tick`,
      );
      await delay(firstTick - performance.now());
    }
    progress.step(`feeding ${options.samples} records`);
    const windowStart = performance.now();
    const appended = await feedSamples(probes, options, progress);
    progress.step(`all ${options.samples} records fed; waiting for the last ones (up to two ticks)`);
    const last = options.samples - 1;
    await waitUntil(
      () => [...probes.values()].every((p) => p.seen.has(last)),
      2 * aws.schedule.tickMs + 30_000,
      `last records missing: ${missing(probes, last)}`,
    ).catch((error: unknown) => progress.step(String(error)));
    const figures = (label: string): ProbeFigures => probeFigures(probes.get(label), appended);
    const modes = Object.fromEntries(
      options.modes.map((m) => [
        m.name,
        {
          ...(m.sinkOnly === true ? {} : { pipeline: figures(`${m.name}/pipeline`) }),
          sink: figures(`${m.name}/sink`),
          idle: idleSlices(aws, `${id}-${m.name}-idle-sink`, windowStart),
        },
      ]),
    );
    return {
      tickMs: aws.schedule.tickMs,
      taskTimeoutMs: aws.schedule.taskTimeoutMs,
      sliceLimits: { ...aws.schedule.sliceLimits },
      samples: options.samples,
      gapMs: { min: options.minGapMs, max: options.maxGapMs },
      durationSec: round((performance.now() - started) / 1000, 0),
      modes,
      apacheConnect: { pipeline: figures('apache/pipeline'), sink: figures('apache/sink') },
    };
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => progress.step(`cleanup failed: ${String(error)}`));
  }
}

/** Feeds the numbered records at seeded random gaps; returns when each was fed (performance.now()). */
async function feedSamples(
  probes: ReadonlyMap<string, Probe>,
  options: AwsClockOptions,
  progress: Progress,
): Promise<number[]> {
  const random = seeded(12);
  const appended: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    await delay(options.minGapMs + random() * (options.maxGapMs - options.minGapMs));
    appended.push(await feedAll(probes, i, 'latency'));
    if ((i + 1) % 10 === 0 || i + 1 === options.samples)
      progress.step(
        `record ${i + 1}/${options.samples}; delivered so far: ${[...probes].map(([label, p]) => `${label} ${Math.max(0, p.seen.size - 1)}`).join(', ')}`,
      );
  }
  return appended;
}

/** Feeds record `n` to every probe at once; returns the instant it was handed over. */
async function feedAll(probes: ReadonlyMap<string, Probe>, n: number, word: string): Promise<number> {
  const at = performance.now();
  await Promise.all([...probes.values()].map((p) => p.feed(`${word} ${n}\n`)));
  return at;
}

function probeFigures(probe: Probe | undefined, appended: readonly number[]): ProbeFigures {
  if (probe === undefined) throw new Error('no such probe');
  const ms = appended.map((at, i) => (probe.seen.get(i) ?? Number.NaN) - at).filter((v) => Number.isFinite(v));
  if (ms.length === 0) throw new Error(`${probe.label}: no record reached the sink`);
  return { ...percentiles(ms), lost: appended.length - ms.length };
}

/**
 * The idle sink's slices from `from` to the end of its last finished slice, each clipped to that window:
 * a continuous slice runs a minute, so a window ending at "now" would miss the one still running.
 */
function idleSlices(aws: AwsClockStack, connector: string, from: number): IdleSlices {
  const slices = aws.slices.filter((s) => s.connector === connector && s.endedAt >= from);
  if (slices.length === 0) return { minutes: 0, slicesPerMinute: 0, sliceMsPerMinute: 0 };
  const to = Math.max(...slices.map((s) => s.endedAt));
  const minutes = (to - from) / 60_000;
  const ms = slices.reduce((n, s) => n + s.endedAt - Math.max(from, s.endedAt - s.durationMs), 0);
  return {
    minutes: round(minutes),
    slicesPerMinute: round(slices.length / minutes),
    sliceMsPerMinute: round(ms / minutes, 0),
  };
}

function missing(probes: ReadonlyMap<string, Probe>, n: number): string {
  return [...probes]
    .filter(([, p]) => !p.seen.has(n))
    .map(([label]) => label)
    .join(', ');
}

async function pipelineProbe(
  env: BenchEnvironment,
  client: ConnectClient,
  name: string,
  extra: Readonly<Record<string, string>>,
  cleanups: Array<() => Promise<unknown>>,
): Promise<Probe> {
  const input = join(env.workDir, `${name}.in`);
  const output = join(env.workDir, `${name}.out`);
  await writeFile(input, '');
  await env.kafka.createTopics([{ topic: name, numPartitions: 1, replicationFactor: 1 }]);
  await client.createConnector(`${name}-source`, { ...sourceConfig(input, name, ConverterChoice.STRING), ...extra });
  cleanups.push(() => client.deleteConnector(`${name}-source`));
  await client.createConnector(`${name}-sink`, { ...sinkConfig(output, name, ConverterChoice.STRING), ...extra });
  cleanups.push(() => client.deleteConnector(`${name}-sink`));
  const seen = new Map<number, number>();
  const watcher = watchSink(output, seen, WATCH_MS);
  return { label: name, seen, feed: (line) => appendFile(input, line), stop: () => watcher.stop() };
}

async function sinkProbe(
  env: BenchEnvironment,
  client: ConnectClient,
  name: string,
  extra: Readonly<Record<string, string>>,
  cleanups: Array<() => Promise<unknown>>,
): Promise<Probe> {
  const output = join(env.workDir, `${name}.out`);
  await env.kafka.createTopics([{ topic: name, numPartitions: 1, replicationFactor: 1 }]);
  await client.createConnector(`${name}-sink`, { ...sinkConfig(output, name, ConverterChoice.STRING), ...extra });
  cleanups.push(() => client.deleteConnector(`${name}-sink`));
  const seen = new Map<number, number>();
  const watcher = watchSink(output, seen, WATCH_MS);
  const feed = async (line: string): Promise<void> => {
    await env.kafka.send([
      { topic: name, partition: 0, key: null, value: Buffer.from(line.trimEnd()), timestamp: null, headers: [] },
    ]);
  };
  return { label: name, seen, feed, stop: () => watcher.stop() };
}

async function idleSink(
  env: BenchEnvironment,
  client: ConnectClient,
  name: string,
  extra: Readonly<Record<string, string>>,
  cleanups: Array<() => Promise<unknown>>,
): Promise<void> {
  await env.kafka.createTopics([{ topic: name, numPartitions: 1, replicationFactor: 1 }]);
  await client.createConnector(`${name}-sink`, {
    ...sinkConfig(join(env.workDir, `${name}.out`), name, ConverterChoice.STRING),
    ...extra,
  });
  cleanups.push(() => client.deleteConnector(`${name}-sink`));
}

/** mulberry32: a small seeded generator, so every run draws the same gaps. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

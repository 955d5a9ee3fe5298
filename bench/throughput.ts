/**
 * Sections 1–2 of the benchmark: the pipeline side by side, and each half per task. Runs alternate
 * between the systems (and which goes first), so load from elsewhere on the machine falls on both.
 */
import { timeCalls, type CallCategory } from './call-timer.js';
import type { BenchEnvironment } from './environment.js';
import {
  ConverterChoice,
  runPipeline,
  runSinkOnly,
  runSourceOnly,
  SystemName,
  type BenchInput,
  type RunResult,
} from './pipeline.js';
import type { Progress } from './progress.js';
import { spread, type Spread } from './stats.js';

export interface SystemThroughput {
  readonly recordsPerSec: number;
  readonly spread: Spread;
  readonly firstByteMs?: Spread;
  /** Every run's output equalled the input byte for byte. */
  readonly identical?: boolean;
}

export interface PipelineFigures {
  readonly lambdaConnect: SystemThroughput;
  readonly apacheConnect: SystemThroughput;
  /** Median of the per-round ratios (lambda / apache), with their spread. */
  readonly ratio: number;
  readonly ratioSpread: Spread;
}

const systemsInOrder = (round: number): SystemName[] =>
  round % 2 === 0 ? [SystemName.APACHE, SystemName.LAMBDA] : [SystemName.LAMBDA, SystemName.APACHE];

function summarize(runs: readonly RunResult[]): SystemThroughput {
  const rates = spread(runs.map((r) => r.recordsPerSec));
  const firstBytes = runs.flatMap((r) => (r.firstByteMs === undefined ? [] : [r.firstByteMs]));
  const checks = runs.flatMap((r) => (r.identical === undefined ? [] : [r.identical]));
  return {
    recordsPerSec: rates.median,
    spread: rates,
    ...(firstBytes.length > 0 ? { firstByteMs: spread(firstBytes) } : {}),
    ...(checks.length > 0 ? { identical: checks.every(Boolean) } : {}),
  };
}

function figures(runs: Record<SystemName, RunResult[]>): PipelineFigures {
  const ratios = runs[SystemName.LAMBDA].map(
    (r, i) => r.recordsPerSec / (runs[SystemName.APACHE][i]?.recordsPerSec ?? Number.NaN),
  );
  const ratioSpread = spread(ratios);
  return {
    lambdaConnect: summarize(runs[SystemName.LAMBDA]),
    apacheConnect: summarize(runs[SystemName.APACHE]),
    ratio: ratioSpread.median,
    ratioSpread,
  };
}

const describe = (r: RunResult): string =>
  `${Math.round(r.recordsPerSec).toLocaleString('en-US')} rec/s in ${(r.ms / 1000).toFixed(1)} s${r.identical === undefined ? '' : r.identical ? ', output identical' : ', OUTPUT DIFFERS'}`;

/** Untimed runs on a small input, so neither JIT (JVM, V8) is measured cold. */
export async function warmUp(env: BenchEnvironment, input: BenchInput, progress: Progress): Promise<void> {
  for (const system of systemsInOrder(0)) {
    const r = await runPipeline(env, system, input, ConverterChoice.STRING, progress);
    progress.step(`warm-up ${system}: ${describe(r)}`);
  }
}

export async function measurePipeline(
  env: BenchEnvironment,
  input: BenchInput,
  choice: ConverterChoice,
  rounds: number,
  progress: Progress,
): Promise<PipelineFigures> {
  const runs: Record<SystemName, RunResult[]> = { [SystemName.APACHE]: [], [SystemName.LAMBDA]: [] };
  for (let round = 0; round < rounds; round++) {
    for (const system of systemsInOrder(round)) {
      const r = await runPipeline(env, system, input, choice, progress);
      progress.step(`round ${round + 1}/${rounds} ${system} (${choice}): ${describe(r)}`);
      if (r.identical === false)
        throw new Error(`${system}: the sink file differs from the input (${choice} converters)`);
      runs[system].push(r);
    }
  }
  return figures(runs);
}

export interface PerTaskFigures {
  readonly source: PipelineFigures;
  readonly sink: PipelineFigures;
  /**
   * Where lambda-connect's per-task runs spent their wall time (median ms per run), by the port calls
   * its slices made: `kafkaData` is waiting for produce acks or fetches, `offsets` for offset writes;
   * the rest of `wallMs` is the slice's own CPU work and start-up.
   */
  readonly lambdaTimeMs: { readonly source: Record<string, number>; readonly sink: Record<string, number> };
}

export async function measurePerTask(
  env: BenchEnvironment,
  input: BenchInput,
  rounds: number,
  progress: Progress,
): Promise<PerTaskFigures> {
  const source: Record<SystemName, RunResult[]> = { [SystemName.APACHE]: [], [SystemName.LAMBDA]: [] };
  const sink: Record<SystemName, RunResult[]> = { [SystemName.APACHE]: [], [SystemName.LAMBDA]: [] };
  const times = { source: [] as Array<Record<string, number>>, sink: [] as Array<Record<string, number>> };
  let filledTopic: string | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const system of systemsInOrder(round)) {
      const r = await timed(env, system, times.source, () =>
        runSourceOnly(env, system, input, ConverterChoice.STRING, progress),
      );
      progress.step(`round ${round + 1}/${rounds} ${system} source only: ${describe(r)}`);
      source[system].push(r);
      filledTopic ??= r.topic;
    }
    for (const system of systemsInOrder(round)) {
      const r = await timed(env, system, times.sink, () =>
        runSinkOnly(env, system, input, filledTopic!, ConverterChoice.STRING, progress),
      );
      progress.step(`round ${round + 1}/${rounds} ${system} sink only: ${describe(r)}`);
      if (r.identical === false) throw new Error(`${system}: the sink-only output differs from the input`);
      sink[system].push(r);
    }
  }
  return {
    source: figures(source),
    sink: figures(sink),
    lambdaTimeMs: { source: medianTimes(times.source), sink: medianTimes(times.sink) },
  };
}

/** Runs a lambda-connect run with its stack's port calls timed (only its task runs meanwhile). */
async function timed<T extends RunResult>(
  env: BenchEnvironment,
  system: SystemName,
  into: Array<Record<string, number>>,
  run: () => Promise<T>,
): Promise<T> {
  if (system !== SystemName.LAMBDA) return run();
  const timer = timeCalls(env.stack.runtime.stores, env.stack.runtime.kafka);
  try {
    const result = await run();
    const totals = timer.totals();
    into.push({
      wallMs: result.ms,
      ...Object.fromEntries(Object.entries(totals).map(([k, v]) => [k as CallCategory, v.ms])),
    });
    return result;
  } finally {
    timer.restore();
  }
}

function medianTimes(runs: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  return Object.fromEntries([...keys].map((k) => [k, spread(runs.map((r) => r[k] ?? 0)).median]));
}

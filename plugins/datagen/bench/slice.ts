/**
 * Datagen in a slice: records/s of whole task-runner slices (generate, JsonConverter with schemas,
 * produce to a real broker with acks=all, commit offsets) on a quiet local stack whose scheduler never
 * ticks by itself, the slices invoked one by one as the scheduler would. Uses the repository's bench and
 * local-stack helpers (a benchmark, like a test, may; the plugin itself imports only lambda-connect/api).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startQuietStack } from '../../../bench/quiet-stack.js';
import { startKafkaBroker, type KafkaBroker } from '../../../local/kafka/broker.js';

type QuietStack = Awaited<ReturnType<typeof startQuietStack>>;

/** The connector's task-config generation, once the scheduler (kicked by the create) has written it. */
async function taskGeneration(quiet: QuietStack, name: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await quiet.generation(name);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await quiet.stack.tick();
    }
  }
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface SliceFigures {
  readonly recordsPerRun: number;
  readonly runs: number;
  /** Records per second of slice time (the sum of the slices' durations). */
  readonly wall: Spread;
  /**
   * Records per CPU second of this process, where the local stack runs the slices (the broker is another
   * process): what the task costs, steadier than wall time on a shared machine.
   */
  readonly cpu: Spread;
}

/** For each quickstart, `runs` connectors of `recordsPerRun` records (`iterations`), slice after slice, on one stack. */
export async function sliceThroughput(
  quickstarts: readonly string[],
  recordsPerRun: number,
  runs: number,
): Promise<Record<string, SliceFigures>> {
  const workDir = await mkdtemp(join(tmpdir(), 'datagen-bench-'));
  let broker: KafkaBroker | undefined;
  try {
    const servers =
      process.env['KAFKA_BOOTSTRAP_SERVERS'] ||
      (broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') })).bootstrapServers;
    const quiet = await startQuietStack(servers);
    try {
      const figures: Record<string, SliceFigures> = {};
      for (const quickstart of quickstarts) {
        const results: Array<{ wall: number; cpu: number }> = [];
        // The first run warms the stack (handlers, producer connections) and is not counted.
        for (let run = 0; run < runs + 1; run++) {
          const result = await oneRun(quiet, quickstart, recordsPerRun, run);
          if (run > 0) results.push(result);
        }
        figures[quickstart] = {
          recordsPerRun,
          runs,
          wall: spread(results.map((r) => r.wall)),
          cpu: spread(results.map((r) => r.cpu)),
        };
      }
      return figures;
    } finally {
      await quiet.stop();
    }
  } finally {
    await broker?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** One connector making `recordsPerRun` records: records per second of its slices' time and of CPU time. */
async function oneRun(
  quiet: QuietStack,
  quickstart: string,
  recordsPerRun: number,
  run: number,
): Promise<{ wall: number; cpu: number }> {
  const name = `datagen-bench-${quickstart.replace(/_/g, '-')}-${process.pid}-${Date.now().toString(36)}-${run}`;
  await quiet.rest.createConnector(name, {
    'connector.class': 'DatagenConnector',
    'kafka.topic': name,
    quickstart,
    'max.interval': '0',
    iterations: String(recordsPerRun),
    'random.seed': '1',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
  });
  const generation = await taskGeneration(quiet, name);
  const cpuStarted = process.cpuUsage();
  // Slices the REST kick started count too: every slice of this connector reports through onSlice.
  const mine = () => quiet.slices.filter((s) => s.connector === name && s.outcome === 'completed');
  const total = (key: 'records' | 'durationMs'): number => mine().reduce((sum, s) => sum + (s[key] ?? 0), 0);
  for (let i = 0; total('records') < recordsPerRun; i++) {
    if (i > 10_000) throw new Error(`${name}: ${total('records')} of ${recordsPerRun} records after ${i} slices`);
    await quiet.invokeSlice(name, 0, generation);
  }
  const cpu = process.cpuUsage(cpuStarted);
  const rate = {
    wall: total('records') / (total('durationMs') / 1000),
    cpu: total('records') / ((cpu.user + cpu.system) / 1e6),
  };
  await quiet.rest.deleteConnector(name);
  return rate;
}

export function spread(rates: readonly number[]): Spread {
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    min: Math.round(sorted[0]!),
    max: Math.round(sorted[sorted.length - 1]!),
  };
}

/**
 * End-to-end latency at a steady low rate: lines are appended to the source file one at a time at
 * `ratePerSec`, each numbered, and the sink file is watched (read from where it was last read, every
 * few ms) for when each line appears. Latency = seen − appended, per line.
 */
import { appendFile, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchEnvironment } from './environment.js';
import type { Progress } from './progress.js';
import { clientOf, ConverterChoice, sinkConfig, sourceConfig, SystemName } from './pipeline.js';
import { pooledPercentiles, type RoundPercentiles } from './stats.js';

const WATCH_INTERVAL_MS = 5;

export interface LatencyOptions {
  readonly ratePerSec: number;
  readonly durationMs: number;
}

/** `rounds` rounds per system, alternating which goes first; percentiles pooled, spread per round. */
export async function measureLatencyRounds(
  env: BenchEnvironment,
  rounds: number,
  options: LatencyOptions,
  progress: Progress,
): Promise<Record<SystemName, RoundPercentiles>> {
  const samples: Record<SystemName, number[][]> = { [SystemName.APACHE]: [], [SystemName.LAMBDA]: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [SystemName.LAMBDA, SystemName.APACHE] : [SystemName.APACHE, SystemName.LAMBDA];
    for (const system of order) {
      const ms = await measureLatency(env, system, options);
      const sorted = [...ms].sort((a, b) => a - b);
      progress.step(
        `round ${round + 1}/${rounds} ${system}: p50 ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms`,
      );
      samples[system].push(ms);
    }
  }
  return {
    [SystemName.APACHE]: pooledPercentiles(samples[SystemName.APACHE]),
    [SystemName.LAMBDA]: pooledPercentiles(samples[SystemName.LAMBDA]),
  };
}

/** Milliseconds from append to sink, one entry per line. */
async function measureLatency(env: BenchEnvironment, system: SystemName, options: LatencyOptions): Promise<number[]> {
  const id = `bench-lat-${system}-${process.pid}-${Date.now().toString(36)}`;
  const client = clientOf(env, system);
  const input = join(env.workDir, `${id}.in`);
  const output = join(env.workDir, `${id}.out`);
  await writeFile(input, '');
  await env.kafka.createTopics([{ topic: id, numPartitions: 1, replicationFactor: 1 }]);
  const appended = new Map<number, number>();
  const seen = new Map<number, number>();
  const watcher = watchSink(output, seen);
  try {
    await client.createConnector(`${id}-source`, sourceConfig(input, id, ConverterChoice.STRING));
    await client.createConnector(`${id}-sink`, sinkConfig(output, id, ConverterChoice.STRING));
    // A first line that must get through before timing starts: both connectors are up and flowing.
    await appendFile(input, 'warmup -1\n');
    await waitUntil(() => seen.has(-1), 60_000, `${system}: the warm-up line never reached the sink`);
    const count = Math.round((options.ratePerSec * options.durationMs) / 1000);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / options.ratePerSec;
      const wait = due - performance.now();
      if (wait > 0) await delay(wait);
      appended.set(i, performance.now());
      await appendFile(input, `latency ${i}\n`);
    }
    await waitUntil(
      () => seen.has(count - 1) && seen.size >= count + 1,
      60_000,
      `${system}: ${seen.size - 1} of ${count} lines reached the sink`,
    );
    return [...appended].map(([i, at]) => (seen.get(i) ?? Number.NaN) - at).filter((ms) => Number.isFinite(ms));
  } finally {
    watcher.stop();
    await client.deleteConnector(`${id}-sink`);
    await client.deleteConnector(`${id}-source`);
  }
}

/** Reads new complete lines from `path` every `intervalMs` and records when each numbered line appeared. */
export function watchSink(path: string, seen: Map<number, number>, intervalMs = WATCH_INTERVAL_MS): { stop(): void } {
  let stopped = false;
  let position = 0;
  let partial = '';
  const buffer = Buffer.alloc(1 << 20);
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const handle = await open(path, 'r').catch(() => null);
      if (handle !== null) {
        try {
          for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
            if (bytesRead === 0) break;
            const now = performance.now();
            position += bytesRead;
            const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) {
              const n = Number(line.split(' ')[1]);
              if (Number.isInteger(n) && !seen.has(n)) seen.set(n, now);
            }
          }
        } finally {
          await handle.close();
        }
      }
      await delay(intervalMs);
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
    },
  };
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(message);
    await delay(WATCH_INTERVAL_MS);
  }
}

/**
 * `npx tsx bench/pipeline-only.ts [--records N] [--repeats N]`: only the FileStream pipeline and the
 * per-task runs of `npm run bench` (sections 1–2), beside Apache Kafka Connect in the same run, printed
 * as JSON on stdout. For before/after comparisons of a worker change: run it on both trees and compare
 * the lambda/Apache ratios (Apache's figures absorb the machine's load of the moment).
 */
import { join } from 'node:path';
import { startEnvironment } from './environment.js';
import { sha256, writeLinesFile } from './lines-file.js';
import { ConverterChoice, type BenchInput } from './pipeline.js';
import { createProgress } from './progress.js';
import { measurePerTask, measurePipeline, warmUp } from './throughput.js';

const LINE_BYTES = 100;

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

async function input(dir: string, name: string, records: number): Promise<BenchInput> {
  const path = join(dir, name);
  const bytes = await writeLinesFile(path, records, LINE_BYTES);
  return { path, records, bytes, sha256: await sha256(path) };
}

async function main(): Promise<void> {
  const records = flag('--records', 300_000);
  const repeats = flag('--repeats', 3);
  const progress = createProgress(2);
  const env = await startEnvironment(progress);
  try {
    const dir = env.workDir;
    const warm = await input(dir, 'warmup.txt', Math.min(records, 100_000));
    const main = await input(dir, 'input.txt', records);
    await warmUp(env, warm, progress);
    const pipeline = await measurePipeline(env, main, ConverterChoice.STRING, repeats, progress);
    const perTask = await measurePerTask(env, main, repeats, progress);
    process.stdout.write(
      JSON.stringify({ records, repeats, pipeline, perTask: { source: perTask.source, sink: perTask.sink } }, null, 2) +
        '\n',
    );
  } finally {
    await env.stop();
  }
}

await main();

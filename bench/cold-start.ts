/**
 * Task-runner cold init and bundle size: the handler is bundled exactly as the CDK construct bundles
 * it (infra/bundling.ts settings, minified ESM, AWS SDK external as on the `nodejs22.x` runtime), then a
 * fresh Node process imports the bundle and reports how long the import took (module load and
 * top-level init; the runtime itself is built lazily on the first invocation). The variant with the
 * AWS SDK bundled in is measured beside it.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { entryPath, HandlerEntry, PROJECT_ROOT } from '../infra/handler-entries.js';
import { handlerBuildOptions } from '../scripts/bundle-measure.js';

export interface ColdStart {
  readonly bundleBytes: number;
  /** Milliseconds to import the bundle in a fresh process, per run. */
  readonly importMs: number[];
  /** Milliseconds from spawning `node` until it exited after the import, per run. */
  readonly processMs: number[];
}

const OUT_DIR = join(PROJECT_ROOT, '.cache', 'bench', 'bundles');

export async function measureColdStart(runs: number, bundleAwsSdk: boolean): Promise<ColdStart> {
  const result = await build(handlerBuildOptions(entryPath(HandlerEntry.TASK_RUNNER), bundleAwsSdk));
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no task-runner bundle');
  // Inside the repo, so the external AWS SDK resolves from node_modules as it does from the runtime's.
  const dir = join(OUT_DIR, bundleAwsSdk ? 'task-runner-sdk-bundled' : 'task-runner');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  await writeFile(file, output.contents);
  const importMs: number[] = [];
  const processMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const printed = await importInFreshProcess(file);
    processMs.push(performance.now() - started);
    importMs.push(printed);
  }
  return { bundleBytes: output.contents.length, importMs, processMs };
}

function importInFreshProcess(file: string): Promise<number> {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') throw new Error('no handler export'); process.stdout.write(String(performance.now() - t));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_REGION: 'us-east-1' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const ms = Number(out.trim());
      if (code === 0 && Number.isFinite(ms)) resolve(ms);
      else reject(new Error(`importing the task-runner bundle failed (exit ${code}): ${err.slice(-1500)}`));
    });
  });
}

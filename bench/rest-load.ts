/** Runs the REST load generator (rest-load-client.ts) in a child process and collects its figures. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentiles, type Percentiles } from './stats.js';

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'rest-load-client.ts');

export interface RestLoadResult extends Percentiles {
  readonly requestsPerSec: number;
  readonly failures: number;
}

export async function restLoad(baseUrl: string, connectors: readonly string[], clients: number, requestsPerClient: number): Promise<RestLoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, baseUrl, connectors.join(','), String(clients), String(requestsPerClient)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`REST load client exited with ${code}: ${err.slice(-2000)}`);
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { latencies: number[]; failures: string[]; failureCount: number; wallMs: number };
  if (result.failureCount > 0) throw new Error(`REST load on ${baseUrl}: ${result.failureCount} failed requests, e.g. ${result.failures.join('; ')}`);
  return { ...percentiles(result.latencies), requestsPerSec: (result.latencies.length * 1000) / result.wallMs, failures: result.failureCount };
}

/** Runs the REST load generator (rest-load-client.ts) in a child process and collects its figures. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentiles, type Percentiles } from './stats.js';

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'rest-load-client.ts');

export interface RestLoadResult extends Percentiles {
  readonly requestsPerSec: number;
  /** Requests sent, warm-up included. */
  readonly sent: number;
  /** CPU time of the load generator (its own process) per request sent. */
  readonly clientCpuMsPerRequest: number;
  readonly failures: number;
}

/** Closed loop: `clients` clients each send `requestsPerClient` requests back to back (saturation). */
export async function restLoad(
  baseUrl: string,
  connectors: readonly string[],
  clients: number,
  requestsPerClient: number,
  only?: { readonly listPath: string; readonly mix: 'list' | 'status' },
): Promise<RestLoadResult> {
  const extra = only === undefined ? [] : ['', only.listPath, only.mix];
  return runClient(baseUrl, [baseUrl, connectors.join(','), String(clients), String(requestsPerClient), ...extra]);
}

/**
 * Paced (open loop): `clients` clients together send `ratePerSec` requests a second, `requestsPerClient`
 * each; latency counts from each request's scheduled send time (see rest-load-client.ts).
 */
export async function restPacedLoad(
  baseUrl: string,
  connectors: readonly string[],
  clients: number,
  requestsPerClient: number,
  ratePerSec: number,
  only?: { readonly listPath: string; readonly mix: 'list' | 'status' },
): Promise<RestLoadResult> {
  const extra = only === undefined ? [] : [only.listPath, only.mix];
  return runClient(baseUrl, [
    baseUrl,
    connectors.join(','),
    String(clients),
    String(requestsPerClient),
    String(ratePerSec),
    ...extra,
  ]);
}

async function runClient(baseUrl: string, args: readonly string[]): Promise<RestLoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`REST load client exited with ${code}: ${err.slice(-2000)}`);
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    latencies: number[];
    sent: number;
    cpuMs: number;
    failures: string[];
    failureCount: number;
    wallMs: number;
  };
  if (result.failureCount > 0)
    throw new Error(
      `REST load on ${baseUrl}: ${result.failureCount} failed requests, e.g. ${result.failures.join('; ')}`,
    );
  return {
    ...percentiles(result.latencies),
    requestsPerSec: (result.sent * 1000) / result.wallMs,
    sent: result.sent,
    clientCpuMsPerRequest: result.cpuMs / result.sent,
    failures: result.failureCount,
  };
}

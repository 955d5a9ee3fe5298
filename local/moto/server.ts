/**
 * moto in server mode (`moto_server`, PyPI `moto[server]`): one process answering every AWS service it
 * emulates (S3, DynamoDB, ...) on one endpoint. Tests start one per file (or per suite) and stop it by
 * its handle; nothing here is part of the local stack's default run.
 *
 * Install once (about 30 s): `python3 -m venv .cache/moto-venv && .cache/moto-venv/bin/pip install
 * 'moto[server]==5.2.6'` (the prefetch does this).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { httpUrl } from '../http/server-lifecycle.js';

/** Where the install command above puts `moto_server`, relative to the repository root. */
export const DEFAULT_MOTO_SERVER = fileURLToPath(new URL('../../.cache/moto-venv/bin/moto_server', import.meta.url));

export interface MotoServerOptions {
  /** Path of the `moto_server` executable. Default {@link DEFAULT_MOTO_SERVER}. */
  readonly executable?: string;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default: a free port. */
  readonly port?: number;
  /** How long to wait for the server to answer. Default 30 s. */
  readonly startTimeoutMs?: number;
}

/** A running moto server; `close()` stops it by PID (SIGTERM, then SIGKILL after 5 s). */
export interface MotoServer {
  /** `http://host:port`: the endpoint for every service's client (S3 needs `forcePathStyle`). */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Forgets every resource (moto's `/moto-api/reset`), for a clean slate between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Spawns `moto_server` and resolves once it answers HTTP requests. */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  try {
    return await launch(options);
  } catch (error) {
    // A port the OS called free can be taken before moto binds it (test files run side by side): once more.
    if (options.port !== undefined || !/Address already in use/i.test(String(error))) throw error;
    return await launch(options);
  }
}

async function launch(options: MotoServerOptions): Promise<MotoServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const executable = options.executable ?? DEFAULT_MOTO_SERVER;
  const child = spawn(executable, ['-H', host, '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = captureTail(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  const endpoint = httpUrl(host, port);
  const stop = (): Promise<void> => stopChild(child, exited);
  try {
    await waitUntilServing(endpoint, options.startTimeoutMs ?? 30_000, exited, spawnFailed, stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const reset = async (): Promise<void> => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
  };
  return { endpoint, port, pid: child.pid as number, reset, close: stop };
}

async function waitUntilServing(
  endpoint: string,
  timeoutMs: number,
  exited: Promise<number | null>,
  spawnFailed: Promise<Error>,
  stderr: () => string,
): Promise<void> {
  let failure: Error | undefined;
  void exited.then((code) => (failure ??= new Error(`moto_server exited with ${code} before serving: ${stderr()}`)));
  void spawnFailed.then(
    (error) => (failure ??= new Error(`moto_server could not start: ${error.message}`, { cause: error })),
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failure !== undefined) throw failure;
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw failure ?? new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms: ${stderr()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(child.pid, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function captureTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-2_000);
  });
  return () => tail.trim();
}

/** A port that was free a moment ago (moto_server cannot report the port it bound for `-p 0`). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

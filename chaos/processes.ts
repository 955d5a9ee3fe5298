/**
 * The processes the chaos suite runs and kills: a Kafka broker, the embedded DynamoDB server and the
 * local stack (`local/main.ts`), each a child process of its own on a fixed port and data dir, so each
 * can be SIGKILLed and started again in place. Also samples their memory and open handles from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  readonly name: string;
  /** The process that does the work (the JVM for the broker). */
  readonly pid: number;
  readonly process: ChildProcess;
  /** SIGKILL, as a crash: no cleanup runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Spawns `node --import tsx <script> args` and resolves at the first stdout line starting with READY. */
async function spawnReady(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<{ child: ChildProcess; words: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const words = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms: ${err.slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim().split(' ').slice(1));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-20_000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before READY: ${err.slice(-2000)}`));
    });
  });
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, words };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export async function startBroker(port: number, dataDir: string): Promise<Child & { bootstrap: string }> {
  const { child, words } = await spawnReady('kafka', 'chaos/broker-main.ts', [String(port), dataDir], process.env);
  const jvm = Number(words[1]);
  return {
    name: 'kafka',
    pid: jvm,
    process: child,
    bootstrap: words[0] ?? '',
    kill: async () => {
      killPid(jvm, 'SIGKILL');
      child.stdin?.end(); // the wrapper's stop() finds the JVM gone and exits
      await exited(child);
    },
    stop: async () => {
      child.stdin?.end();
      await exited(child);
    },
  };
}

export async function startDynamo(port: number, dataDir: string): Promise<Child & { endpoint: string }> {
  const { child, words } = await spawnReady(
    'dynamodb',
    'local/dynamodb/embedded-process-main.ts',
    ['127.0.0.1', String(port), dataDir],
    process.env,
  );
  return {
    name: 'dynamodb',
    pid: child.pid ?? 0,
    process: child,
    endpoint: words[0] ?? '',
    kill: async () => {
      killPid(child.pid ?? 0, 'SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.stdin?.end();
      await exited(child);
    },
  };
}

export interface StackSettings {
  readonly port: number;
  readonly dataDir: string;
  readonly bootstrap: string;
  readonly dynamoEndpoint: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** `local/main.ts` in its own process; ready once `GET /` answers 200. */
export async function startStack(
  settings: StackSettings,
): Promise<Child & { url: string; invokeUrl: () => string | null }> {
  const env = {
    ...process.env,
    PORT: String(settings.port),
    DATA_DIR: settings.dataDir,
    KAFKA_BOOTSTRAP_SERVERS: settings.bootstrap,
    DYNAMODB_ENDPOINT: settings.dynamoEndpoint,
    LOG_LEVEL: 'info', // the ready line, with the Invoke endpoint, is logged at info
    ...settings.extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let invoke: string | null = null;
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-5_000);
    // The stack logs to stderr; its ready line names the local Invoke endpoint.
    invoke ??= /lambdaInvoke[=":]+"?(http:\/\/[^\s"]+)/.exec(err)?.[1] ?? null;
  });
  const url = `http://127.0.0.1:${settings.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`stack exited (${child.exitCode}): ${err}`);
    const ok = await fetch(`${url}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`stack not ready: ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    name: 'stack',
    pid: child.pid ?? 0,
    process: child,
    url,
    invokeUrl: () => invoke,
    kill: async () => {
      killPid(child.pid ?? 0, 'SIGKILL');
      await exited(child);
    },
    stop: async () => {
      killPid(child.pid ?? 0, 'SIGTERM');
      await exited(child);
    },
  };
}

export interface ProcessSample {
  readonly rssMb: number;
  readonly fds: number;
}

/** Resident memory and open file descriptors (sockets, files, pipes) of a process, from /proc. */
export async function sampleProcess(pid: number): Promise<ProcessSample | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0');
    const fds = (await readdir(`/proc/${pid}/fd`)).length;
    return { rssMb: Math.round(rssKb / 102.4) / 10, fds };
  } catch {
    return null;
  }
}

/**
 * A real PostgreSQL server for tests, benches and `npm start`: `startPostgres()` initialises a fresh
 * cluster in a temp directory, serves it on a free port of 127.0.0.1 and resolves once it accepts
 * connections. `stop()` shuts it down (fast shutdown) and deletes the cluster. Like the Kafka broker,
 * it never outlives us: a shell watchdog stops it and removes its files when our process dies unhooked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { freePort } from '../kafka/free-port.js';
import { postgresAccount, postgresBinaries, type RunAs } from './binaries.js';
import { spawnWatchdog } from './watchdog.js';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const TAIL_LINES = 100;

export interface StartPostgresOptions {
  /** Receives each line the server logs. */
  readonly log?: (line: string) => void;
  /** Keep PostgreSQL's durability settings (fsync on). Default false: tests and benches trade it for speed. */
  readonly durable?: boolean;
}

export interface PostgresServer {
  /** `jdbc:postgresql://127.0.0.1:<port>/postgres`, as a connector's `connection.url` spells it. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The superuser's name and password. */
  readonly user: string;
  readonly password: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** The cluster's directory (removed by `stop`). */
  readonly directory: string;
  /** Creates a database and returns its JDBC URL (tests use one database each). */
  createDatabase(name: string): Promise<string>;
  /** A connected node-postgres client on `database` (default `postgres`); the caller ends it. */
  connect(database?: string): Promise<pg.Client>;
  /** Fast shutdown (SIGINT), SIGKILL after 15 s, then the cluster's files are removed. Idempotent. */
  stop(): Promise<void>;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binaries = await postgresBinaries();
  const account = postgresAccount();
  const base = await mkdtemp(join(tmpdir(), 'lc-postgres-'));
  const user = 'lambda_connect';
  const password = randomBytes(18).toString('base64url');
  try {
    if (account) await chown(base, account.uid, account.gid);
    await initdb(binaries.initdb, base, user, password, account);
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const server = spawnServer(binaries.postgres, base, port, account, options);
  const host = '127.0.0.1';
  const connect = async (database = 'postgres'): Promise<pg.Client> => {
    const client = new pg.Client({ host, port, user, password, database });
    await client.connect();
    return client;
  };
  try {
    await waitUntilReady(server, connect);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `jdbc:postgresql://${host}:${port}/postgres`,
    host,
    port,
    user,
    password,
    pid: server.pid,
    directory: base,
    connect,
    async createDatabase(name: string): Promise<string> {
      const client = await connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `jdbc:postgresql://${host}:${port}/${encodeURIComponent(name)}`;
    },
    stop: server.stop,
  };
}

async function initdb(
  binary: string,
  base: string,
  user: string,
  password: string,
  account: RunAs | undefined,
): Promise<void> {
  const passwordFile = join(base, 'pwfile');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) await chown(passwordFile, account.uid, account.gid);
  const args = [
    '-D',
    join(base, 'data'),
    '-U',
    user,
    '--auth=scram-sha-256',
    `--pwfile=${passwordFile}`,
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ];
  try {
    await runToEnd(binary, args, account);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function runToEnd(binary: string, args: readonly string[], account: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...account, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

interface RunningServer {
  readonly pid: number;
  readonly child: ChildProcess;
  tail(): string;
  stop(): Promise<void>;
}

function spawnServer(
  binary: string,
  base: string,
  port: number,
  account: RunAs | undefined,
  options: StartPostgresOptions,
): RunningServer {
  const settings = [
    'TimeZone=UTC',
    'max_connections=200',
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${base}`,
  ];
  if (!options.durable) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const args = ['-D', join(base, 'data'), '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  const child = spawn(binary, args, { ...account, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Could not start ${binary}`);
  const pid = child.pid;
  const lines: string[] = [];
  const onLine = (line: string): void => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    options.log?.(line);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const watchdog = spawnWatchdog(pid, base);
  const onExit = (): void => {
    child.kill('SIGINT');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      watchdog.kill();
      await rm(base, { recursive: true, force: true });
    })());
  return { pid, child, tail: () => lines.join('\n'), stop };
}

/** Polls for a first successful connection; fails at once, with the server's last lines, if it exits. */
async function waitUntilReady(server: RunningServer, connect: () => Promise<pg.Client>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`PostgreSQL exited before accepting connections:\n${server.tail()}`);
    }
    try {
      const client = await connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms:\n${server.tail()}`, {
    cause: lastError,
  });
}

/**
 * One node-postgres pool per warm Lambda environment and database login (URL + user + password), shared
 * by every task that runs there, and ended once nobody has used it for a while.
 *
 * Lambda freezes an environment between invocations for minutes at a time, and databases, NAT gateways
 * and RDS Proxy close idle connections meanwhile. So a connection idle for longer than `staleAfterMs` is
 * discarded at checkout rather than trusted, idle connections are closed after `idleTimeoutMs`, and a
 * connection that dies while idle is dropped without crashing the process. For RDS Proxy, sessions stay
 * multiplexable (no pinning): nothing here sets session state or uses named prepared statements.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PostgresUrl } from './connection-url.js';
import { SslMode } from './connection-url.js';

export interface ConnectionSettings {
  readonly url: PostgresUrl;
  readonly user: string | undefined;
  readonly password: string | undefined;
}

export interface PoolOptions {
  /** Connections per pool. Default 4: a Lambda environment runs one slice at a time, locally a few tasks share it. */
  readonly max?: number;
  /** Close a connection idle this long. Default 30 s. */
  readonly idleTimeoutMs?: number;
  /** End the pool once unused (no lease) this long. Default 60 s. */
  readonly poolIdleMs?: number;
  /** Replace, at checkout, a connection idle this long (it may have died while the environment was frozen). Default 60 s. */
  readonly staleAfterMs?: number;
}

/** A handle on a shared pool; `release()` once the task stops. */
export interface PoolLease {
  /** A connection for one unit of work; pass it back to `done` (with the error, if it failed). */
  checkout(): Promise<pg.PoolClient>;
  done(client: pg.PoolClient, error?: unknown): void;
  release(): void;
}

interface Entry {
  readonly pool: pg.Pool;
  leases: number;
  idleTimer: NodeJS.Timeout | undefined;
}

const pools = new Map<string, Entry>();
const lastUsed = new WeakMap<pg.PoolClient, number>();

/** Leases the pool for these settings, creating it on first use. */
export function leasePool(settings: ConnectionSettings, options: PoolOptions = {}): PoolLease {
  const key = poolKey(settings);
  let entry = pools.get(key);
  if (entry === undefined) {
    entry = { pool: createPool(settings, options), leases: 0, idleTimer: undefined };
    pools.set(key, entry);
  }
  const held = entry;
  clearTimeout(held.idleTimer);
  held.idleTimer = undefined;
  held.leases += 1;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  let released = false;
  return {
    async checkout(): Promise<pg.PoolClient> {
      for (;;) {
        const client = await held.pool.connect();
        const idleSince = lastUsed.get(client);
        if (idleSince === undefined || Date.now() - idleSince < staleAfterMs) return client;
        client.release(true);
      }
    },
    done(client: pg.PoolClient, error?: unknown): void {
      lastUsed.set(client, Date.now());
      // A connection that failed may be mid-transaction or broken: never hand it out again.
      client.release(error === undefined ? undefined : true);
    },
    release(): void {
      if (released) return;
      released = true;
      held.leases -= 1;
      if (held.leases === 0) scheduleEnd(key, held, options.poolIdleMs ?? 60_000);
    },
  };
}

/** Ends every pool now (tests, and the local stack's shutdown). */
export async function endAllPools(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  for (const entry of entries) clearTimeout(entry.idleTimer);
  await Promise.all(entries.map((entry) => entry.pool.end()));
}

/** How many pools are open: tests check that pools close when idle. */
export function openPoolCount(): number {
  return pools.size;
}

function scheduleEnd(key: string, entry: Entry, afterMs: number): void {
  entry.idleTimer = setTimeout(() => {
    if (entry.leases > 0 || pools.get(key) !== entry) return;
    pools.delete(key);
    void entry.pool.end().catch(() => undefined);
  }, afterMs);
  // An idle pool must not keep a process (a test, the local stack) alive.
  entry.idleTimer.unref();
}

function poolKey(settings: ConnectionSettings): string {
  const { url } = settings;
  // The password is part of the login (a rotated secret needs new connections) but is kept only hashed.
  const secret = createHash('sha256')
    .update(settings.password ?? '')
    .digest('hex')
    .slice(0, 16);
  return JSON.stringify([
    url.host,
    url.port,
    url.database,
    url.sslMode,
    url.currentSchema,
    url.applicationName,
    settings.user,
    secret,
  ]);
}

function createPool(settings: ConnectionSettings, options: PoolOptions): pg.Pool {
  const { url } = settings;
  const pool = new pg.Pool({
    host: url.host,
    port: url.port,
    database: url.database ?? settings.user,
    user: settings.user,
    password: settings.password,
    ssl: sslOptions(url.sslMode),
    max: options.max ?? 4,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    connectionTimeoutMillis: (url.connectTimeoutSeconds ?? 10) * 1000,
    allowExitOnIdle: true,
    keepAlive: true,
    application_name: url.applicationName ?? 'lambda-connect',
    // A startup option, not a SET: RDS Proxy would pin the session for a SET.
    ...(url.currentSchema === undefined ? {} : { options: `-c search_path=${url.currentSchema}` }),
  });
  // An idle connection the server or a proxy closes emits here; without a listener the process would crash.
  pool.on('error', () => undefined);
  return pool;
}

function sslOptions(mode: SslMode | undefined): pg.PoolConfig['ssl'] {
  switch (mode) {
    case undefined:
    case SslMode.DISABLE:
    case SslMode.ALLOW:
      return false;
    case SslMode.PREFER:
    case SslMode.REQUIRE:
      // libpq's require encrypts without checking the certificate.
      return { rejectUnauthorized: false };
    case SslMode.VERIFY_CA:
    case SslMode.VERIFY_FULL:
      return { rejectUnauthorized: true };
  }
}

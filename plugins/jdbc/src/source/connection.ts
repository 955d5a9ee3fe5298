/**
 * The source's database session: one connection from the warm environment's shared pool, held for the
 * slice (a bulk pass keeps a cursor open on it) and handed back at `stop`, discarded if it failed. Errors
 * follow the plugin's rules (common/errors.ts): outages are retriable, anything else fails the task with
 * the database's message.
 */
import type pg from 'pg';
import { leasePool, toConnectError, type ConnectionSettings, type PoolLease } from '../common/index.js';

export class SourceSession {
  private lease: PoolLease | null = null;
  private client: pg.PoolClient | null = null;
  private failure: unknown = undefined;

  constructor(private readonly settings: ConnectionSettings) {}

  /** The session's connection, checked out on first use; an unreachable database is a `RetriableError`. */
  async connection(): Promise<pg.PoolClient> {
    if (this.client !== null) return this.client;
    const lease = this.lease ?? (this.lease = leasePool(this.settings));
    try {
      this.client = await lease.checkout();
    } catch (error) {
      throw toConnectError(error, 'Connecting to the database');
    }
    return this.client;
  }

  /** Remembers that the connection failed, so it is discarded rather than pooled. */
  failed(error: unknown): void {
    this.failure = error;
  }

  /** Hands the connection back and drops the lease. */
  close(): void {
    if (this.client !== null) this.lease?.done(this.client, this.failure);
    this.client = null;
    this.lease?.release();
    this.lease = null;
  }
}

/** Runs `work` on a connection of its own and hands it back (the connector's table listing). */
export async function withConnection<T>(
  settings: ConnectionSettings,
  doing: string,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const session = new SourceSession(settings);
  try {
    return await work(await session.connection());
  } catch (error) {
    session.failed(error);
    throw toConnectError(error, doing);
  } finally {
    session.close();
  }
}

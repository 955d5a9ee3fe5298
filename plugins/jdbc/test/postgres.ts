/** One real PostgreSQL server per test file, and a fresh database per test. */
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { startPostgres, type PostgresServer } from '../../../local/postgres/server.js';
import { endAllPools } from '../src/common/pool-registry.js';

export interface TestDatabase {
  readonly url: string;
  readonly props: Record<string, string>;
  /** Rows of `sql`, with a fresh connection to this database. */
  query<T extends Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
}

/** Starts the server before the file's tests and stops it (and every pool) after them. */
export function usePostgres(): { database(): Promise<TestDatabase>; server(): PostgresServer } {
  let server: PostgresServer | undefined;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await endAllPools();
    await server?.stop();
  });
  const started = (): PostgresServer => {
    if (server === undefined) throw new Error('PostgreSQL is not started');
    return server;
  };
  return {
    server: started,
    async database(): Promise<TestDatabase> {
      const pg = started();
      const name = `db_${randomUUID().replaceAll('-', '')}`;
      const url = await pg.createDatabase(name);
      return {
        url,
        props: { 'connection.url': url, 'connection.user': pg.user, 'connection.password': pg.password },
        async query<T extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
          const client = await pg.connect(name);
          try {
            return (await client.query<T>(sql, values)).rows;
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

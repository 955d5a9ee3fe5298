import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '../../../../test/helpers/wait.js';
import { parsePostgresUrl } from '../../src/common/connection-url.js';
import { leasePool, openPoolCount } from '../../src/common/pool-registry.js';
import { usePostgres } from '../postgres.js';

const pg = usePostgres();

function settings(url: string, user: string, password: string) {
  return { url: parsePostgresUrl(url), user, password };
}

async function backendPid(lease: ReturnType<typeof leasePool>): Promise<number> {
  const client = await lease.checkout();
  try {
    return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  } finally {
    lease.done(client);
  }
}

describe('pool registry on PostgreSQL', () => {
  test('tasks with the same login share one pool; it ends once unused for poolIdleMs', async () => {
    const db = await pg.database();
    const login = settings(db.url, pg.server().user, pg.server().password);
    const before = openPoolCount();
    const first = leasePool(login, { poolIdleMs: 50 });
    const second = leasePool(login, { poolIdleMs: 50 });
    assert.equal(openPoolCount(), before + 1);
    assert.equal(await backendPid(first), await backendPid(second), 'one idle connection serves both');
    first.release();
    first.release();
    assert.equal(openPoolCount(), before + 1, 'still leased by the second');
    second.release();
    await waitFor(() => openPoolCount() === before, { message: 'the idle pool to end' });
    // The server ends the backend a moment after the client closed it (seen under load: still listed).
    const serverSessions = async (): Promise<string | undefined> =>
      (
        await db.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = 'lambda-connect' AND datname = current_database()",
        )
      )[0]?.n;
    await waitFor(async () => (await serverSessions()) === '0', {
      message: 'the pool connection to end on the server',
    });
    assert.equal(await serverSessions(), '0');
  });

  test('a connection the server drops while idle is discarded without crashing, and the next checkout works', async () => {
    const db = await pg.database();
    const lease = leasePool(settings(db.url, pg.server().user, pg.server().password));
    try {
      const pid = await backendPid(lease);
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      await waitFor(async () => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length === 0, {
        message: 'the backend to end',
      });
      let next: number | undefined;
      await waitFor(
        async () => {
          next = await backendPid(lease);
          return true;
        },
        { message: 'a fresh connection' },
      );
      assert.notEqual(next, pid);
    } finally {
      lease.release();
    }
  });

  test('a connection idle longer than staleAfterMs is replaced at checkout (it may have died while Lambda was frozen)', async () => {
    const db = await pg.database();
    const lease = leasePool(settings(db.url, pg.server().user, pg.server().password), { staleAfterMs: 0 });
    try {
      const first = await backendPid(lease);
      const second = await backendPid(lease);
      assert.notEqual(first, second);
    } finally {
      lease.release();
    }
  });
});

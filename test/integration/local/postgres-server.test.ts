import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { startPostgres } from '../../../local/postgres/server.js';
import { waitFor } from '../../helpers/wait.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('local PostgreSQL (startPostgres)', () => {
  test('serves PostgreSQL 18 with password authentication on 127.0.0.1; stop ends it and removes the cluster', async (t) => {
    const server = await startPostgres();
    t.after(() => server.stop());
    assert.match(server.url, /^jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/postgres$/);
    const client = await server.connect();
    const [row] = (
      await client.query<{ version: string; tz: string }>(
        "SELECT current_setting('server_version') AS version, current_setting('TimeZone') AS tz",
      )
    ).rows;
    await client.end();
    assert.match(row?.version ?? '', /^18\./);
    assert.equal(row?.tz, 'UTC');
    const url = await server.createDatabase('second');
    assert.equal(url, `jdbc:postgresql://127.0.0.1:${server.port}/second`);
    await server.stop();
    assert.equal(alive(server.pid), false);
    assert.equal(await exists(server.directory), false);
  });

  test('a SIGKILLed owner leaves nothing behind: the watchdog stops the server and removes its files', async (t) => {
    const owner = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        [
          "import('./local/postgres/server.ts').then(async ({ startPostgres }) => {",
          '  const s = await startPostgres();',
          '  console.log(JSON.stringify({ pid: s.pid, directory: s.directory }));',
          '  setInterval(() => undefined, 1000);',
          '});',
        ].join('\n'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.after(() => {
      if (owner.exitCode === null && owner.signalCode === null) owner.kill('SIGKILL');
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: owner.stdout }).once('line', resolve);
      owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) before starting PostgreSQL`)));
    });
    const { pid, directory } = JSON.parse(line) as { pid: number; directory: string };
    t.after(() => {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    });
    assert.equal(alive(pid), true);
    owner.kill('SIGKILL');
    await waitFor(async () => !alive(pid) && !(await exists(directory)), {
      timeoutMs: 30_000,
      message: 'the orphaned PostgreSQL to stop and its cluster to be removed',
    });
  });
});

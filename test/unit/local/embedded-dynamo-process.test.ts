/**
 * The embedded DynamoDB in its own process (the local stack's default): it serves the stores, keeps a
 * data directory across restarts, is stopped by PID, and never outlives a parent that died.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { tableNamesWithPrefix } from '../../../lib/stores/tables.js';
import {
  createLocalDynamoClient,
  createTables,
  startEmbeddedDynamoProcess,
  type EmbeddedDynamoProcess,
} from '../../../local/dynamodb/index.js';
import { waitFor } from '../../helpers/wait.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const tables = tableNamesWithPrefix('lc-proc');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes a connector through the stores on `dynamo`, or reads it back. */
async function withStores<T>(
  dynamo: EmbeddedDynamoProcess,
  use: (stores: ReturnType<typeof createDynamoStores>) => Promise<T>,
): Promise<T> {
  const client = createLocalDynamoClient(dynamo.endpoint);
  try {
    await createTables(client, tables);
    return await use(createDynamoStores(client, tables));
  } finally {
    client.destroy();
  }
}

test('serves the stores from another process and is gone once closed', async () => {
  const dynamo = await startEmbeddedDynamoProcess();
  try {
    assert.notEqual(dynamo.pid, process.pid);
    assert.ok(isAlive(dynamo.pid));
    const stored = await withStores(dynamo, async (stores) => {
      await stores.configs.putConnector('c1', { a: 'b' }, 0);
      return stores.configs.getConnector('c1');
    });
    assert.deepEqual(stored?.config, { a: 'b' });
  } finally {
    await dynamo.close();
  }
  assert.equal(isAlive(dynamo.pid), false, 'close() waits for the process to exit');
  await dynamo.close();
});

test('with a data directory the data survives a restart', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lc-dynamo-proc-'));
  try {
    const first = await startEmbeddedDynamoProcess({ dataDir });
    try {
      await withStores(first, (stores) => stores.configs.putConnector('kept', { k: 'v' }, 0));
    } finally {
      await first.close();
    }
    const second = await startEmbeddedDynamoProcess({ dataDir });
    try {
      assert.notEqual(second.pid, first.pid);
      assert.deepEqual((await withStores(second, (stores) => stores.configs.getConnector('kept')))?.config, { k: 'v' });
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a parent killed with SIGKILL takes the process along', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lc-dynamo-parent-'));
  const script = join(dir, 'parent.mts');
  const module = join(REPO, 'local/dynamodb/embedded-process.ts');
  await writeFile(
    script,
    `import { startEmbeddedDynamoProcess } from ${JSON.stringify(module)};\nconst d = await startEmbeddedDynamoProcess();\nconsole.log(d.pid);\nsetInterval(() => {}, 1000);\n`,
  );
  const parent = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let childPid: number | undefined;
  try {
    const [line] = (await Promise.race([
      once(createInterface({ input: parent.stdout }), 'line'),
      once(parent, 'exit').then(([code]) => {
        throw new Error(`the parent exited (${String(code)}) before printing its child's pid`);
      }),
    ])) as [string];
    childPid = Number(line);
    assert.ok(Number.isInteger(childPid) && isAlive(childPid), `the child runs (${line})`);
    const exited = once(parent, 'exit');
    parent.kill('SIGKILL');
    await exited;
    const pid = childPid;
    await waitFor(() => !isAlive(pid), {
      timeoutMs: 10_000,
      message: `embedded DynamoDB process ${pid} to exit after its parent died`,
    });
  } finally {
    if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    if (childPid !== undefined && isAlive(childPid)) process.kill(childPid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

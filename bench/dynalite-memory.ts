/**
 * Measures the embedded dynalite's memory under a steady workload at a constant item count: the
 * scheduler's and the slices' calls (list connectors, read configs, take and release leases, write
 * statuses and offsets) for a fixed set of connectors, over and over, sampling the server's RSS.
 *
 *   tsx bench/dynalite-memory.ts [seconds=180] [process|in-process] [disk|memory]
 *
 * `process` (the local stack's default) samples the child's RSS from /proc; `in-process` also prints
 * the V8 heap and external memory after a forced GC (run with `node --expose-gc --import tsx`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalDynamoClient,
  createTables,
  startEmbeddedDynamo,
  startEmbeddedDynamoProcess,
} from '../local/dynamodb/index.js';
import { createDynamoStores } from '../lib/stores/dynamodb/index.js';
import { tableNamesWithPrefix } from '../lib/stores/tables.js';
import { State, TargetState } from '../lib/stores/model.js';

const seconds = Number(process.argv[2] ?? '180');
const placement = process.argv[3] ?? 'process';
const storage = process.argv[4] ?? 'disk';
const CONNECTORS = 20;

const dir = await mkdtemp(join(tmpdir(), 'dynalite-memory-'));
const options = storage === 'disk' ? { dataDir: dir } : {};
const server = placement === 'process' ? await startEmbeddedDynamoProcess(options) : await startEmbeddedDynamo(options);
const client = createLocalDynamoClient(server.endpoint);
const tables = tableNamesWithPrefix('mem');
await createTables(client, tables);
const stores = createDynamoStores(client, tables);

function rssMb(): number {
  if ('pid' in server) {
    const status = readFileSync(`/proc/${String(server.pid)}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0') / 1024;
  }
  return process.memoryUsage().rss / 2 ** 20;
}

function sample(elapsedS: number, ops: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  const inProcess =
    placement === 'process'
      ? ''
      : ` heap=${(m.heapUsed / 2 ** 20).toFixed(1)} external=${(m.external / 2 ** 20).toFixed(1)}`;
  console.log(
    `t=${String(elapsedS).padStart(4)}s ops=${String(ops).padStart(7)} rss=${rssMb().toFixed(1)}MB${inProcess}`,
  );
}

const names = Array.from({ length: CONNECTORS }, (_, i) => `c${String(i)}`);
for (const name of names) {
  await stores.configs.putConnector(
    name,
    { 'connector.class': 'FileStreamSource', file: '/tmp/x', topic: 't' },
    0,
    TargetState.STARTED,
  );
  await stores.configs.putTaskConfigs({
    connector: name,
    generation: 1,
    configVersion: 1,
    tasks: [{ id: 0, config: { a: 'b' }, partitions: [] }],
  });
}

const started = Date.now();
let ops = 0;
let nextSample = 0;
let position = 0;
while (Date.now() - started < seconds * 1000) {
  const elapsed = Math.floor((Date.now() - started) / 1000);
  if (elapsed >= nextSample) {
    sample(elapsed, ops);
    nextSample += 15;
  }
  await stores.configs.listConnectors();
  await Promise.all(
    names.map(async (name) => {
      await stores.configs.getConnector(name);
      await stores.configs.getTaskConfigs(name);
      const lease = await stores.leases.acquire(name, 0, 1, 'me', 60_000, Date.now());
      if (lease === null) return;
      const fence = { generation: 1, epoch: lease.epoch };
      await stores.statuses.putTaskStatus(name, {
        id: 0,
        state: State.RUNNING,
        workerId: 'w',
        epoch: lease.epoch,
        updatedAt: Date.now(),
      });
      await stores.offsets.putSourceOffsets(
        name,
        [{ partition: { filename: '/tmp/x' }, offset: { position: position++ } }],
        fence,
      );
      await stores.statuses.getStatuses(name);
      await stores.leases.release(lease);
    }),
  );
  ops += 1 + CONNECTORS * 7;
}
sample(Math.floor((Date.now() - started) / 1000), ops);
client.destroy();
await server.close();
await rm(dir, { recursive: true, force: true });

/**
 * Where the time of one `GET /connectors?expand=…` goes at 1,000 connectors (decision 0024): each store
 * read of the listing on its own (items, bytes, ms), the herder's whole listing, the JSON rendering, and
 * the request through the local stack, with the CPU of the stack's process and DynamoDB's.
 * `npx tsx bench/listing-profile.ts [connectors]`; prints a Markdown table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { State } from '../lib/stores/model.js';
import type { Stores } from '../lib/stores/ports.js';
import { createDynamoClient, createDynamoStores, DynamoTable } from '../lib/stores/dynamodb/index.js';
import { startLocalStack } from '../local/stack.js';
import { processCpuMs } from './rest-stack.js';
import { spread } from './stats.js';

const ROUNDS = 10;

async function timed<T>(rounds: number, run: () => Promise<T>): Promise<{ ms: number; min: number; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    last = await run();
    samples.push(performance.now() - started);
  }
  const s = spread(samples);
  return { ms: s.median, min: s.min, last: last as T };
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 1_000);
  const workDir = await mkdtemp(join(tmpdir(), 'lc-listing-'));
  // The reads measured never contact Kafka: any address will do.
  const stack = await startLocalStack({
    port: 0,
    kafkaBootstrapServers: '127.0.0.1:9',
    tablePrefix: 'lc-listing',
    tickMs: 3_600_000,
    enforceIam: false,
  });
  const dynamoCpuMs = (): Promise<number> =>
    stack.dynamoPid === null ? Promise.resolve(0) : processCpuMs(stack.dynamoPid);
  try {
    const { runtime } = stack;
    const names = await seedIdle(runtime.stores, size, workDir, runtime.config.workerId);
    const client = createDynamoClient({
      region: 'us-east-1',
      endpoint: stack.dynamoEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const stores = createDynamoStores(client, runtime.config.tables);
    const configTable = new DynamoTable(client, runtime.config.tables.config);
    const rows: string[][] = [];
    const row = (what: string, ms: number, detail: string): void => void rows.push([what, ms.toFixed(1), detail]);
    const bytes = (items: readonly unknown[]): number =>
      items.reduce<number>((n, i) => n + JSON.stringify(i).length, 0);

    const listed = await timed(ROUNDS, () => configTable.query('connectors'));
    row('list Query, whole items (configs)', listed.ms, `${listed.last.length} items, ${bytes(listed.last)} B of JSON`);
    const namesOnly = await timed(ROUNDS, () => stores.configs.listConnectorNames());
    row('list Query, names only', namesOnly.ms, `${namesOnly.last.length} names`);
    const counts = await timed(ROUNDS, () => stores.configs.getTaskCounts(names));
    row(
      'task counts (BatchGetItem of commit items)',
      counts.ms,
      `${counts.last.size} items, ${Math.ceil(size / 100)} calls`,
    );
    const statusKeys = names.map((name) => ({ name, taskCount: counts.last.get(name) ?? 0 }));
    const statusKeyCount = statusKeys.reduce((n, k) => n + 1 + k.taskCount, 0);
    const entries = await timed(ROUNDS, () => stores.configs.listConnectorEntries({ configs: false }));
    row(
      'list Query, listing attributes only',
      entries.ms,
      `${entries.last.length} entries, ${bytes(entries.last)} B of JSON`,
    );
    for (const consistent of [true, false]) {
      const statuses = await timed(ROUNDS, () => stores.statuses.getStatusesOf(statusKeys, { consistent }));
      row(
        `statuses, shared partitions (16 Queries, ${consistent ? 'strongly' : 'eventually'} consistent)`,
        statuses.ms,
        `${statuses.last.size} connectors, ${statusKeyCount} items`,
      );
    }
    const herder = runtime.herder();
    for (const expand of [
      { status: true, info: false },
      { status: false, info: true },
      { status: true, info: true },
    ]) {
      const label = [expand.status ? 'status' : '', expand.info ? 'info' : ''].filter(Boolean).join('+');
      const whole = await timed(ROUNDS, () => herder.expandedConnectors(expand));
      row(`herder.expandedConnectors(${label})`, whole.ms, `${Object.keys(whole.last).length} entries`);
      const rendered = await timed(ROUNDS, async () => JSON.stringify(whole.last));
      row(`JSON.stringify(${label})`, rendered.ms, `${rendered.last.length} B`);
      const query = [expand.status ? 'expand=status' : '', expand.info ? 'expand=info' : ''].filter(Boolean).join('&');
      const cpuStack = process.cpuUsage();
      const cpuDynamo = await dynamoCpuMs();
      const http = await timed(ROUNDS, async () => {
        const response = await fetch(`${stack.url}/connectors?${query}`);
        return (await response.text()).length;
      });
      const stackCpu = process.cpuUsage(cpuStack);
      const dynamoCpu = (await dynamoCpuMs()) - cpuDynamo;
      row(
        `GET /connectors?${query} (local stack)`,
        http.ms,
        `${http.last} B; CPU per request: stack process ${((stackCpu.user + stackCpu.system) / 1000 / ROUNDS).toFixed(0)} ms, DynamoDB ${(dynamoCpu / ROUNDS).toFixed(0)} ms`,
      );
    }
    if (process.argv.includes('--cpu-profile')) await profileRequests(`${stack.url}/connectors?expand=status`);
    client.destroy();
    const out = [
      `${size} connectors, median of ${ROUNDS}, ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
      '',
      '| step | ms | detail |',
      '| --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await stack.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Idle connectors as the scale benchmark shapes them after their first slices: one task, all RUNNING. */
async function seedIdle(stores: Stores, size: number, workDir: string, workerId: string): Promise<string[]> {
  const names = Array.from(
    { length: size },
    (_, i) => `scale-${i % 2 === 0 ? 'source' : 'sink'}-${String(i).padStart(5, '0')}`,
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++;
      const name = names[i]!;
      const config: Record<string, string> =
        i % 2 === 0
          ? {
              'connector.class': 'FileStreamSource',
              'tasks.max': '1',
              file: join(workDir, `source-${i}.txt`),
              topic: `scale-out-${i}`,
            }
          : {
              'connector.class': 'FileStreamSink',
              'tasks.max': '1',
              file: join(workDir, `sink-${i}.txt`),
              topics: `scale-in-${i % 10}`,
            };
      const record = await stores.configs.putConnector(name, { ...config, name }, 0);
      await stores.configs.putTaskConfigs({
        connector: name,
        generation: 1,
        configVersion: record.version,
        tasks: [{ id: 0, config: { ...config, name, 'task.class': 'T' }, partitions: [] }],
      });
      await stores.statuses.putConnectorStatus(name, { state: State.RUNNING, workerId, generation: 1 });
      await stores.statuses.putTaskStatus(name, {
        id: 0,
        state: State.RUNNING,
        workerId,
        epoch: 1,
        updatedAt: Date.now(),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return names;
}

await main();

/** The stack process's CPU profile over 20 requests: self time by function, grouped by package. */
async function profileRequests(url: string): Promise<void> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  for (let i = 0; i < 20; i++) await (await fetch(url)).text();
  const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
  session.disconnect();
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const where = frame === undefined ? '?' : groupOf(frame.url, frame.functionName);
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.entries()].filter(([k]) => k !== '(idle)').reduce((n, [, v]) => n + v, 0);
  process.stderr.write(`stack process CPU per request: ${(total / 20).toFixed(1)} ms\n`);
  for (const [where, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
    process.stderr.write(`${(ms / 20).toFixed(2).padStart(8)} ms  ${where}\n`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function groupOf(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist-cjs\/)?(?:submodules\/)?([^/]*)/.exec(url);
  if (pkg) return `${pkg[1]} ${pkg[2]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\/\/work\/wt\/listing\//, '');
}

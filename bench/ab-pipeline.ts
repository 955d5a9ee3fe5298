/**
 * `npx tsx bench/ab-pipeline.ts --before DIR [--after DIR] [--records N] [--rounds N]`: the FileStream
 * pipeline (file → FileStreamSource → topic → FileStreamSink → file, StringConverter) on two lambda-connect
 * trees side by side in one run, interleaved A B B A A B ..., for a before/after comparison of a worker change.
 * Each tree runs its own local stack (`local/main.ts` in that tree, with that tree's node_modules) as a
 * child process; both use one Kafka broker started here and stay idle while the other runs. A run's time is
 * from the POST of the source to the whole input in the sink file, checked byte for byte. Prints per-run
 * figures and the after/before ratio of each adjacent pair (median and spread), and writes them to
 * bench/results/health.json (`--out FILE` elsewhere). `--after` defaults to this tree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { KafkajsKafka } from '../lib/kafka/kafkajs/kafkajs-kafka.js';
import { startKafkaBroker } from '../local/kafka/broker.js';
import { connectClient, type ConnectClient } from './connect-client.js';
import { sha256, waitForSize, writeLinesFile } from './lines-file.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';
import { spread, type Spread } from './stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const LINE_BYTES = 100;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface TreeStack {
  readonly label: string;
  readonly tree: string;
  readonly client: ConnectClient;
  stop(): Promise<void>;
}

/** Starts `tree`'s own local stack on the shared broker; resolves once its REST API answers. */
async function startTreeStack(label: string, tree: string, bootstrap: string, workDir: string): Promise<TreeStack> {
  const port = await freePort();
  const dataDir = join(workDir, `${label}-data`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: tree,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      KAFKA_BOOTSTRAP_SERVERS: bootstrap,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${label} stack (${tree}) exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/connectors`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the ${label} stack (${tree}) did not answer at ${url} within 120 s: ${stderr}`);
    }
    await delay(200);
  }
  return { label, tree, client: connectClient(url), stop };
}

let runCounter = 0;

/** One pipeline run on `stack`; the ms from the source's POST to the whole input in the sink file. */
async function runPipeline(
  stack: TreeStack,
  kafka: KafkajsKafka,
  input: { path: string; bytes: number; records: number; sha256: string },
  workDir: string,
): Promise<number> {
  runCounter += 1;
  const id = `ab-${stack.label}-${process.pid}-${runCounter}`;
  const output = join(workDir, `${id}.out`);
  await kafka.createTopics([{ topic: id, numPartitions: 1, replicationFactor: 1 }]);
  const started = performance.now();
  try {
    await stack.client.createConnector(`${id}-source`, sourceConfig(input.path, id, ConverterChoice.STRING));
    await stack.client.createConnector(`${id}-sink`, sinkConfig(output, id, ConverterChoice.STRING));
    const seen = await waitForSize(output, input.bytes, { timeoutMs: Math.max(120_000, input.records / 2) });
    if ((await sha256(output)) !== input.sha256) throw new Error(`${stack.label}: ${output} differs from the input`);
    return seen.completeAt - started;
  } finally {
    await stack.client.deleteConnector(`${id}-sink`);
    await stack.client.deleteConnector(`${id}-source`);
    await rm(output, { force: true });
  }
}

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const before = option('--before');
  if (before === undefined) throw new Error('--before DIR (the tree to compare against) is required');
  const after = option('--after') ?? resolve(HERE, '..');
  const records = count('--records', 200_000);
  const rounds = count('--rounds', 5);
  const workDir = await mkdtemp(join(tmpdir(), 'lc-ab-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(workDir, { recursive: true, force: true })];
  const loadAtStart = load();
  try {
    const broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') });
    cleanups.push(() => broker.stop());
    const kafka = new KafkajsKafka({ brokers: [broker.bootstrapServers], clientId: 'lc-ab' });
    cleanups.push(() => kafka.close());
    const stacks: TreeStack[] = [];
    for (const [label, tree] of [
      ['before', resolve(before)],
      ['after', after],
    ] as const) {
      const stack = await startTreeStack(label, tree, broker.bootstrapServers, workDir);
      cleanups.push(() => stack.stop());
      stacks.push(stack);
    }
    const path = join(workDir, 'input.txt');
    const bytes = await writeLinesFile(path, records, LINE_BYTES);
    const input = { path, bytes, records, sha256: await sha256(path) };
    const warm = join(workDir, 'warm.txt');
    const warmBytes = await writeLinesFile(warm, Math.min(records, 50_000), LINE_BYTES);
    const warmInput = { path: warm, bytes: warmBytes, records: Math.min(records, 50_000), sha256: await sha256(warm) };
    for (const stack of stacks) await runPipeline(stack, kafka, warmInput, workDir);
    process.stderr.write(`warmed up; ${rounds} rounds of ${records} lines, A B B A ...\n`);
    const ms: Record<string, number[]> = { before: [], after: [] };
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // A B, then B A: a load that drifts during the run weighs on both trees alike.
      for (const stack of round % 2 === 0 ? stacks : [...stacks].reverse()) {
        const took = await runPipeline(stack, kafka, input, workDir);
        ms[stack.label]!.push(took);
        process.stderr.write(`round ${round + 1} ${stack.label}: ${Math.round(took)} ms (load ${load()})\n`);
      }
      // Throughput after / before of this adjacent pair: > 1 means the after tree is faster.
      ratios.push(ms['before']![round]! / ms['after']![round]!);
    }
    const recordsPerSec = (runs: number[]): Spread => spread(runs.map((m) => (records * 1000) / m));
    const result = {
      what: 'FileStream pipeline (StringConverter), both trees in one run, interleaved A B B A A B ...',
      before: before,
      after,
      records,
      rounds,
      loadAverage: { start: loadAtStart, end: load() },
      beforeRecordsPerSec: recordsPerSec(ms['before']!),
      afterRecordsPerSec: recordsPerSec(ms['after']!),
      throughputRatioAfterOverBefore: spread(ratios),
    };
    const out = resolve(option('--out') ?? join(HERE, 'results', 'health.json'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

await main();

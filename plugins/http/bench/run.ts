/**
 * `npm run bench -- --plugins`: the HTTP sink's `put` throughput against a local endpoint (a separate
 * process), one record per request and batched, beside the endpoint's own limit measured with a bare
 * keep-alive client sending the same bodies (one connection, as the sink uses, and eight). Each figure is
 * the median of several rounds with its min and max.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TimestampType, type SinkRecord, type SinkTaskContext } from 'lambda-connect/api';
import { HttpSinkTask } from '../src/index.js';

interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

const VALUE = JSON.stringify({ id: 0, name: 'user_0000', amount: 12.5, tags: ['a', 'b'], ts: 1_700_000_000_000 });

function figure(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    median: Math.round(median),
    min: Math.round(sorted[0] ?? 0),
    max: Math.round(sorted.at(-1) ?? 0),
    rounds: sorted.length,
  };
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./sink-server.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = (await once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  if (!line[0].startsWith('READY ')) throw new Error(`bench server: ${line[0]}`);
  return { url: `http://127.0.0.1:${line[0].slice(6)}/ingest`, child };
}

function records(n: number): SinkRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    topic: 'bench',
    kafkaPartition: 0,
    kafkaOffset: i,
    keySchema: null,
    key: null,
    valueSchema: null,
    value: VALUE,
    timestamp: null,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: 'bench',
    originalKafkaPartition: 0,
    originalKafkaOffset: i,
  }));
}

const CONTEXT: SinkTaskContext = {
  configs: () => ({}),
  offset: () => undefined,
  timeout: () => undefined,
  assignment: () => [],
  pause: () => undefined,
  resume: () => undefined,
  requestCommit: () => undefined,
  errantRecordReporter: () => null,
};

/** Records/s of one task's `put` of `count` records (a fresh task per round, as a slice starts one). */
async function sinkRound(url: string, batchSize: number, count: number): Promise<number> {
  const task = new HttpSinkTask();
  task.initialize(CONTEXT);
  task.start({ 'http.api.url': url, 'batch.max.size': String(batchSize), 'request.body.format': 'string' });
  const input = records(count);
  const started = performance.now();
  await task.put(input);
  const seconds = (performance.now() - started) / 1000;
  task.stop();
  return count / seconds;
}

/** Records/s of a bare client posting the same bodies, `connections` requests in flight. */
async function rawRound(url: string, batchSize: number, count: number, connections: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const body = Buffer.from(Array.from({ length: batchSize }, () => VALUE).join(','));
  let remaining = Math.ceil(count / batchSize);
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-length': body.length, 'content-type': 'text/plain' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async (): Promise<void> => {
    while (remaining-- > 0) await post();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return count / seconds;
}

/**
 * Runs the rounds of every measure interleaved (round i of each, then round i+1), so a noisy neighbour
 * on the machine weighs on all of them alike; one warm-up round each first.
 */
async function interleaved(
  n: number,
  measures: Record<string, () => Promise<number>>,
): Promise<Record<string, Figure>> {
  const values: Record<string, number[]> = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  for (let i = -1; i < n; i++) {
    for (const [name, round] of Object.entries(measures)) {
      const value = await round();
      if (i >= 0) values[name]?.push(value);
    }
  }
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, figure(v)]));
}

export async function benchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const n = options.quick === true ? 3 : 7;
  const single = options.quick === true ? 2_000 : 10_000;
  const batched = options.quick === true ? 50_000 : 200_000;
  const { url, child } = await startServer();
  try {
    const say = options.progress ?? (() => undefined);
    say(`1 record per request: ${single} records x ${n} rounds, sink and bare client interleaved`);
    const singles = await interleaved(n, {
      sink: () => sinkRound(url, 1, single),
      endpoint1Connection: () => rawRound(url, 1, single, 1),
      endpoint8Connections: () => rawRound(url, 1, single, 8),
    });
    const batches: Record<string, unknown> = {};
    for (const size of [100, 500]) {
      say(`${size} records per request: ${batched} records x ${n} rounds`);
      batches[`size${size}`] = await interleaved(n, {
        sink: () => sinkRound(url, size, batched),
        endpoint1Connection: () => rawRound(url, size, batched, 1),
      });
    }
    return {
      unit: 'records/s (median, min, max over rounds)',
      recordBytes: VALUE.length,
      single: singles,
      batched: batches,
    };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(
    JSON.stringify(
      await benchmark({ quick: process.argv.includes('--quick'), progress: (l) => console.error(l) }),
      null,
      2,
    ),
  );
}

/**
 * The REST section of the benchmark on its own, for working on REST latency: the REST stack of
 * rest-stack.ts (two idle connectors), one unrecorded warm-up load, then `--rounds` rounds of the
 * closed-loop load (`--clients` clients × `--requests`) and of the paced load (`--rate` requests/s in
 * total, `--paced-requests` per client), then one client alone. Progress goes to stderr, one JSON
 * summary to stdout. Each closed-loop round also reports the CPU time the serving processes spent per
 * request: in a closed loop latency ≈ clients / throughput, and throughput is bounded by that CPU.
 *
 * `node --import tsx bench/rest-only.ts [--rounds 3] [--clients 50] [--requests 15] [--rate 100]
 *   [--paced-requests 12] [--dynamo child-process|in-process] [--meter] [--apache]`
 *
 * - `--dynamo`: where the stack's embedded DynamoDB runs (default: the local stack's default).
 * - `--meter`: DynamoDB (in this process) behind the benchmark's metering proxy, as the other stacks
 *   of `npm run bench` reach it; shows what that instrumentation costs.
 * - `--apache`: also starts a Kafka broker and Apache Kafka Connect 4.3.1 and measures it the same way,
 *   rounds interleaved. Without it no Kafka is needed: the REST reads never reach one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KafkajsKafka } from '../lib/kafka/kafkajs/kafkajs-kafka.js';
import { EmbeddedDynamoPlacement, startEmbeddedDynamo } from '../local/dynamodb/index.js';
import { startKafkaBroker } from '../local/kafka/broker.js';
import { startConnectWorker } from '../local/kafka/connect-worker.js';
import { connectClient } from './connect-client.js';
import { startDynamoMeter } from './dynamo-meter.js';
import { restLoad, restPacedLoad, type RestLoadResult } from './rest-load.js';
import { createApacheIdleConnectors } from './rest-measure.js';
import { processCpuMs, startRestStack } from './rest-stack.js';
import { spread, type Spread } from './stats.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '50' },
    requests: { type: 'string', default: '15' },
    rate: { type: 'string', default: '100' },
    'paced-requests': { type: 'string', default: '12' },
    dynamo: { type: 'string' },
    meter: { type: 'boolean', default: false },
    apache: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const clients = Number(args.clients);
const requests = Number(args.requests);
const rate = Number(args.rate);
const pacedRequests = Number(args['paced-requests']);
const placement = parsePlacement(args.dynamo);

const WARMUP_LOADS = 3;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface SystemUnderTest {
  readonly label: string;
  readonly url: string;
  readonly connectors: readonly string[];
  /** CPU time (ms) used so far by every process that serves this system's requests. */
  readonly cpuMs: () => Promise<number>;
  readonly cpuSplit?: () => Promise<{ readonly stack: number; readonly dynamo: number }>;
}

interface Figures {
  readonly closed: RestLoadResult[];
  readonly cpuMsPerRequest: number[];
  /** Closed loop, per request: the stack's process, its DynamoDB process, the load generator. */
  readonly cpuSplit: Array<{ stack: number; dynamo: number; client: number }>;
  readonly paced: RestLoadResult[];
  single?: RestLoadResult;
}

const cleanups: Array<() => Promise<unknown>> = [];
const stopAll = async (): Promise<void> => {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error: unknown) => log(`stop step failed: ${String(error)}`));
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const workDir = await mkdtemp(join(tmpdir(), 'lc-rest-only-'));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));
  const systems: SystemUnderTest[] = [];
  let bootstrapServers = '127.0.0.1:9';
  if (args.apache) {
    log('starting a Kafka broker and Apache Kafka Connect 4.3.1');
    const broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') });
    cleanups.push(() => broker.stop());
    bootstrapServers = broker.bootstrapServers;
    const kafka = new KafkajsKafka({ brokers: [bootstrapServers], clientId: 'lc-rest-only' });
    cleanups.push(() => kafka.close());
    const worker = await startConnectWorker({ bootstrapServers });
    cleanups.push(() => worker.stop());
    const names = await createApacheIdleConnectors({ workDir, kafka, apache: connectClient(worker.url) });
    systems.push({
      label: 'Apache Kafka Connect',
      url: worker.url,
      connectors: names,
      cpuMs: () => processCpuMs(worker.pid),
    });
  }
  let dynamoEndpoint: string | undefined;
  if (args.meter) {
    const embedded = await startEmbeddedDynamo();
    cleanups.push(() => embedded.close());
    const meter = await startDynamoMeter(embedded.endpoint);
    cleanups.push(() => meter.close());
    dynamoEndpoint = meter.endpoint;
  }
  log(
    `starting the REST stack${args.meter ? ' (DynamoDB in this process, behind the metering proxy)' : ''}${placement ? `, DynamoDB ${placement}` : ''}`,
  );
  const rest = await startRestStack({
    bootstrapServers,
    workDir,
    stack: {
      ...(dynamoEndpoint === undefined ? {} : { dynamoEndpoint }),
      ...(placement === undefined ? {} : { embeddedDynamo: placement }),
    },
  });
  cleanups.push(() => rest.stop());
  systems.unshift({
    label: 'lambda-connect',
    url: rest.url,
    connectors: rest.connectors,
    cpuMs: () => rest.cpuMs(),
    cpuSplit: () => rest.cpuMsByProcess(),
  });

  // Unrecorded: a fresh process pays JIT compilation for a while (CPU per request up to ~2× higher in
  // the first load, still ~20% in the next ones); in the full benchmark the process has served the
  // same code paths in other sections before.
  for (const system of systems)
    for (let i = 0; i < WARMUP_LOADS; i++) await restLoad(system.url, system.connectors, clients, requests);
  const figures = new Map<string, Figures>(
    systems.map((s) => [s.label, { closed: [], cpuMsPerRequest: [], cpuSplit: [], paced: [] }]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const system of round % 2 === 0 ? systems : [...systems].reverse()) {
      const f = figures.get(system.label)!;
      const cpuBefore = await system.cpuMs();
      const splitBefore = await system.cpuSplit?.();
      const closed = await restLoad(system.url, system.connectors, clients, requests);
      const cpuPerRequest = ((await system.cpuMs()) - cpuBefore) / closed.sent;
      const splitAfter = await system.cpuSplit?.();
      if (splitBefore !== undefined && splitAfter !== undefined) {
        f.cpuSplit.push({
          stack: (splitAfter.stack - splitBefore.stack) / closed.sent,
          dynamo: (splitAfter.dynamo - splitBefore.dynamo) / closed.sent,
          client: closed.clientCpuMsPerRequest,
        });
      }
      f.closed.push(closed);
      f.cpuMsPerRequest.push(cpuPerRequest);
      const paced = await restPacedLoad(system.url, system.connectors, clients, pacedRequests, rate);
      f.paced.push(paced);
      log(
        `round ${round + 1}/${rounds} ${system.label}: closed loop p50 ${closed.p50} / p99 ${closed.p99} ms at ${Math.round(closed.requestsPerSec)} req/s, ${cpuPerRequest.toFixed(2)} ms CPU per request; paced ${rate} req/s p50 ${paced.p50} / p99 ${paced.p99} ms`,
      );
    }
  }
  for (const system of systems) {
    const single = await restLoad(system.url, system.connectors, 1, 200);
    figures.get(system.label)!.single = single;
    log(
      `one client alone, ${system.label}: p50 ${single.p50} / p99 ${single.p99} ms at ${Math.round(single.requestsPerSec)} req/s`,
    );
  }
  const summary = Object.fromEntries([...figures].map(([label, f]) => [label, summarize(f)]));
  for (const [label, s] of Object.entries(summary)) {
    log(
      `${label}: closed p50 ${fmt(s.closed.p50)} p99 ${fmt(s.closed.p99)} ms, ${fmt(s.closed.requestsPerSec)} req/s, ${s.closed.cpuMsPerRequest.median} ms CPU per request (load generator ${s.closed.clientCpuMsPerRequest.median} ms${splitText(s.closed.cpuSplit)}); paced p50 ${fmt(s.paced.p50)} p99 ${fmt(s.paced.p99)} ms`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ settings: { rounds, clients, requests, rate, pacedRequests, meter: args.meter, dynamo: placement ?? 'default' }, summary })}\n`,
  );
} finally {
  await stopAll();
}

function summarize(f: Figures) {
  return {
    closed: {
      p50: spread(f.closed.map((r) => r.p50)),
      p99: spread(f.closed.map((r) => r.p99)),
      requestsPerSec: spread(f.closed.map((r) => r.requestsPerSec)),
      cpuMsPerRequest: spread(f.cpuMsPerRequest),
      clientCpuMsPerRequest: spread(f.closed.map((r) => r.clientCpuMsPerRequest)),
      cpuSplit:
        f.cpuSplit.length === 0
          ? undefined
          : { stack: spread(f.cpuSplit.map((c) => c.stack)), dynamo: spread(f.cpuSplit.map((c) => c.dynamo)) },
    },
    paced: { ratePerSec: rate, p50: spread(f.paced.map((r) => r.p50)), p99: spread(f.paced.map((r) => r.p99)) },
    single: f.single,
  };
}

function splitText(split: { readonly stack: Spread; readonly dynamo: Spread } | undefined): string {
  return split === undefined
    ? ''
    : `; stack process ${split.stack.median} ms, DynamoDB process ${split.dynamo.median} ms`;
}

function fmt(s: Spread): string {
  return `${Math.round(s.median)} [${Math.round(s.min)}–${Math.round(s.max)}]`;
}

function parsePlacement(value: string | undefined): EmbeddedDynamoPlacement | undefined {
  if (value === undefined) return undefined;
  const known: readonly string[] = Object.values(EmbeddedDynamoPlacement);
  if (!known.includes(value)) throw new Error(`--dynamo must be one of ${known.join(', ')}, not ${value}`);
  return value as EmbeddedDynamoPlacement;
}

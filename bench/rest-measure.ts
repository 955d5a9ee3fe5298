/**
 * The REST figures of the benchmark, lambda-connect (the REST stack of rest-stack.ts) beside Apache
 * Kafka Connect, rounds alternating which goes first:
 * - closed loop: `clients` clients each sending the next request as soon as the previous one is
 *   answered. The server runs at saturation, so latency ≈ clients / throughput and measures the CPU per
 *   request of the serving processes (also reported) more than anything a user would wait for;
 * - paced: the same clients sending `pacedRatePerSec` requests a second in total on a fixed schedule
 *   (open loop, latency counted from the scheduled send time), well below both systems' saturation:
 *   the latency a client sees at a realistic load;
 * - one client alone: a request's latency with nothing else in flight.
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { BenchEnvironment } from './environment.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';
import type { Progress } from './progress.js';
import { restLoad, restPacedLoad, type RestLoadResult } from './rest-load.js';
import { processCpuMs, startRestStack } from './rest-stack.js';
import { spread, type Spread } from './stats.js';

/** REST rounds: the median round's figures as the headline, with each figure's spread over the rounds. */
export interface RestRounds extends RestLoadResult {
  readonly rounds: { readonly p50: Spread; readonly p99: Spread; readonly requestsPerSec: Spread };
  /** Closed loop: CPU time (ms) of the serving processes per request, each round. */
  readonly cpuMsPerRequest?: Spread;
}

export interface RestFigures {
  readonly rest: {
    readonly lambdaConnect: RestRounds;
    readonly apacheConnect: RestRounds;
    readonly clients: number;
    /** One client at a time: the latency of a request without queueing behind others. */
    readonly singleClient: { readonly lambdaConnect: RestLoadResult; readonly apacheConnect: RestLoadResult };
  };
  /** `latencyMs.restPaced` of the results: lambda-connect's figures, Apache Kafka Connect's beside them. */
  readonly restPaced: RestRounds & {
    readonly ratePerSec: number;
    readonly clients: number;
    readonly apacheConnect: RestRounds;
  };
}

export interface RestOptions {
  readonly clients: number;
  readonly requestsPerClient: number;
  readonly rounds: number;
  /** Total paced rate (requests/s); default {@link REST_PACED_RATE}. */
  readonly pacedRatePerSec?: number;
  /** Requests per client in a paced round; default 12 (6 s of timed requests at 100 req/s). */
  readonly pacedRequestsPerClient?: number;
}

/** Well under both systems' closed-loop saturation (several hundred requests/s here). */
export const REST_PACED_RATE = 100;
const SINGLE_CLIENT_REQUESTS = 200;

interface Side {
  readonly url: string;
  readonly connectors: readonly string[];
  readonly cpuMs: () => Promise<number>;
  readonly closed: RestLoadResult[];
  readonly cpu: number[];
  readonly paced: RestLoadResult[];
}

export async function measureRest(
  env: BenchEnvironment,
  options: RestOptions,
  progress: Progress,
): Promise<RestFigures> {
  const rate = options.pacedRatePerSec ?? REST_PACED_RATE;
  const pacedRequests = options.pacedRequestsPerClient ?? 12;
  progress.step(
    `REST: ${options.clients} clients, closed loop (${options.requestsPerClient} requests each) and paced at ${rate} req/s, lambda-connect and Apache Kafka Connect`,
  );
  const stack = await startRestStack({ bootstrapServers: env.bootstrapServers, workDir: env.workDir });
  try {
    const apacheNames = await createApacheIdleConnectors(env);
    const sides = {
      lambda: side(stack.url, stack.connectors, () => stack.cpuMs()),
      apache: side(env.apache.url, apacheNames, () => processCpuMs(env.apachePid)),
    };
    // Unrecorded: a fresh stack's first requests pay JIT compilation (up to ~2× the CPU per request),
    // and Apache Kafka Connect's REST resources have not been busy before either.
    for (const s of Object.values(sides))
      await restLoad(s.url, s.connectors, options.clients, options.requestsPerClient);
    for (let round = 0; round < options.rounds; round++) {
      for (const system of round % 2 === 0 ? (['lambda', 'apache'] as const) : (['apache', 'lambda'] as const)) {
        const side = sides[system];
        const cpuBefore = await side.cpuMs();
        const closed = await restLoad(side.url, side.connectors, options.clients, options.requestsPerClient);
        side.cpu.push(((await side.cpuMs()) - cpuBefore) / closed.sent);
        side.closed.push(closed);
        const paced = await restPacedLoad(side.url, side.connectors, options.clients, pacedRequests, rate);
        side.paced.push(paced);
        progress.step(
          `  round ${round + 1}/${options.rounds} ${system === 'lambda' ? 'lambda-connect' : 'Apache Kafka Connect'}: closed loop p50 ${closed.p50} ms, p99 ${closed.p99} ms, ${Math.round(closed.requestsPerSec)} req/s, ${side.cpu.at(-1)!.toFixed(2)} ms CPU per request; paced p50 ${paced.p50} ms, p99 ${paced.p99} ms`,
        );
      }
    }
    const singleLambda = await restLoad(stack.url, stack.connectors, 1, SINGLE_CLIENT_REQUESTS);
    const singleApache = await restLoad(env.apache.url, apacheNames, 1, SINGLE_CLIENT_REQUESTS);
    progress.step(
      `  one client alone: lambda-connect p50 ${singleLambda.p50} ms, p99 ${singleLambda.p99} ms; Apache Kafka Connect p50 ${singleApache.p50} ms, p99 ${singleApache.p99} ms`,
    );
    for (const name of apacheNames) await env.apache.deleteConnector(name);
    return {
      rest: {
        lambdaConnect: { ...restRounds(sides.lambda.closed), cpuMsPerRequest: spread(sides.lambda.cpu) },
        apacheConnect: { ...restRounds(sides.apache.closed), cpuMsPerRequest: spread(sides.apache.cpu) },
        clients: options.clients,
        singleClient: { lambdaConnect: singleLambda, apacheConnect: singleApache },
      },
      restPaced: {
        ...restRounds(sides.lambda.paced),
        ratePerSec: rate,
        clients: options.clients,
        apacheConnect: restRounds(sides.apache.paced),
      },
    };
  } finally {
    await stack.stop();
  }
}

function side(url: string, connectors: readonly string[], cpuMs: () => Promise<number>): Side {
  return { url, connectors, cpuMs, closed: [], cpu: [], paced: [] };
}

function restRounds(rounds: readonly RestLoadResult[]): RestRounds {
  const p99 = spread(rounds.map((r) => r.p99));
  const p50 = spread(rounds.map((r) => r.p50));
  const rps = spread(rounds.map((r) => r.requestsPerSec));
  return {
    p50: p50.median,
    p90: spread(rounds.map((r) => r.p90)).median,
    p99: p99.median,
    max: Math.max(...rounds.map((r) => r.max)),
    count: rounds.reduce((n, r) => n + r.count, 0),
    sent: rounds.reduce((n, r) => n + r.sent, 0),
    clientCpuMsPerRequest: spread(rounds.map((r) => r.clientCpuMsPerRequest)).median,
    requestsPerSec: rps.median,
    failures: 0,
    rounds: { p50, p99, requestsPerSec: rps },
  };
}

/** Two idle connectors on the Apache worker, so its status endpoint has something to report. */
export async function createApacheIdleConnectors(
  env: Pick<BenchEnvironment, 'workDir' | 'kafka' | 'apache'>,
): Promise<string[]> {
  const file = join(env.workDir, 'apache-idle.txt');
  await writeFile(file, '');
  const topic = `bench-apache-idle-${process.pid}`;
  await env.kafka.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  const names = ['bench-apache-idle-source', 'bench-apache-idle-sink'];
  await env.apache.createConnector(names[0]!, sourceConfig(file, `${topic}-out`, ConverterChoice.STRING));
  await env.apache.createConnector(
    names[1]!,
    sinkConfig(join(env.workDir, 'apache-idle.out'), topic, ConverterChoice.STRING),
  );
  const deadline = performance.now() + 30_000;
  for (;;) {
    const states = await Promise.all(names.map((n) => env.apache.status(n)));
    if (states.every((s) => s.connector === 'RUNNING' && s.tasks.length > 0)) return names;
    if (performance.now() > deadline)
      throw new Error(`Apache Kafka Connect idle connectors not running: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The differential harness: one Kafka broker, one Apache Kafka Connect 4.3.1 distributed worker and one
 * lambda-connect stack on that broker, reused by every case. `both()` sends the same request to both,
 * normalizes the two responses and records whether they are equal.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafkaBroker, type KafkaBroker } from '../../local/kafka/broker.js';
import { startConnectWorker } from '../../local/kafka/connect-worker.js';
import { startLocalStack } from '../../local/stack.js';
import { canonical, normalize, type CompareOptions, type Normalized } from './normalize.js';
import { send, type DiffRequest, type Exchange, type Target, type TargetName } from './targets.js';

export interface DiffEnv {
  readonly connect: Target;
  readonly ours: Target;
  readonly bootstrapServers: string;
  stop(): Promise<void>;
}

/** Starts (or reuses, with KAFKA_BOOTSTRAP_SERVERS) a broker, then Connect and our stack beside each other. */
export async function startDiffEnv(): Promise<DiffEnv> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const root = await mkdtemp(join(tmpdir(), 'lc-diff-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    let bootstrapServers = process.env['KAFKA_BOOTSTRAP_SERVERS'] ?? '';
    if (bootstrapServers === '') {
      const broker: KafkaBroker = await startKafkaBroker();
      cleanups.push(() => broker.stop());
      bootstrapServers = broker.bootstrapServers;
    }
    const run = randomBytes(3).toString('hex');
    // Both start at once; whichever started is stopped again if the other fails.
    const [worker, stack] = await Promise.allSettled([
      startConnectWorker({ bootstrapServers }),
      startLocalStack({
        kafkaBootstrapServers: bootstrapServers,
        port: 0,
        tablePrefix: `lc-diff-${run}`,
        dataDir: join(root, 'stack'),
        tickMs: 1_000,
        // Exactly what a Connect 4.3.1 worker lists: this repository's plugin packages stay out.
        plugins: { repositoryPlugins: false },
        ...(process.env['DYNAMODB_ENDPOINT'] ? { dynamoEndpoint: process.env['DYNAMODB_ENDPOINT'] } : {}),
      }),
    ]);
    if (worker.status === 'fulfilled') cleanups.push(() => worker.value.stop());
    if (stack.status === 'fulfilled') cleanups.push(() => stack.value.stop());
    if (worker.status === 'rejected') throw worker.reason;
    if (stack.status === 'rejected') throw stack.reason;
    const target = async (name: TargetName, url: string, token: string): Promise<Target> => {
      const dir = join(root, `files-${name}`);
      await mkdir(dir, { recursive: true });
      return { name, url, token, dir };
    };
    return {
      connect: await target('connect', worker.value.url, `kc${run}`),
      ours: await target('ours', stack.value.url, `lc${run}`),
      bootstrapServers,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One compared exchange: the step's label, both raw and normalized responses, and the verdict. */
export interface Comparison {
  readonly caseName: string;
  readonly label: string;
  readonly request: DiffRequest;
  readonly connect: Normalized;
  readonly ours: Normalized;
  readonly equal: boolean;
  /** Both answers as received (for checks on the raw bodies, e.g. against the OpenAPI document). */
  readonly exchanges: Pair;
}

export interface Pair {
  readonly connect: Exchange;
  readonly ours: Exchange;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/** What a case sees: compared requests, plain requests to both, waits, per-target side effects. */
export interface CaseContext {
  readonly env: DiffEnv;
  /** Sends to both, compares after normalization, records the comparison under `label`. */
  both(label: string, request: DiffRequest, options?: CompareOptions): Promise<Pair>;
  /** Sends to both without comparing (clean-up, polling). */
  each(request: DiffRequest): Promise<Pair>;
  /**
   * Polls `request` on each target until `until` holds there (or the deadline passes), then compares the
   * two final responses under `label`. Connect and we both converge asynchronously (statuses, tasks).
   */
  waitBoth(
    label: string,
    request: DiffRequest,
    until: (exchange: Exchange) => boolean,
    options?: CompareOptions & WaitOptions,
  ): Promise<Pair>;
  /** Runs a side effect once per target (write a file, produce records). */
  forEach(action: (target: Target) => Promise<void>): Promise<void>;
}

export function caseContext(env: DiffEnv, caseName: string, record: (comparison: Comparison) => void): CaseContext {
  const targets = [env.connect, env.ours] as const;
  const compare = (label: string, request: DiffRequest, pair: Pair, given: CompareOptions = {}): void => {
    // Connect lists connector names from a set: their order is unspecified.
    const listsNames = request.method === 'GET' && /^\/connectors\/?(\?(?!.*expand).*)?$/.test(request.path);
    const options = listsNames ? { ...given, unordered: [...(given.unordered ?? []), ''] } : given;
    const connect = normalize(pair.connect, env.connect, options);
    const ours = normalize(pair.ours, env.ours, options);
    const equal =
      connect.status === ours.status &&
      canonical(connect.body) === canonical(ours.body) &&
      connect.location === ours.location &&
      connect.headers === ours.headers;
    record({ caseName, label, request, connect, ours, equal, exchanges: pair });
  };
  const each = async (request: DiffRequest): Promise<Pair> => {
    const [connect, ours] = await Promise.all([sendSettled(env.connect, request), send(env.ours, request)]);
    return { connect, ours };
  };
  return {
    env,
    each,
    async both(label, request, options) {
      const pair = await each(request);
      compare(label, request, pair, options);
      return pair;
    },
    async waitBoth(label, request, until, options = {}) {
      const [connect, ours] = await Promise.all(targets.map((t) => pollUntil(t, request, until, options)));
      const pair = { connect: connect as Exchange, ours: ours as Exchange };
      compare(label, request, pair, options);
      return pair;
    },
    async forEach(action) {
      await Promise.all(targets.map((t) => action(t)));
    },
  };
}

/**
 * Connect answers some requests with a transient 500 / 409 while its group rebalances after a config
 * change ("a rebalance is expected", "no known leader URL"); nothing was done then, so the request is
 * sent again until the worker has settled. These are artifacts of the worker group, not behaviour.
 * Task restarts are left alone: for a stopped connector Connect's 409 is its steady answer (a
 * documented deviation).
 */
async function sendSettled(target: Target, request: DiffRequest): Promise<Exchange> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const exchange = await send(target, request);
    const message = String((exchange.body as { message?: unknown } | null)?.message ?? '');
    const transient =
      (exchange.status === 500 && message === 'Request cannot be completed because a rebalance is expected') ||
      (exchange.status === 409 && /rebalance/.test(message) && !request.path.includes('/tasks/'));
    if (!transient || Date.now() >= deadline) return exchange;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls one target; on timeout returns the last response (the comparison then shows the difference). */
async function pollUntil(
  target: Target,
  request: DiffRequest,
  until: (exchange: Exchange) => boolean,
  options: WaitOptions,
): Promise<Exchange> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const exchange = target.name === 'connect' ? await sendSettled(target, request) : await send(target, request);
    if (until(exchange) || Date.now() >= deadline) return exchange;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/**
 * Deletes every connector on both targets (between cases, so each starts from an empty cluster). Names
 * with `/` or `%` are left on both: Connect cannot address them (Jetty rejects `%2F` and `%25` as
 * ambiguous), so deleting them only on our side would make the two clusters differ.
 */
export async function deleteAllConnectors(env: DiffEnv): Promise<void> {
  await Promise.all(
    [env.connect, env.ours].map(async (target) => {
      const names = (await send(target, { method: 'GET', path: '/connectors' })).body;
      if (!Array.isArray(names)) return;
      await Promise.all(
        names
          .filter((name) => !/[/%]/.test(String(name)))
          .map((name) => send(target, { method: 'DELETE', path: `/connectors/${encodeURIComponent(String(name))}` })),
      );
    }),
  );
}

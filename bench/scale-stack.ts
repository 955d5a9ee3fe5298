/**
 * The stack the scale benchmark measures: a Kafka broker (or `KAFKA_BOOTSTRAP_SERVERS`), DynamoDB in a
 * process of its own, the local stack on it with no timer ticks, and the production `Scheduler` wired to
 * the stack's Kafka and plugins and to stores of its own that reach DynamoDB through the metering proxy
 * (the REST requests do not: the proxy's extra hop in this process would double their CPU, as
 * bench/rest-stack.ts found), whose task invocations go to a
 * Lambda Invoke endpoint of their own that accepts every `Event` invocation (202) and runs nothing.
 *
 * Why the slices do not run: the control plane's cost is what is measured here. On AWS the scheduler's
 * asynchronous Invoke returns as soon as Lambda queued the event; the slices then run on their own
 * instances, not on the scheduler's CPU. Locally, a thousand slices lingering 2 s each would share two
 * cores with the scheduler and measure the machine instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Scheduler } from '../lib/scheduler/scheduler.js';
import { LambdaTaskInvoker } from '../lib/runtime/lambda-invokers.js';
import { createDynamoClient, createDynamoStores } from '../lib/stores/dynamodb/index.js';
import { startEmbeddedDynamoProcess } from '../local/dynamodb/index.js';
import { startKafkaBroker } from '../local/kafka/broker.js';
import { startInvokeEndpoint } from '../local/lambda/index.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { startDynamoMeter, type DynamoMeter } from './dynamo-meter.js';
import { processCpuMs } from './rest-stack.js';

/** Long enough that no tick happens on its own during a benchmark. */
const NO_TICK_MS = 3_600_000;
const NOOP_TASK_RUNNER = 'lambda-connect-task-runner-noop';

export interface ScaleStack {
  readonly stack: LocalStack;
  readonly dynamo: DynamoMeter;
  readonly scheduler: Scheduler;
  readonly workDir: string;
  /** Task invocations the scheduler sent so far. */
  invocations(): number;
  /** CPU time (ms) used so far by this process (the scheduler, the stack) and DynamoDB's. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startScaleStack(log: (line: string) => void): Promise<ScaleStack> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => log(`stop step failed: ${String(error)}`));
  };
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'lc-scale-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    let bootstrap = process.env['KAFKA_BOOTSTRAP_SERVERS'];
    if (bootstrap === undefined || bootstrap === '') {
      log('starting a Kafka broker');
      const broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') });
      cleanups.push(() => broker.stop());
      bootstrap = broker.bootstrapServers;
    }
    const embedded = await startEmbeddedDynamoProcess();
    cleanups.push(() => embedded.close());
    const dynamo = await startDynamoMeter(embedded.endpoint);
    cleanups.push(() => dynamo.close());
    let invocations = 0;
    const noop = await startInvokeEndpoint();
    cleanups.push(() => noop.close({ drainTimeoutMs: 5_000 }));
    noop.registerFunction(NOOP_TASK_RUNNER, async () => {
      invocations++;
      return null;
    });
    // No IAM check: it costs CPU per SDK call that Lambda does not spend (the infra tests cover IAM).
    const stack = await startLocalStack({
      port: 0,
      kafkaBootstrapServers: bootstrap,
      dynamoEndpoint: embedded.endpoint,
      tablePrefix: 'lc-scale',
      tickMs: NO_TICK_MS,
      enforceIam: false,
    });
    cleanups.push(() => stack.stop());
    const lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: noop.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    cleanups.push(async () => lambda.destroy());
    const quiet = {
      info: () => undefined,
      warn: () => undefined,
      error: (message: string, details?: unknown) => log(`scheduler error: ${message} ${JSON.stringify(details)}`),
    };
    const { runtime } = stack;
    const metered = createDynamoClient({
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    cleanups.push(async () => metered.destroy());
    const scheduler = new Scheduler({
      stores: createDynamoStores(metered, runtime.config.tables),
      plugins: runtime.plugins.catalog,
      kafka: runtime.kafka,
      invoker: new LambdaTaskInvoker(lambda, NOOP_TASK_RUNNER),
      workerId: runtime.config.workerId,
      log: quiet,
    });
    const cpuMs = async (): Promise<number> => {
      const own = process.cpuUsage();
      return (own.user + own.system) / 1000 + (await processCpuMs(embedded.pid));
    };
    return { stack, dynamo, scheduler, workDir, invocations: () => invocations, cpuMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The local stack: the very handlers Lambda runs, behind a local API Gateway stand-in and a local Lambda
 * Invoke endpoint, on embedded DynamoDB and a real Kafka broker. Used by `npm start` and by the
 * integration tests (each with its own ports and data).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { RestApi } from '../functions/rest-api/api.js';
import { createRestHandler } from '../functions/rest-api/handler.js';
import { createSchedulerHandler } from '../functions/scheduler/handler.js';
import { SCHEDULED_TICK_EVENT } from '../lib/config/schedule.js';
import { createTaskRunnerHandler } from '../functions/task-runner/handler.js';
import { createDoorbellHandler } from '../functions/doorbell/handler.js';
import { createRuntime, type Runtime } from '../lib/runtime/compose.js';
import { runtimeConfigToEnv, type RuntimeConfig } from '../lib/runtime/runtime-config.js';
import { tableNamesWithPrefix } from '../lib/stores/tables.js';
import type { SliceReport } from '../lib/worker/task-runner.js';
import {
  createLocalDynamoClient,
  createTables,
  EmbeddedDynamoPlacement,
  startEmbeddedDynamo,
  startEmbeddedDynamoProcess,
  type EmbeddedDynamo,
} from './dynamodb/index.js';
import { startApiGatewayAdapter, type ApiGatewayAdapter } from './http/index.js';
import { startKafkaBroker, type KafkaBroker } from './kafka/broker.js';
import { startInvokeEndpoint, type FunctionStats } from './lambda/index.js';
import {
  createIamEnforcer,
  LOCAL_IAM_ENV,
  LocalFunction,
  localNames,
  reportIamStats,
  type IamEnforcer,
} from './iam/index.js';
import { startIsolatedTaskRunner, type IsolatedTaskRunner } from './isolated-task-runner.js';
import { silentLogger, type LocalLogger } from './logging.js';
import { loadLocalPlugins, pluginEnv, type LocalPlugins, type LocalPluginsOptions } from './plugins.js';

/**
 * How long `stop()` waits for in-flight invocations by default. A slice lingers ~2 s past its work; the
 * margin is for loaded machines: a slice cut off after its put but before its offset commit repeats its
 * records after a restart on the same data (restart.test.ts checks none are).
 */
const STOP_DRAIN_MS = 15_000;

/** The doorbell function's timeout (the construct's). */
const DOORBELL_TIMEOUT_MS = 30_000;

export const FUNCTION_NAMES = {
  scheduler: 'lambda-connect-scheduler',
  taskRunner: 'lambda-connect-task-runner',
  restApi: 'lambda-connect-rest-api',
  doorbell: 'lambda-connect-doorbell',
} as const;

export interface LocalStackOptions {
  /** REST port; 0 picks a free one. */
  readonly port?: number;
  /** Where DynamoDB and Kafka keep their data across restarts; temp/in-memory when absent. */
  readonly dataDir?: string;
  /** Use this Kafka instead of starting a broker. */
  readonly kafkaBootstrapServers?: string;
  /** Use this DynamoDB endpoint instead of embedded dynalite. */
  readonly dynamoEndpoint?: string;
  /**
   * Where embedded dynalite runs: in a child process of its own (default; DynamoDB is a separate
   * service on AWS, and there it uses another core than the handlers) or in this process.
   */
  readonly embeddedDynamo?: EmbeddedDynamoPlacement;
  /** Prefix of the DynamoDB table names (default `lambda-connect`); tests use unique ones. */
  readonly tablePrefix?: string;
  /** Scheduler tick interval (ms). */
  readonly tickMs?: number;
  /** Task-runner function timeout (ms): the slice budget. */
  readonly taskTimeoutMs?: number;
  readonly workerProperties?: Readonly<Record<string, string>>;
  readonly logger?: LocalLogger;
  /** Runs task slices in a child process that tests can kill (see `killTaskRunner`). */
  readonly isolateTaskRunner?: boolean;
  /** Task lease time-to-live (ms); short in fault-injection tests so killed slices are retried quickly. */
  readonly leaseTtlMs?: number;
  /** Host names the REST adapter answers to besides localhost, 127.0.0.1 and [::1] (DNS-rebinding guard). */
  readonly allowedHosts?: readonly string[];
  /**
   * How long `stop()` waits for invocations in flight (slices, ticks) before it closes the clients they
   * use (default 15 s; a slice still running then, e.g. one retrying an unreachable database, fails at its
   * next Kafka or DynamoDB call and can no longer open a connection).
   */
  readonly stopDrainMs?: number;
  /** Observes every finished slice (tests and benchmarks; not in isolated mode). */
  readonly onSlice?: (report: SliceReport) => void;
  /**
   * Checks every AWS SDK command against the sending function's IAM policy as the CDK construct
   * synthesizes it (local/iam). Default: on, unless LC_LOCAL_IAM=off.
   */
  readonly enforceIam?: boolean;
  /**
   * Plugin packages offered beside the built-ins. Default: this repository's `plugins/*`, package.json's
   * `lambdaConnect.plugins` and `LC_PLUGINS` (lib/config/plugin-sources.ts). The differential suite turns
   * the repository's off, to list exactly what a Connect 4.3.1 worker lists.
   */
  readonly plugins?: LocalPluginsOptions;
}

export interface LocalStack {
  readonly url: string;
  readonly kafkaBootstrapServers: string;
  readonly dynamoEndpoint: string;
  readonly invokeEndpoint: string;
  readonly runtime: Runtime;
  readonly brokerPid: number | null;
  /** The embedded DynamoDB's process when it runs in one of its own. */
  readonly dynamoPid: number | null;
  /** The IAM check on the functions' SDK clients (null when off). */
  readonly iam: IamEnforcer | null;
  /** The plugin packages found, loaded and skipped. */
  readonly plugins: LocalPlugins;
  /** Isolated mode: SIGKILLs the task-runner process mid-flight and starts a new one. */
  killTaskRunner(): Promise<void>;
  /** Runs one scheduler tick now, through the Invoke API, and waits for it. */
  tick(): Promise<void>;
  /** The local Lambda's counters per function (invocations, errors, timeouts, concurrency). */
  functionStats(): Readonly<Record<string, FunctionStats>>;
  /**
   * Stops the scheduler's timer, refuses new invocations, waits up to `stopDrainMs` for those in flight,
   * then closes every client (Kafka, DynamoDB, Lambda) and the servers the stack started. Idempotent.
   */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.logger ?? silentLogger;
  const cleanups: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  // Last started, first stopped; once, however often it is called.
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const cleanup of [...cleanups].reverse())
        await cleanup().catch((error: unknown) => log.warn('stop step failed', { error }));
    })());
  try {
    let broker: KafkaBroker | null = null;
    let bootstrap = options.kafkaBootstrapServers;
    if (bootstrap === undefined) {
      const dataDir = options.dataDir === undefined ? undefined : join(options.dataDir, 'kafka');
      if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
      broker = await startKafkaBroker({
        ...(dataDir === undefined ? {} : { dataDir }),
        log: (line) => log.debug(line, { component: 'kafka' }),
      });
      const started = broker;
      cleanups.push(() => started.stop());
      bootstrap = broker.bootstrapServers;
      log.info('kafka broker started', { bootstrapServers: bootstrap, clusterId: broker.clusterId, pid: broker.pid });
    }
    let dynamoEndpoint = options.dynamoEndpoint;
    let dynamoPid: number | null = null;
    if (dynamoEndpoint === undefined) {
      const dataDir = options.dataDir === undefined ? undefined : join(options.dataDir, 'dynamodb');
      if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
      const dynamoOptions = dataDir === undefined ? {} : { dataDir };
      const dynamo: EmbeddedDynamo & { pid?: number } =
        options.embeddedDynamo === EmbeddedDynamoPlacement.IN_PROCESS
          ? await startEmbeddedDynamo(dynamoOptions)
          : await startEmbeddedDynamoProcess(dynamoOptions);
      cleanups.push(() => dynamo.close());
      dynamoEndpoint = dynamo.endpoint;
      dynamoPid = dynamo.pid ?? null;
      log.info('embedded dynamodb started', {
        endpoint: dynamoEndpoint,
        dataDir: dataDir ?? 'in memory',
        pid: dynamoPid ?? 'in process',
      });
    }
    const tables = tableNamesWithPrefix(options.tablePrefix ?? 'lambda-connect');
    const setupClient = createLocalDynamoClient(dynamoEndpoint);
    await createTables(setupClient, tables);
    setupClient.destroy();

    // Closed last of the three (cleanups run in reverse): after the Invoke endpoint drained and REST closed.
    let runtimeRef: Runtime | null = null;
    cleanups.push(async () => {
      await runtimeRef?.close();
    });
    // The REST port is known only once it listens, and it is the worker id statuses show.
    let api: RestApi | null = null;
    const rest: ApiGatewayAdapter = await startApiGatewayAdapter({
      handler: async (event) => {
        if (api === null) throw new Error('the stack is still starting');
        return api(event);
      },
      port: options.port ?? 0,
      logger: log.child('http'),
      ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    });
    cleanups.push(() => rest.close());
    const invoke = await startInvokeEndpoint({ logger: log.child('invoke') });
    cleanups.push(async () => {
      const { abandoned } = await invoke.close({ drainTimeoutMs: options.stopDrainMs ?? STOP_DRAIN_MS });
      // Their Kafka and DynamoDB clients close next: they end at their next call, without a new connection.
      if (abandoned > 0) log.warn('invocations still running at stop; closing their clients', { abandoned });
    });
    const config: RuntimeConfig = {
      tables,
      kafka: { bootstrapServers: bootstrap.split(','), ssl: false },
      taskRunnerFunction: FUNCTION_NAMES.taskRunner,
      schedulerFunction: FUNCTION_NAMES.scheduler,
      workerId: `127.0.0.1:${rest.port}`,
      workerProperties: options.workerProperties ?? {},
      dynamoEndpoint,
      lambdaEndpoint: invoke.url,
      region: 'us-east-1',
      ...(options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs }),
      // The doorbell's mappings are served by the local Lambda endpoint (local/lambda/event-source-mappings.ts).
      doorbell: {
        functionName: FUNCTION_NAMES.doorbell,
        bootstrapServers: bootstrap.split(','),
        batchingWindowSeconds: 0,
      },
    };
    const plugins = await loadLocalPlugins(options.plugins);
    for (const failure of plugins.loaded.failures)
      log.warn('plugin package skipped: it failed to load', { ...failure });
    const enforceIam = options.enforceIam ?? process.env[LOCAL_IAM_ENV] !== 'off';
    const iam = enforceIam ? await createIamEnforcer(localNames(tables, FUNCTION_NAMES)) : null;
    if (iam !== null) iam.mappingFunctionArn = (uuid) => invoke.mappings.functionArnOf(uuid);
    if (iam !== null) {
      cleanups.push(async () => {
        log.info(iam.summary());
        await reportIamStats(iam);
      });
    }
    const as =
      <A extends unknown[], R>(fn: LocalFunction, handler: (...args: A) => R) =>
      (...args: A): R =>
        iam === null ? handler(...args) : iam.runAs(fn, () => handler(...args));
    const runtime = createRuntime(config, toRuntimeLog(log.child('runtime')), {
      plugins: plugins.loaded,
      ...(iam === null ? {} : { instrumentClient: iam.instrument }),
    });
    runtimeRef = runtime;
    // As on AWS, where the scheduler has no reserved concurrency: timer ticks, REST kicks and `tick()` run
    // side by side, each reconciling on its own (decision 0010). Nothing here serializes them.
    // Sub-tick loops of scheduled ticks (decision 0023) end when the stack stops, before the runtime closes.
    const subTicks = new AbortController();
    cleanups.push(async () => subTicks.abort());
    const tickMs = options.tickMs ?? 2_000;
    const tick = as(LocalFunction.SCHEDULER, createSchedulerHandler(runtime, { tickMs, signal: subTicks.signal }));
    invoke.registerFunction(FUNCTION_NAMES.scheduler, async (event, context) => tick(event, context), {
      timeoutMs: Math.max(60_000, tickMs),
    });
    const taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    let isolated: IsolatedTaskRunner | null = null;
    if (options.isolateTaskRunner) {
      const child = await startIsolatedTaskRunner(
        {
          ...runtimeConfigToEnv(config),
          LC_TASK_TIMEOUT_MS: String(taskTimeoutMs),
          [LOCAL_IAM_ENV]: enforceIam ? 'on' : 'off',
          ...pluginEnv(plugins.sources),
        },
        FUNCTION_NAMES.taskRunner,
        log,
      );
      cleanups.push(() => child.stop());
      isolated = child;
      invoke.registerFunction(FUNCTION_NAMES.taskRunner, (event) => child.handler(event), { timeoutMs: taskTimeoutMs });
    } else {
      const runner = runtime.taskRunner(options.onSlice ? { onSlice: options.onSlice } : {});
      invoke.registerFunction(
        FUNCTION_NAMES.taskRunner,
        as(LocalFunction.TASK_RUNNER, createTaskRunnerHandler(runtime, runner)),
        { timeoutMs: taskTimeoutMs },
      );
    }

    // Invoked by the Kafka event source mappings the scheduler creates for doorbell sinks.
    invoke.registerFunction(FUNCTION_NAMES.doorbell, as(LocalFunction.DOORBELL, createDoorbellHandler(runtime)), {
      timeoutMs: DOORBELL_TIMEOUT_MS,
    });

    api = as(LocalFunction.REST_API, createRestHandler(runtime));

    const lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: invoke.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    cleanups.push(async () => lambda.destroy());
    const tickNow = async (): Promise<void> => {
      await lambda.send(
        new InvokeCommand({ FunctionName: FUNCTION_NAMES.scheduler, InvocationType: 'RequestResponse' }),
      );
    };
    // As EventBridge Scheduler does, the timer's ticks carry the scheduled-tick marker; kicks and `tick()` do not.
    const scheduled = Buffer.from(JSON.stringify(SCHEDULED_TICK_EVENT));
    const timer = setInterval(() => {
      lambda
        .send(
          new InvokeCommand({ FunctionName: FUNCTION_NAMES.scheduler, InvocationType: 'Event', Payload: scheduled }),
        )
        .catch((error: unknown) => log.warn('tick failed', { error }));
    }, tickMs);
    timer.unref();
    cleanups.push(async () => clearInterval(timer));
    return {
      url: rest.url,
      kafkaBootstrapServers: bootstrap,
      dynamoEndpoint,
      invokeEndpoint: invoke.url,
      runtime,
      brokerPid: broker?.pid ?? null,
      dynamoPid,
      iam,
      plugins,
      tick: tickNow,
      functionStats: () => invoke.stats().functions,
      killTaskRunner: async () => {
        if (isolated === null) throw new Error('killTaskRunner needs isolateTaskRunner: true');
        await isolated.kill();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function toRuntimeLog(log: LocalLogger): Runtime['log'] {
  return {
    debug: (message, details) => log.debug(message, details),
    info: (message, details) => log.info(message, details),
    warn: (message, details) => log.warn(message, details),
    error: (message, details) => log.error(message, details),
  };
}

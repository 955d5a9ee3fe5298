/**
 * The composition root: builds the clients, stores, plugins and services a handler needs, once per cold
 * start. Handlers and the local stack call this; nothing else constructs clients.
 */
import { healthCheck } from './health.js';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Herder } from '../herder/herder.js';
import { LoggersApi } from '../herder/loggers-api.js';
import { loggerInventory } from '../herder/logger-inventory.js';
import { OffsetsApi } from '../herder/offsets.js';
import { PluginsApi } from '../herder/plugins-api.js';
import type { RestServices } from '../herder/rest-services.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import { createDefaultPlugins, type Plugins } from './plugins.js';
import { createConfigResolver } from '../config-providers/index.js';
import { createKafka } from './kafka.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { createDynamoClient, createDynamoStores } from '../stores/dynamodb/index.js';
import type { Stores } from '../stores/ports.js';
import { TaskRunner, type SliceReport } from '../worker/task-runner.js';
import { LambdaSchedulerTrigger, LambdaTaskInvoker } from './lambda-invokers.js';
import { LambdaDoorbellMappings } from './doorbell-mappings.js';
import type { Log } from './logger.js';
import { runtimeConfigFromEnv, type RuntimeConfig } from './runtime-config.js';
import { installedPlugins } from '../plugins/installed-plugins.js';
import { loadPlugins, type LoadedPlugins } from '../plugins/plugin-loader.js';
import { sdkTimeouts } from './sdk-timeouts.js';
import { taskAwsClients, type ClientInstrumentation } from './task-aws-clients.js';

/**
 * Slice defaults sized for Lambda: a minute of work or 64 MB, whichever comes first; after data moved, a
 * slice lingers 2 s for more, so a steady trickle flows without waiting for scheduler ticks.
 */
export const DEFAULT_SLICE_LIMITS = {
  maxRecords: 500_000,
  maxBytes: 64 * 1024 * 1024,
  maxMs: 60_000,
  lingerMs: 2_000,
} as const;

/** Long enough that renewals (every half TTL) never race a healthy slice; short enough to recover fast. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

export interface Runtime {
  readonly config: RuntimeConfig;
  readonly stores: Stores;
  readonly kafka: KafkaPort;
  readonly plugins: Plugins;
  readonly log: Log;
  herder(): Herder;
  /** The herder and the APIs beside it, for the REST handler. */
  restServices(): RestServices;
  scheduler(): Scheduler;
  taskRunner(options?: { onSlice?: (report: SliceReport) => void }): TaskRunner;
  close(): Promise<void>;
}

export type { ClientInstrumentation, SdkService } from './task-aws-clients.js';

export interface RuntimeOptions {
  readonly instrumentClient?: ClientInstrumentation;
  /** Plugin packages to offer beside the built-ins (loaded by the caller, failures included). */
  readonly plugins?: LoadedPlugins;
}

/**
 * The handlers' runtime: configured from the environment, with the plugin packages the bundle installed
 * (infra/plugin-bundling.ts), loaded with isolation on the first invocation.
 */
export async function createRuntimeFromEnv(log: Log): Promise<Runtime> {
  return createRuntime(runtimeConfigFromEnv(), log, { plugins: await loadPlugins(installedPlugins()) });
}

export function createRuntime(config: RuntimeConfig, log: Log, options: RuntimeOptions = {}): Runtime {
  const { instrumentClient } = options;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }; // only with a local endpoint (below)
  const requestHandler = sdkTimeouts(config.sdkTimeouts);
  const dynamo = createDynamoClient({
    region: config.region,
    requestHandler,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials } : {}),
  });
  const lambda = new LambdaClient({
    region: config.region,
    requestHandler,
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint, credentials } : {}),
  });
  instrumentClient?.(dynamo, 'dynamodb');
  instrumentClient?.(lambda, 'lambda');
  const stores = createDynamoStores(dynamo, config.tables);
  const kafka = createKafka(config.kafka, config.region, undefined, requestHandler);
  const resolver = createConfigResolver({
    region: config.region,
    requestHandler,
    ...(instrumentClient === undefined ? {} : { instrument: instrumentClient }),
  });
  const resolveConfig = (c: Record<string, string>): Promise<Record<string, string>> => resolver.resolve(c);
  const resolveConnectorConfig = (c: Record<string, string>) => resolver.resolveWithSecrets(c);
  const plugins = createDefaultPlugins(options.plugins);
  for (const failure of plugins.failures) log.warn('plugin package skipped: it failed to load', { ...failure });
  const invoker = new LambdaTaskInvoker(lambda, config.taskRunnerFunction);
  let clusterId: string | undefined;
  return {
    config,
    stores,
    kafka,
    plugins,
    log,
    herder: () =>
      new Herder({
        stores,
        plugins: plugins.catalog,
        scheduler: new LambdaSchedulerTrigger(lambda, config.schedulerFunction, log),
        workerId: config.workerId,
        clusterId: async () => (clusterId ??= await kafka.clusterId()),
      }),
    restServices() {
      return {
        herder: this.herder(),
        offsets: new OffsetsApi({ stores, plugins: plugins.catalog, kafka }),
        plugins: new PluginsApi(plugins.catalog),
        loggers: new LoggersApi(stores.configs, Date.now, loggerInventory(plugins.catalog)),
        health: healthCheck(stores, kafka),
      };
    },
    scheduler: () =>
      new Scheduler({
        stores,
        plugins: plugins.catalog,
        kafka,
        invoker,
        workerId: config.workerId,
        log,
        resolveConfig: resolveConnectorConfig,
        ...(config.doorbell === undefined ? {} : { doorbell: new LambdaDoorbellMappings(lambda, config.doorbell) }),
      }),
    taskRunner: (options = {}) =>
      new TaskRunner({
        stores,
        kafka,
        plugins: plugins.factory,
        invoker,
        workerId: config.workerId,
        workerProperties: config.workerProperties,
        log,
        awsClients: taskAwsClients(requestHandler, instrumentClient),
        defaults: DEFAULT_SLICE_LIMITS,
        leaseTtlMs: config.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
        maxHops: 1_000,
        resolveConfig,
        ...(options.onSlice ? { onSlice: options.onSlice } : {}),
      }),
    close: async () => {
      await kafka.close();
      dynamo.destroy();
      lambda.destroy();
    },
  };
}

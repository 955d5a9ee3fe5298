/**
 * The part of a task's context that API 1.1 added (lib/api/task-runtime.ts), built from the slice: the
 * time left before the slice must commit, the slice's log with the connector and task on every line,
 * and the runtime's AWS client settings.
 */
import type { AwsClientFactory, AwsSdkClient, ConverterContext, TaskLogger, TaskRuntimeContext } from '../api/index.js';
import type { AwsClientSettings, SliceContext } from './slice-context.js';

/** Every member is present: the API's optional marks are for test doubles only. */
export type ProvidedTaskRuntimeContext = Required<TaskRuntimeContext>;

export function taskRuntimeContext(ctx: SliceContext): ProvidedTaskRuntimeContext {
  const where = { connector: ctx.connector.name, task: ctx.task.id };
  const log = ctx.log;
  const logger: TaskLogger = {
    debug: (message, details) => log.debug(message, { ...details, ...where }),
    info: (message, details) => log.info(message, { ...details, ...where }),
    warn: (message, details) => log.warn(message, { ...details, ...where }),
    error: (message, details) => log.error(message, { ...details, ...where }),
  };
  return {
    remainingTimeMs: () => Math.max(0, ctx.deadline - ctx.now()),
    logger: () => logger,
    awsClient: awsClientFactory(ctx.awsClients),
  };
}

/** What a converter is lent (API 1.2): the slice's logger and the same AWS client factory as the task's. */
export function converterContext(ctx: SliceContext): Required<ConverterContext> {
  const { logger, awsClient } = taskRuntimeContext(ctx);
  return { logger, awsClient };
}

type AwsClientFn = Required<TaskRuntimeContext>['awsClient'];

/**
 * One factory per runtime settings, the same function for every slice of a warm environment: converters
 * key their per-environment clients and caches by it (lib/api/converter.ts).
 */
const FACTORIES = new WeakMap<AwsClientSettings, AwsClientFn>();

function awsClientFactory(settings: AwsClientSettings | undefined): AwsClientFn {
  if (settings === undefined) return UNINSTRUMENTED;
  let factory = FACTORIES.get(settings);
  if (factory === undefined) {
    factory = <C extends AwsSdkClient>(create: AwsClientFactory<C>): C => {
      const client = create(settings.defaults);
      // Before the first command: some clients (DynamoDB's, with cacheMiddleware) freeze their stack then.
      settings.instrument(client);
      return client;
    };
    FACTORIES.set(settings, factory);
  }
  return factory;
}

const UNINSTRUMENTED: AwsClientFn = <C extends AwsSdkClient>(create: AwsClientFactory<C>): C => create({});

/**
 * What the runtime lends a running task beyond Connect's `SinkTaskContext` / `SourceTaskContext`
 * (plugin API 1.1): the time left in the slice, a logger that names the connector and task, and the
 * runtime's settings for AWS SDK clients. A task lives in time-boxed Lambda slices, so it needs the
 * first to stop a long write before the slice must commit; the last makes a plugin's S3 or DynamoDB
 * client behave like the runtime's own (bounded timeouts on AWS; the synthesized IAM policy checked
 * for every command in the local stack, decision 0028).
 *
 * The members are optional in the type only so that test doubles written against API 1.0 still compile;
 * the runtime provides every one of them. Plugins call them through the helpers below, which fall back
 * to plain behaviour when a context lacks them.
 */

/** The worker's structured log; every line carries the connector's name and the task's id. */
export interface TaskLogger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * Constructor options every AWS SDK v3 client accepts, as the runtime sets them for its own clients:
 * spread them first into the client's configuration (a plugin may override a value after them).
 */
export interface AwsClientDefaults {
  /**
   * The Node HTTP handler's bounds: connect timeout and per-attempt (socket idle) timeout, in ms.
   * Absent outside a runtime (the SDK's defaults).
   */
  readonly requestHandler?: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly throwOnRequestTimeout: boolean;
  };
}

/** An AWS SDK v3 client, as far as the runtime touches it (its middleware stack and resolved config). */
export interface AwsSdkClient {
  readonly middlewareStack: unknown;
  readonly config: unknown;
}

/** Builds a client from the runtime's defaults: `(defaults) => new S3Client({ ...defaults, region })`. */
export type AwsClientFactory<C extends AwsSdkClient> = (defaults: AwsClientDefaults) => C;

export interface TaskRuntimeContext {
  /**
   * Milliseconds until the slice must have committed and returned (never negative). A task that
   * starts a write longer than this should not: the slice is stopped, and what it did not commit is
   * delivered again to the next slice.
   */
  remainingTimeMs?(): number;
  /** The worker's log port, every line tagged with `connector` and `task`. */
  logger?(): TaskLogger;
  /**
   * Creates an AWS SDK client the way the runtime creates its own: `create` receives the runtime's
   * defaults (timeouts); the client it returns gets the runtime's instrumentation before its first
   * command (in the local stack, the task runner's synthesized IAM policy checked for every command).
   */
  awsClient?<C extends AwsSdkClient>(create: AwsClientFactory<C>): C;
}

/** {@link TaskRuntimeContext.awsClient} when the context has it, else `create` with no defaults (unit tests). */
export function createAwsClient<C extends AwsSdkClient>(
  context: TaskRuntimeContext | undefined,
  create: AwsClientFactory<C>,
): C {
  if (context?.awsClient !== undefined) return context.awsClient(create);
  return create(NO_DEFAULTS);
}

/** Outside a runtime (unit tests, benches): the SDK's own defaults. */
const NO_DEFAULTS: AwsClientDefaults = {};

/** {@link TaskRuntimeContext.remainingTimeMs}, or `Infinity` when the context has no deadline. */
export function remainingTimeMs(context: TaskRuntimeContext | undefined): number {
  return context?.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
}

const SILENT: TaskLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** {@link TaskRuntimeContext.logger}, or a logger that drops every line. */
export function taskLogger(context: TaskRuntimeContext | undefined): TaskLogger {
  return context?.logger?.() ?? SILENT;
}

/**
 * The plugin API's version: 1.1 added {@link TaskRuntimeContext}; 1.2 lends converters and header
 * converters its logger and AWS client factory (`ConverterContext`, an optional `initialize`).
 * Semver: minor versions only add.
 */
export const PLUGIN_API_VERSION = '1.2.0';

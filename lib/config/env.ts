/**
 * Environment variable names, shared by `infra/` (which sets them) and the handlers (which read them).
 * Nothing else in the repo spells these strings.
 */
export const Env = {
  /** DynamoDB table holding connector configs, target states, task configs and logger levels. */
  CONFIG_TABLE: 'LC_CONFIG_TABLE',
  /** DynamoDB table holding source and sink offsets. */
  OFFSETS_TABLE: 'LC_OFFSETS_TABLE',
  /** DynamoDB table holding statuses, task leases and active topics. */
  STATE_TABLE: 'LC_STATE_TABLE',
  /** Kafka bootstrap servers, comma-separated `host:port`. */
  KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BOOTSTRAP_SERVERS',
  /** Kafka TLS on/off (`true` / `false`). */
  KAFKA_SSL: 'LC_KAFKA_SSL',
  /** SASL mechanism: `scram-sha-256`, `scram-sha-512`, `aws` (MSK IAM) or unset. */
  KAFKA_SASL_MECHANISM: 'LC_KAFKA_SASL_MECHANISM',
  /** Secrets Manager ARN of a `{"username","password"}` secret for SASL/SCRAM. */
  KAFKA_SASL_SECRET_ARN: 'LC_KAFKA_SASL_SECRET_ARN',
  /** Name of the task-runner function the scheduler invokes. */
  TASK_RUNNER_FUNCTION: 'LC_TASK_RUNNER_FUNCTION',
  /** Name of the doorbell function the scheduler's Kafka event source mappings invoke (`latency.mode=doorbell`). */
  DOORBELL_FUNCTION: 'LC_DOORBELL_FUNCTION',
  /**
   * JSON of what the doorbell's mappings need beyond the Kafka settings: `mskClusterArn`, `subnets`,
   * `securityGroups`, `batchingWindowSeconds` (all optional).
   */
  DOORBELL_EVENT_SOURCE: 'LC_DOORBELL_EVENT_SOURCE',
  /** Name of the scheduler function the REST handler kicks after a change. */
  SCHEDULER_FUNCTION: 'LC_SCHEDULER_FUNCTION',
  /** The `worker_id` shown in statuses. */
  WORKER_ID: 'LC_WORKER_ID',
  /** JSON object of worker-level properties (`key.converter`, `value.converter`, ...). */
  WORKER_PROPERTIES: 'LC_WORKER_PROPERTIES',
  /** Endpoint override for DynamoDB (local stack, tests). */
  DYNAMODB_ENDPOINT: 'DYNAMODB_ENDPOINT',
  /** Endpoint override for the Lambda Invoke API (local stack). */
  LAMBDA_ENDPOINT: 'LC_LAMBDA_ENDPOINT',
  /** Allowed CORS origin for the REST API (unset: no CORS headers). */
  CORS_ALLOW_ORIGIN: 'LC_CORS_ALLOW_ORIGIN',
  /** Secrets Manager ARN of the `{"username","password"}` secret the basic-auth authorizer checks. */
  BASIC_AUTH_SECRET_ARN: 'LC_BASIC_AUTH_SECRET_ARN',
  /** CloudWatch namespace of the metrics Powertools Metrics emits (`LambdaConnect` when deployed). */
  METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  /** The scheduler's tick interval (ms), set from the construct's `scheduleRate`: where a sub-ticking scheduler stops. */
  SCHEDULE_RATE_MS: 'LC_SCHEDULE_RATE_MS',
  /** How long a task lease lasts without renewal (ms); a crashed slice's task restarts after at most this. */
  LEASE_TTL_MS: 'LC_LEASE_TTL_MS',
  /**
   * Directories FileStream connectors may read and write, separated by the platform's path delimiter
   * (`:`); unset: the system temp dir. A path resolving (symlinks followed) outside them is refused.
   */
  FILE_ALLOWED_DIRS: 'LC_FILE_ALLOWED_DIRS',
  /** `false` leaves the FileStream connectors out of the plugin registry (the AWS default, decision 0008). */
  FILE_STREAM_ENABLED: 'LC_FILE_STREAM_ENABLED',
  /**
   * Plugin packages the local stack offers besides the repository's own (`plugins/*`): comma-separated npm
   * package names or paths, the equivalent of Connect's `plugin.path` (lib/config/plugin-sources.ts).
   */
  PLUGINS: 'LC_PLUGINS',
  /** Powertools log level and service name. */
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
} as const;
export type EnvName = (typeof Env)[keyof typeof Env];

/** Reads a required variable, failing fast with its name. */
export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/** Reads an optional variable. */
export function optionalEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

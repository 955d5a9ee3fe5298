/**
 * Everything a handler needs from its environment, read once and checked (fail fast, naming the variable).
 */
import { Env, optionalEnv, requireEnv } from '../config/env.js';
import type { DoorbellSettings } from '../scheduler/doorbell.js';
import type { TableNames } from '../stores/tables.js';

export interface KafkaSettings {
  readonly bootstrapServers: string[];
  readonly ssl: boolean;
  readonly saslMechanism?: string;
  readonly saslSecretArn?: string;
}

export interface RuntimeConfig {
  readonly tables: TableNames;
  readonly kafka: KafkaSettings;
  readonly taskRunnerFunction: string;
  readonly schedulerFunction: string;
  readonly workerId: string;
  readonly workerProperties: Readonly<Record<string, string>>;
  readonly dynamoEndpoint?: string;
  readonly lambdaEndpoint?: string;
  readonly corsAllowOrigin?: string;
  readonly region: string;
  /** Task lease time-to-live (ms). */
  readonly leaseTtlMs?: number;
  /** The doorbell's mappings (`latency.mode=doorbell`); absent: the scheduler creates none. */
  readonly doorbell?: DoorbellSettings;
  /** SDK connection / request timeouts (ms); default `DEFAULT_SDK_TIMEOUTS`. Tests shorten them. */
  readonly sdkTimeouts?: { readonly connectionTimeout?: number; readonly requestTimeout?: number };
}

export function runtimeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const workerProps = optionalEnv(Env.WORKER_PROPERTIES, env);
  let workerProperties: Record<string, string> = {};
  if (workerProps !== undefined) {
    try {
      workerProperties = JSON.parse(workerProps) as Record<string, string>;
    } catch (error) {
      throw new Error(`${Env.WORKER_PROPERTIES} must be a JSON object of worker properties`, { cause: error });
    }
  }
  const dynamoEndpoint = optionalEnv(Env.DYNAMODB_ENDPOINT, env);
  const lambdaEndpoint = optionalEnv(Env.LAMBDA_ENDPOINT, env);
  const corsAllowOrigin = optionalEnv(Env.CORS_ALLOW_ORIGIN, env);
  const saslMechanism = optionalEnv(Env.KAFKA_SASL_MECHANISM, env);
  const saslSecretArn = optionalEnv(Env.KAFKA_SASL_SECRET_ARN, env);
  return {
    tables: {
      config: requireEnv(Env.CONFIG_TABLE, env),
      offsets: requireEnv(Env.OFFSETS_TABLE, env),
      state: requireEnv(Env.STATE_TABLE, env),
    },
    kafka: {
      bootstrapServers: requireEnv(Env.KAFKA_BOOTSTRAP_SERVERS, env)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ssl: optionalEnv(Env.KAFKA_SSL, env) === 'true',
      ...(saslMechanism === undefined ? {} : { saslMechanism }),
      ...(saslSecretArn === undefined ? {} : { saslSecretArn }),
    },
    taskRunnerFunction: requireEnv(Env.TASK_RUNNER_FUNCTION, env),
    schedulerFunction: requireEnv(Env.SCHEDULER_FUNCTION, env),
    workerId: optionalEnv(Env.WORKER_ID, env) ?? `lambda-connect:${env['AWS_REGION'] ?? 'local'}`,
    workerProperties,
    ...(dynamoEndpoint === undefined ? {} : { dynamoEndpoint }),
    ...(lambdaEndpoint === undefined ? {} : { lambdaEndpoint }),
    ...(corsAllowOrigin === undefined ? {} : { corsAllowOrigin }),
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...leaseTtl(optionalEnv(Env.LEASE_TTL_MS, env)),
    ...doorbellFromEnv(env),
  };
}

/** What `LC_DOORBELL_EVENT_SOURCE` may hold (JSON); the Kafka settings come from the Kafka variables. */
interface DoorbellEventSource {
  readonly mskClusterArn?: string;
  readonly subnets?: string[];
  readonly securityGroups?: string[];
  readonly batchingWindowSeconds?: number;
}

function doorbellFromEnv(env: NodeJS.ProcessEnv): { doorbell?: DoorbellSettings } {
  const functionName = optionalEnv(Env.DOORBELL_FUNCTION, env);
  if (functionName === undefined) return {};
  let source: DoorbellEventSource = {};
  const json = optionalEnv(Env.DOORBELL_EVENT_SOURCE, env);
  if (json !== undefined) {
    try {
      source = JSON.parse(json) as DoorbellEventSource;
    } catch (error) {
      throw new Error(`${Env.DOORBELL_EVENT_SOURCE} must be a JSON object`, { cause: error });
    }
  }
  const mechanism = optionalEnv(Env.KAFKA_SASL_MECHANISM, env);
  const secretArn = optionalEnv(Env.KAFKA_SASL_SECRET_ARN, env);
  return {
    doorbell: {
      functionName,
      bootstrapServers: (optionalEnv(Env.KAFKA_BOOTSTRAP_SERVERS, env) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      batchingWindowSeconds: source.batchingWindowSeconds ?? 0,
      ...(source.mskClusterArn === undefined ? {} : { mskClusterArn: source.mskClusterArn }),
      ...(source.subnets === undefined || source.subnets.length === 0 ? {} : { subnets: source.subnets }),
      ...(source.securityGroups === undefined || source.securityGroups.length === 0
        ? {}
        : { securityGroups: source.securityGroups }),
      ...(mechanism !== undefined && mechanism !== 'aws' && secretArn !== undefined
        ? { sasl: { mechanism, secretArn } }
        : {}),
    },
  };
}

function leaseTtl(value: string | undefined): { leaseTtlMs?: number } {
  if (value === undefined) return {};
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1000)
    throw new Error(`${Env.LEASE_TTL_MS} must be a whole number of milliseconds, at least 1000`);
  return { leaseTtlMs: ms };
}

/** The environment a handler process needs to rebuild `config` (the inverse of `runtimeConfigFromEnv`). */
export function runtimeConfigToEnv(config: RuntimeConfig): Record<string, string> {
  const env: Record<string, string> = {
    [Env.CONFIG_TABLE]: config.tables.config,
    [Env.OFFSETS_TABLE]: config.tables.offsets,
    [Env.STATE_TABLE]: config.tables.state,
    [Env.KAFKA_BOOTSTRAP_SERVERS]: config.kafka.bootstrapServers.join(','),
    [Env.KAFKA_SSL]: String(config.kafka.ssl),
    [Env.TASK_RUNNER_FUNCTION]: config.taskRunnerFunction,
    [Env.SCHEDULER_FUNCTION]: config.schedulerFunction,
    [Env.WORKER_ID]: config.workerId,
    [Env.WORKER_PROPERTIES]: JSON.stringify(config.workerProperties),
    AWS_REGION: config.region,
  };
  if (config.dynamoEndpoint !== undefined) env[Env.DYNAMODB_ENDPOINT] = config.dynamoEndpoint;
  if (config.lambdaEndpoint !== undefined) env[Env.LAMBDA_ENDPOINT] = config.lambdaEndpoint;
  if (config.leaseTtlMs !== undefined) env[Env.LEASE_TTL_MS] = String(config.leaseTtlMs);
  if (config.doorbell !== undefined) {
    const { functionName, mskClusterArn, subnets, securityGroups, batchingWindowSeconds } = config.doorbell;
    env[Env.DOORBELL_FUNCTION] = functionName;
    env[Env.DOORBELL_EVENT_SOURCE] = JSON.stringify({ mskClusterArn, subnets, securityGroups, batchingWindowSeconds });
  }
  return env;
}

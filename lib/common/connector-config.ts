/**
 * A connector's framework settings parsed once from the ConfigDefs into a typed object (Kafka's
 * `ConnectorConfig` / `SinkConnectorConfig`): the worker and the scheduler read fields, never raw strings.
 * Parsing uses each key's declared type, default and validator, so a value the herder would refuse is a
 * `ConfigError` naming the key here too (only configs stored before a key existed can get this far).
 */
import { NO_DEFAULT, parseType, type ConfigDef } from '../api/config-def.js';
import { ConfigError } from '../api/errors.js';
import { ConnectorConfigKeys as K, sinkConnectorConfigDef, sourceConnectorConfigDef } from './connector-config-def.js';
import { LatencyConfigKeys, type LatencyConfig, type LatencyMode } from './latency-mode.js';
import { SliceConfigKeys } from './slice-config-def.js';

/** Kafka's `TaskConfig.TASK_CLASS_CONFIG`: the key the scheduler adds to every task config. */
export const TASK_CLASS_CONFIG = 'task.class';

/** `errors.*`: retries and tolerance of record-level failures. */
export interface ErrorHandlingConfig {
  /** `errors.retry.timeout`: -1 retries forever, 0 never. */
  readonly retryTimeoutMs: number;
  /** `errors.retry.delay.max.ms`: the cap of the doubling backoff. */
  readonly retryDelayMaxMs: number;
  /** `errors.tolerance=all`. */
  readonly tolerateAll: boolean;
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
}

/** `errors.deadletterqueue.*` (sinks); `topic` empty when there is no DLQ. */
export interface DeadLetterQueueConfig {
  readonly topic: string;
  readonly replicationFactor: number;
  readonly contextHeaders: boolean;
}

/** `slice.*` overrides; null where the deployment default applies. */
export interface SliceOverrides {
  readonly maxRecords: number | null;
  readonly maxBytes: number | null;
  readonly maxMs: number | null;
  readonly lingerMs: number | null;
}

/** Automatic restarts of FAILED tasks (opt-in). */
export interface RestartPolicyConfig {
  readonly enabled: boolean;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface ConnectorConfig {
  readonly name: string;
  readonly tasksMax: number;
  readonly tasksMaxEnforce: boolean;
  readonly transforms: readonly string[];
  readonly predicates: readonly string[];
  readonly errors: ErrorHandlingConfig;
  readonly slice: SliceOverrides;
  /** `latency.*`: how the connector's slices are started (decision 0023). */
  readonly latency: LatencyConfig;
  /** `task.unavailable.timeout.ms` of the connector; null: the worker's. */
  readonly unavailableTimeoutMs: number | null;
  readonly restart: RestartPolicyConfig;
  /** Sinks: `topics` and `topics.regex` (empty when unset). */
  readonly topics: readonly string[];
  readonly topicsRegex: string;
  readonly deadLetterQueue: DeadLetterQueueConfig;
  /** Sinks: the consumer group offsets are mirrored to (`consumer.override.group.id`, else `connect-<name>`). */
  readonly consumerGroupId: string;
}

/** Definitions are immutable once built: one of each serves every parse. */
const SINK_DEF = sinkConnectorConfigDef();
const SOURCE_DEF = sourceConnectorConfigDef();

/**
 * Parses a connector's stored config once. A sink is a connector with `topics` or `topics.regex` (validation
 * requires one of them on every sink); on a source the sink-only fields hold their defaults.
 */
export function parseConnectorConfig(name: string, raw: Readonly<Record<string, string>>): ConnectorConfig {
  const sink = raw[K.TOPICS] !== undefined || raw[K.TOPICS_REGEX] !== undefined;
  const def = sink ? SINK_DEF : SOURCE_DEF;
  const read = <T>(key: string): T => readKey(def, raw, key) as T;
  return {
    name,
    tasksMax: read<number>(K.TASKS_MAX),
    tasksMaxEnforce: read<boolean>(K.TASKS_MAX_ENFORCE),
    transforms: list(read<string[]>(K.TRANSFORMS)),
    predicates: list(read<string[]>(K.PREDICATES)),
    errors: {
      retryTimeoutMs: read<number>(K.ERRORS_RETRY_TIMEOUT),
      retryDelayMaxMs: read<number>(K.ERRORS_RETRY_DELAY_MAX_MS),
      tolerateAll: read<string>(K.ERRORS_TOLERANCE).toLowerCase() === 'all',
      logEnable: read<boolean>(K.ERRORS_LOG_ENABLE),
      logIncludeMessages: read<boolean>(K.ERRORS_LOG_INCLUDE_MESSAGES),
    },
    slice: {
      maxRecords: read<number | null>(SliceConfigKeys.MAX_RECORDS),
      maxBytes: read<number | null>(SliceConfigKeys.MAX_BYTES),
      maxMs: read<number | null>(SliceConfigKeys.MAX_MS),
      lingerMs: read<number | null>(SliceConfigKeys.LINGER_MS),
    },
    latency: {
      mode: read<LatencyMode>(LatencyConfigKeys.MODE),
      intervalMs: read<number | null>(LatencyConfigKeys.INTERVAL_MS),
    },
    unavailableTimeoutMs: read<number | null>(SliceConfigKeys.UNAVAILABLE_TIMEOUT_MS),
    restart: {
      enabled: read<boolean>(SliceConfigKeys.RESTART_ON_FAILURE),
      initialBackoffMs: read<number>(SliceConfigKeys.RESTART_BACKOFF_INITIAL_MS),
      maxBackoffMs: read<number>(SliceConfigKeys.RESTART_BACKOFF_MAX_MS),
    },
    topics: sink ? [...new Set(list(read<string[]>(K.TOPICS)))] : [],
    topicsRegex: sink ? read<string>(K.TOPICS_REGEX) : '',
    deadLetterQueue: {
      topic: sink ? read<string>(K.DLQ_TOPIC) : '',
      replicationFactor: sink ? read<number>(K.DLQ_REPLICATION_FACTOR) : 3,
      contextHeaders: sink ? read<boolean>(K.DLQ_CONTEXT_HEADERS_ENABLE) : false,
    },
    consumerGroupId: raw[K.CONSUMER_GROUP_ID_OVERRIDE] ?? `connect-${name}`,
  };
}

/** A LIST value without empty entries (`a,,b`), as the worker always read lists. */
function list(values: readonly string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

/** One key through its definition: type, default, validator. */
function readKey(def: ConfigDef, raw: Readonly<Record<string, string>>, name: string): unknown {
  const key = def.key(name);
  if (key === undefined) throw new ConfigError(`No definition for "${name}"`);
  const set = raw[name] !== undefined;
  const value = set ? parseType(name, raw[name], key.type) : key.defaultValue === NO_DEFAULT ? null : key.defaultValue;
  key.validator?.(name, value);
  return value;
}

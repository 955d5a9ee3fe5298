/**
 * The worker properties the runtime honours, parsed once into a typed object (Kafka's `WorkerConfig`).
 * Converter properties stay a map: they are handed to the converters by prefix, as Connect does.
 */
import { ConfigDef, ConfigType, Importance } from '../api/config-def.js';
import { SliceConfigKeys } from './slice-config-def.js';

export const WorkerConfigKeys = {
  TOPIC_CREATION_ENABLE: 'topic.creation.enable',
  OFFSET_FLUSH_INTERVAL_MS: 'offset.flush.interval.ms',
  UNAVAILABLE_TIMEOUT_MS: SliceConfigKeys.UNAVAILABLE_TIMEOUT_MS,
} as const;

/** Source offsets are flushed every second (Connect: 60 s), see docs/compatibility.md. */
export const DEFAULT_OFFSET_FLUSH_INTERVAL_MS = 1_000;
/** 30 minutes: rides out broker restarts, rolling upgrades and regional blips; -1 retries forever. */
export const DEFAULT_UNAVAILABLE_TIMEOUT_MS = 1_800_000;

export interface WorkerConfig {
  readonly topicCreationEnable: boolean;
  readonly offsetFlushIntervalMs: number;
  /** `task.unavailable.timeout.ms`; -1 forever. */
  readonly unavailableTimeoutMs: number;
}

/** The worker keys as data; a value that does not parse is a `ConfigError` naming the key. */
export function workerConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: WorkerConfigKeys.TOPIC_CREATION_ENABLE,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation: 'Whether source connectors may create their topics (topic.creation.* settings).',
    })
    .define({
      name: WorkerConfigKeys.OFFSET_FLUSH_INTERVAL_MS,
      type: ConfigType.LONG,
      defaultValue: DEFAULT_OFFSET_FLUSH_INTERVAL_MS,
      importance: Importance.LOW,
      documentation: 'How often a source slice writes its offsets.',
    })
    .define({
      name: WorkerConfigKeys.UNAVAILABLE_TIMEOUT_MS,
      type: ConfigType.LONG,
      defaultValue: DEFAULT_UNAVAILABLE_TIMEOUT_MS,
      importance: Importance.LOW,
      documentation: 'How long a task may find its dependencies unavailable before it fails; -1 forever.',
    });
}

const WORKER_DEF = workerConfigDef();

export function parseWorkerConfig(properties: Readonly<Record<string, string>>): WorkerConfig {
  const values = WORKER_DEF.parse(properties);
  return {
    topicCreationEnable: values.get(WorkerConfigKeys.TOPIC_CREATION_ENABLE) as boolean,
    offsetFlushIntervalMs: values.get(WorkerConfigKeys.OFFSET_FLUSH_INTERVAL_MS) as number,
    unavailableTimeoutMs: values.get(WorkerConfigKeys.UNAVAILABLE_TIMEOUT_MS) as number,
  };
}

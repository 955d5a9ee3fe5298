/**
 * The connector keys only lambda-connect has: how long a slice (one task-runner invocation) runs, how
 * long a task may find Kafka or the state store unavailable, and the opt-in automatic restart of failed tasks. Declared beside Connect's own keys so
 * `/config/validate` and `/connector-plugins/{p}/config` document and check them (docs/compatibility.md).
 */
import { ConfigType, Importance, Width, type ConfigDef, type Validator } from '../api/config-def.js';
import { ConfigError } from '../api/errors.js';

export const SLICES_GROUP = 'Slices';

export const SliceConfigKeys = {
  MAX_RECORDS: 'slice.max.records',
  MAX_BYTES: 'slice.max.bytes',
  MAX_MS: 'slice.max.ms',
  LINGER_MS: 'slice.linger.ms',
  UNAVAILABLE_TIMEOUT_MS: 'task.unavailable.timeout.ms',
  RESTART_ON_FAILURE: 'task.restart.on.failure',
  RESTART_BACKOFF_INITIAL_MS: 'task.restart.backoff.initial.ms',
  RESTART_BACKOFF_MAX_MS: 'task.restart.backoff.max.ms',
} as const;

/** Unset (null: the deployment's default) or a positive number. */
function positiveOrNull(): Validator {
  return (name, value) => {
    if (value !== null && (typeof value !== 'number' || value <= 0))
      throw ConfigError.invalidValue(name, value, 'Value must be at least 1');
  };
}

/** Unset, -1 (forever) or at least 0. */
function timeoutOrNull(): Validator {
  return (name, value) => {
    if (value !== null && (typeof value !== 'number' || value < -1))
      throw ConfigError.invalidValue(name, value, 'Value must be -1 (forever) or at least 0');
  };
}

/** Adds the slice keys to a connector's framework definition. */
export function defineSliceKeys(def: ConfigDef): ConfigDef {
  let order = 0;
  const key = (
    name: string,
    type: ConfigType,
    validator: Validator,
    documentation: string,
    displayName: string,
  ): void => {
    def.define({
      name,
      type,
      defaultValue: null,
      validator,
      importance: Importance.LOW,
      documentation,
      group: SLICES_GROUP,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName,
    });
  };
  key(
    SliceConfigKeys.MAX_RECORDS,
    ConfigType.INT,
    positiveOrNull(),
    'Most records one slice (one task-runner invocation) moves; unset: the deployment default.',
    'Records per slice',
  );
  key(
    SliceConfigKeys.MAX_BYTES,
    ConfigType.LONG,
    positiveOrNull(),
    'Most bytes one slice moves; unset: the deployment default.',
    'Bytes per slice',
  );
  key(
    SliceConfigKeys.MAX_MS,
    ConfigType.LONG,
    positiveOrNull(),
    'How long one slice may run, in milliseconds (bounded by the function timeout); unset: the deployment default.',
    'Slice duration (ms)',
  );
  key(
    SliceConfigKeys.LINGER_MS,
    ConfigType.LONG,
    positiveOrNull(),
    'After data moved, how long a slice waits for more before it ends; unset: the deployment default.',
    'Slice linger (ms)',
  );
  key(
    SliceConfigKeys.UNAVAILABLE_TIMEOUT_MS,
    ConfigType.LONG,
    timeoutOrNull(),
    'How long a task may find Kafka or the state store unavailable before it is marked FAILED, in milliseconds; -1 retries forever; unset: the worker property, else 1800000.',
    'Unavailable timeout (ms)',
  );
  def
    .define({
      name: SliceConfigKeys.RESTART_ON_FAILURE,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation:
        'Whether a FAILED task is restarted automatically, after a backoff that doubles with each failure in a row.',
      group: SLICES_GROUP,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Restart failed tasks',
    })
    .define({
      name: SliceConfigKeys.RESTART_BACKOFF_INITIAL_MS,
      type: ConfigType.LONG,
      defaultValue: 10_000,
      validator: positiveOrNull(),
      importance: Importance.LOW,
      documentation: 'The first automatic restart backoff, in milliseconds.',
      group: SLICES_GROUP,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Initial restart backoff (ms)',
    })
    .define({
      name: SliceConfigKeys.RESTART_BACKOFF_MAX_MS,
      type: ConfigType.LONG,
      defaultValue: 300_000,
      validator: positiveOrNull(),
      importance: Importance.LOW,
      documentation: 'The longest automatic restart backoff, in milliseconds.',
      group: SLICES_GROUP,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Maximum restart backoff (ms)',
    });
  return def;
}

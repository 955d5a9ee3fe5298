/**
 * Latency as a per-connector choice with a price (decision 0023). A connector picks how its tasks'
 * slices are started with `latency.mode`:
 * - `scheduled` (default): one slice per scheduler tick (a minute on AWS), nothing runs in between.
 * - `interval`: the scheduler invocation stays up for its minute and starts the connector's idle tasks
 *   every `latency.interval.ms` (a source's own `poll.interval.ms` when that is unset).
 * - `continuous`: one live slice per task at all times: a slice lingers for its whole budget and the
 *   next one is started as it ends, as a Connect worker's task thread would poll.
 * - `doorbell` (sink connectors only): a Kafka event source mapping per topic rings a thin function when
 *   records arrive, which starts the sink's idle tasks (lib/scheduler/doorbell.ts); nothing runs while idle.
 */
import { ConfigType, Importance, Validators, Width, type ConfigDef } from '../api/config-def.js';
import { ConfigError } from '../api/errors.js';
import { SLICES_GROUP } from './slice-config-def.js';

export const LatencyMode = {
  SCHEDULED: 'scheduled',
  INTERVAL: 'interval',
  CONTINUOUS: 'continuous',
  DOORBELL: 'doorbell',
} as const;
export type LatencyMode = (typeof LatencyMode)[keyof typeof LatencyMode];

export const LatencyConfigKeys = {
  MODE: 'latency.mode',
  INTERVAL_MS: 'latency.interval.ms',
} as const;

/** Connect's source connectors' polling key (JDBC, and most pollers); an interval-mode source's default cadence. */
export const POLL_INTERVAL_MS_CONFIG = 'poll.interval.ms';

/** Without `latency.interval.ms` or `poll.interval.ms`: a slice every five seconds. */
export const DEFAULT_INTERVAL_MS = 5_000;
/** Sub-ticks closer than a second would start slices faster than an idle slice ends. */
export const MIN_INTERVAL_MS = 1_000;

/** A connector's parsed latency settings. */
export interface LatencyConfig {
  readonly mode: LatencyMode;
  /** `latency.interval.ms`; null when unset. */
  readonly intervalMs: number | null;
}

/** Unset (null) or at least {@link MIN_INTERVAL_MS}. */
function intervalOrNull(name: string, value: unknown): void {
  if (value !== null && (typeof value !== 'number' || value < MIN_INTERVAL_MS))
    throw ConfigError.invalidValue(name, value, `Value must be at least ${MIN_INTERVAL_MS}`);
}

/** Adds the latency keys to a connector's framework definition, in the group of our own keys (after the slice keys). */
export function defineLatencyKeys(def: ConfigDef): ConfigDef {
  return def
    .define({
      name: LatencyConfigKeys.MODE,
      type: ConfigType.STRING,
      defaultValue: LatencyMode.SCHEDULED,
      validator: Validators.in(Object.values(LatencyMode)),
      importance: Importance.MEDIUM,
      documentation:
        "How the connector's tasks are started, and so how soon an idle one sees new data and what it costs while idle: scheduled (one slice per scheduler tick, a minute on AWS; cheapest), interval (a slice every latency.interval.ms; the scheduler stays up for its minute), continuous (one slice always running, as a Connect worker; the most expensive), doorbell (sink connectors only: a Lambda Kafka event source mapping on each topic starts the tasks when records arrive; sub-second and nearly free while idle). See docs/decisions/0023-latency-modes.md.",
      group: SLICES_GROUP,
      orderInGroup: 9,
      width: Width.SHORT,
      displayName: 'Latency mode',
    })
    .define({
      name: LatencyConfigKeys.INTERVAL_MS,
      type: ConfigType.LONG,
      defaultValue: null,
      validator: intervalOrNull,
      importance: Importance.LOW,
      documentation: `With latency.mode=interval: how often an idle task is started, in milliseconds (at least ${MIN_INTERVAL_MS}); unset: the connector's ${POLL_INTERVAL_MS_CONFIG} when it has one, else ${DEFAULT_INTERVAL_MS}.`,
      group: SLICES_GROUP,
      orderInGroup: 10,
      width: Width.SHORT,
      displayName: 'Interval (ms)',
    });
}

/**
 * Whether a finished slice starts the next one at once (continuous mode). A slice that ended sooner than
 * its linger (no partitions assigned, the connector changed) is left to the scheduler, so a task that
 * cannot work never loops.
 */
export function rearmsContinuously(latency: LatencyConfig, sliceMs: number, lingerMs: number): boolean {
  return latency.mode === LatencyMode.CONTINUOUS && sliceMs >= lingerMs;
}

/** The message a source connector with `latency.mode=doorbell` is refused with (a 400 at validation). */
export const DOORBELL_SINKS_ONLY =
  'latency.mode=doorbell is for sink connectors only: it wakes a sink when records arrive on its topics. A source connector can use scheduled, interval or continuous.';

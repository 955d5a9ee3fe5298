/**
 * The sub-minute cadence (`latency.mode=interval`, decision 0023). EventBridge Scheduler ticks at most
 * once a minute, so the scheduled tick's invocation stays up for its minute and reconciles the
 * interval-mode connectors again whenever one of their intervals comes round: each such pass starts a
 * slice for every idle task of those connectors (a task whose slice still runs keeps it). The loop ends
 * before the next scheduled tick, and at once when no connector uses the mode.
 */
import { ConnectorConfigKeys } from '../common/connector-config-def.js';
import { parseConnectorConfig } from '../common/connector-config.js';
import {
  DEFAULT_INTERVAL_MS,
  LatencyMode,
  MIN_INTERVAL_MS,
  POLL_INTERVAL_MS_CONFIG,
  type LatencyConfig,
} from '../common/latency-mode.js';
import { TargetState } from '../common/states.js';
import type { ConnectorRecord } from '../stores/model.js';

/** Stop this long before the next scheduled tick (or the invocation's own deadline): a pass must finish. */
export const SUB_TICK_MARGIN_MS = 3_000;

/**
 * How often an interval-mode connector's idle tasks are started; null for the other modes. A source's
 * `poll.interval.ms` is its default cadence (Connect's pollers wait that long between polls).
 */
export function intervalOf(record: ConnectorRecord): number | null {
  // A paused or stopped connector starts no slices: it must not keep the scheduler up for its minute.
  if (record.targetState !== TargetState.STARTED) return null;
  let latency: LatencyConfig;
  try {
    latency = parseConnectorConfig(record.name, record.config).latency;
  } catch {
    // A config the herder would now refuse fails the connector on the scheduled tick, not here.
    return null;
  }
  if (latency.mode !== LatencyMode.INTERVAL) return null;
  if (latency.intervalMs !== null) return latency.intervalMs;
  const sink =
    record.config[ConnectorConfigKeys.TOPICS] !== undefined ||
    record.config[ConnectorConfigKeys.TOPICS_REGEX] !== undefined;
  const poll = Number(record.config[POLL_INTERVAL_MS_CONFIG]);
  return !sink && Number.isFinite(poll) && poll > 0 ? Math.max(MIN_INTERVAL_MS, poll) : DEFAULT_INTERVAL_MS;
}

/** Whether an interval comes round between two instants (ms since the scheduled tick), `after` excluded. */
export function comesRound(intervalMs: number, after: number, upTo: number): boolean {
  return Math.floor(upTo / intervalMs) > Math.floor(after / intervalMs);
}

/** The next instant after `at` (ms since the scheduled tick) at which one of the intervals comes round. */
export function nextRound(intervals: Iterable<number>, at: number): number | null {
  let next: number | null = null;
  for (const interval of intervals) {
    const candidate = (Math.floor(at / interval) + 1) * interval;
    if (next === null || candidate < next) next = candidate;
  }
  return next;
}

export interface SubTickOptions {
  /** One reconcile pass over the connectors `select` accepts. */
  readonly pass: (select: (record: ConnectorRecord) => boolean) => Promise<unknown>;
  /** When the scheduled tick started (epoch ms). */
  readonly startedAt: number;
  /** When the loop must have stopped (epoch ms): the next tick or the invocation's deadline, less the margin. */
  readonly until: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly signal?: AbortSignal;
}

/** Runs the sub-ticks of one scheduled tick; returns how many passes ran. */
export async function runSubTicks(options: SubTickOptions): Promise<number> {
  const { startedAt, until, now, sleep } = options;
  let last = 0;
  // Before the first pass nothing is known about the connectors; the first pass comes a second in.
  let wake: number | null = MIN_INTERVAL_MS;
  let passes = 0;
  const aborted = (): boolean => options.signal?.aborted === true;
  while (wake !== null && startedAt + wake < until && !aborted()) {
    await sleep(Math.max(0, startedAt + wake - now()));
    if (aborted()) break;
    const at = now() - startedAt;
    const intervals = new Set<number>();
    await options.pass((record) => {
      const interval = intervalOf(record);
      if (interval === null) return false;
      intervals.add(interval);
      return comesRound(interval, last, at);
    });
    passes++;
    last = at;
    wake = nextRound(intervals, at);
  }
  return passes;
}

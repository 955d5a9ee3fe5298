/**
 * Outages are weather: a broker restarting, DynamoDB throttling or unreachable, Lambda throttling
 * invocations. This module tells those failures apart from a task's own faults, retries a port's calls
 * through them with backoff while a slice has time, and holds the outage budget after which a task that
 * still cannot reach its dependencies is marked FAILED (`task.unavailable.timeout.ms`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriableFailure } from '../common/retriable-failure.js';
import { SliceConfigKeys } from '../common/slice-config-def.js';
import { DEFAULT_UNAVAILABLE_TIMEOUT_MS } from '../common/worker-config.js';

export { isRetriableFailure };

/** Per connector, else the worker property of the same name: how long a task may find its dependencies unavailable. */
export const UNAVAILABLE_TIMEOUT_CONFIG = SliceConfigKeys.UNAVAILABLE_TIMEOUT_MS;
export { DEFAULT_UNAVAILABLE_TIMEOUT_MS };

/** How a port's calls back off through an outage: 250 ms doubling to 4 s, with jitter. */
export const OUTAGE_BACKOFF = { initialMs: 250, maxMs: 4_000 } as const;

export interface OutageRetryOptions {
  /** Epoch ms after which a call's failure is thrown rather than retried (the slice must end by then). */
  readonly until: () => number;
  readonly now: () => number;
  /** Called before each pause, for a warning log line. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `fn`, retrying retriable failures with backoff while the next attempt can start before `until`. */
export async function retryThroughOutage<T>(fn: () => Promise<T>, options: OutageRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetriableFailure(error)) throw error;
      const ceiling = Math.min(OUTAGE_BACKOFF.maxMs, OUTAGE_BACKOFF.initialMs * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
      if (options.now() + delay >= options.until()) throw error;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/**
 * The same port, each of whose async methods retries through an outage. Wraps one level of nesting
 * too (`stores.configs.getConnector`), so a whole `Stores` can be passed in.
 */
export function retryingPort<T extends object>(port: T, options: OutageRetryOptions, depth = 1): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (wrapped.has(property)) return wrapped.get(property);
      let result: unknown = value;
      if (typeof value === 'function') {
        const method = value as (...args: unknown[]) => unknown;
        result = (...args: unknown[]) => {
          const first = method.apply(target, args);
          if (!(first instanceof Promise)) return first;
          let initial: Promise<unknown> | undefined = first;
          return retryThroughOutage(() => {
            const attempt = initial ?? (method.apply(target, args) as Promise<unknown>);
            initial = undefined;
            return attempt;
          }, options);
        };
      } else if (depth > 0 && value !== null && typeof value === 'object') {
        result = retryingPort(value, options, depth - 1);
      } else {
        return value;
      }
      wrapped.set(property, result);
      return result;
    },
  });
}

/** The outage budget for a connector: its own setting, else the worker's; -1 is forever. */
export function unavailableTimeoutMs(connector: number | null, worker: number): number {
  const budget = connector ?? worker;
  return budget < 0 ? Number.POSITIVE_INFINITY : budget;
}

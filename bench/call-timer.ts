/**
 * Times the calls a slice makes to its ports, by wrapping the methods of the running stack's store and
 * Kafka objects (own properties shadowing the prototype's; `restore()` removes them). Nothing in lib/
 * changes: the wrappers only measure. A call made from inside another timed call (a store's private
 * helper) is not timed again. Only meaningful while one slice runs at a time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KafkaPort } from '../lib/kafka/kafka-port.js';
import type { Stores } from '../lib/stores/ports.js';

/** Categories of framework work a slice does besides its task's own work. */
export const CallCategory = {
  LEASE: 'lease',
  STATUS: 'status',
  CONFIG: 'config',
  OFFSETS: 'offsets',
  TOPICS: 'topics',
  /** Produce and fetch: the data path, not overhead. */
  KAFKA_DATA: 'kafkaData',
  /** Other Kafka calls (consumer-group offset mirror, earliest offsets): overhead. */
  KAFKA_META: 'kafkaMeta',
} as const;
export type CallCategory = (typeof CallCategory)[keyof typeof CallCategory];

export interface CallTimer {
  /** Milliseconds and calls per category since the last `reset()`. */
  totals(): Record<CallCategory, { ms: number; calls: number }>;
  reset(): void;
  restore(): void;
}

export function timeCalls(stores: Stores, kafka: KafkaPort): CallTimer {
  const totals = emptyTotals();
  const inside = new AsyncLocalStorage<boolean>();
  const restores: Array<() => void> = [];
  const wrap = (target: object, categoryOf: (method: string) => CallCategory): void => {
    const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = proto[name];
      if (name === 'constructor' || typeof original !== 'function') continue;
      const fn = original as (...args: unknown[]) => unknown;
      const category = categoryOf(name);
      Object.defineProperty(target, name, {
        configurable: true,
        writable: true,
        value: async function (this: unknown, ...args: unknown[]) {
          if (inside.getStore() === true) return fn.apply(this, args);
          const started = performance.now();
          try {
            return await inside.run(true, () => fn.apply(this, args));
          } finally {
            totals[category].ms += performance.now() - started;
            totals[category].calls += 1;
          }
        },
      });
      restores.push(() => delete (target as Record<string, unknown>)[name]);
    }
  };
  wrap(stores.leases, () => CallCategory.LEASE);
  wrap(stores.statuses, () => CallCategory.STATUS);
  wrap(stores.configs, () => CallCategory.CONFIG);
  wrap(stores.offsets, () => CallCategory.OFFSETS);
  wrap(stores.topics, () => CallCategory.TOPICS);
  wrap(kafka, (method) =>
    method === 'send' || method === 'fetch' ? CallCategory.KAFKA_DATA : CallCategory.KAFKA_META,
  );
  return {
    totals: () => structuredClone(totals),
    reset: () => Object.assign(totals, emptyTotals()),
    restore: () => restores.forEach((r) => r()),
  };
}

function emptyTotals(): Record<CallCategory, { ms: number; calls: number }> {
  return Object.fromEntries(Object.values(CallCategory).map((c) => [c, { ms: 0, calls: 0 }])) as Record<
    CallCategory,
    { ms: number; calls: number }
  >;
}

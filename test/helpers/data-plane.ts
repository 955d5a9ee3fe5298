/**
 * One worker's data plane for unit tests: a Scheduler and a TaskRunner on the given stores and Kafka, as
 * worker `test:1`, whose task invocations are collected (`invoked`) instead of sent, so a test drives
 * ticks and slices one at a time. The options are the deps the tests vary; the rest are the defaults the
 * worker's unit tests share.
 */
import type { KafkaPort } from '../../lib/kafka/kafka-port.js';
import type { Log } from '../../lib/common/log.js';
import type { TaskInvocation, TaskInvoker } from '../../lib/common/task-invocation.js';
import { createDefaultPlugins, type Plugins } from '../../lib/runtime/plugins.js';
import { Scheduler } from '../../lib/scheduler/scheduler.js';
import type { Stores } from '../../lib/stores/ports.js';
import type { SliceDefaults } from '../../lib/worker/slice-context.js';
import { TaskRunner } from '../../lib/worker/task-runner.js';

/** A Log that drops every line. */
export const quietLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Generous slice limits: a slice ends when its input does, not on a limit. */
export const TEST_SLICE_DEFAULTS: SliceDefaults = {
  maxRecords: 100_000,
  maxBytes: 1 << 26,
  maxMs: 60_000,
  lingerMs: 0,
};

export interface DataPlaneOptions {
  readonly stores: Stores;
  readonly kafka: KafkaPort;
  /** Default: the built-in plugins. */
  readonly plugins?: Plugins;
  /** Default: one that collects into `invoked`. */
  readonly invoker?: TaskInvoker;
  /** The task runner's log (the scheduler's stays quiet). */
  readonly log?: Log;
  readonly workerProperties?: Record<string, string>;
  readonly defaults?: SliceDefaults;
  readonly leaseTtlMs?: number;
  readonly maxHops?: number;
  readonly now?: () => number;
}

export interface DataPlane {
  readonly scheduler: Scheduler;
  readonly runner: TaskRunner;
  /** Invocations the scheduler and the runner asked for, in order (with the default invoker). */
  readonly invoked: TaskInvocation[];
}

export function dataPlane(options: DataPlaneOptions): DataPlane {
  const { stores, kafka } = options;
  const plugins = options.plugins ?? createDefaultPlugins();
  const invoked: TaskInvocation[] = [];
  const invoker = options.invoker ?? { invoke: async (i: TaskInvocation) => void invoked.push(i) };
  const clock = options.now === undefined ? {} : { now: options.now };
  const scheduler = new Scheduler({
    stores,
    plugins: plugins.catalog,
    kafka,
    invoker,
    workerId: 'test:1',
    log: quietLog,
    ...clock,
  });
  const runner = new TaskRunner({
    stores,
    kafka,
    plugins: plugins.factory,
    invoker,
    workerId: 'test:1',
    workerProperties: options.workerProperties ?? {},
    log: options.log ?? quietLog,
    defaults: options.defaults ?? TEST_SLICE_DEFAULTS,
    leaseTtlMs: options.leaseTtlMs ?? 30_000,
    maxHops: options.maxHops ?? 10,
    ...clock,
  });
  return { scheduler, runner, invoked };
}

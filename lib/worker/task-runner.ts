/**
 * Runs one slice of one task: checks the invocation is current, takes the task's lease, marks the task
 * RUNNING, runs the source or sink slice, commits, gives the lease back, and continues itself at once
 * when data is pending. A slice that lost its lease (a zombie) commits nothing and exits quietly.
 */
import { randomUUID } from 'node:crypto';
import { SinkTask } from '../api/sink-task.js';
import { SourceTask } from '../api/source-task.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import type { TaskInvocation, TaskInvoker } from '../scheduler/invocation.js';
import { StaleEpochError } from '../stores/errors.js';
import { State, TargetState, type Lease } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import type { PluginFactory } from './plugin-factory.js';
import { sliceLimits, type SliceContext, type SliceLimits, type SliceResult, type WorkerLog } from './slice-context.js';
import { runSinkSlice } from './sink-slice.js';
import { runSourceSlice } from './source-slice.js';
import { SliceLogger } from '../herder/logger-inventory.js';
import { sliceLog } from './slice-log.js';
import { errorTrace } from './trace.js';

export interface TaskRunnerDeps {
  readonly stores: Stores;
  readonly kafka: KafkaPort;
  readonly plugins: PluginFactory;
  readonly invoker: TaskInvoker;
  readonly workerId: string;
  readonly workerProperties: Readonly<Record<string, string>>;
  readonly log: WorkerLog;
  readonly defaults: SliceLimits;
  /** How long a lease lasts without renewal; a crashed slice's task restarts after at most this. */
  readonly leaseTtlMs: number;
  /** Continuations in a row before leaving the rest to the scheduler (our recursion guard). */
  readonly maxHops: number;
  readonly now?: () => number;
  readonly resolveConfig?: (config: Record<string, string>) => Promise<Record<string, string>>;
  readonly onSlice?: (report: SliceReport) => void;
}

export type SliceOutcome = 'completed' | 'stale' | 'busy' | 'not-running' | 'failed' | 'lost-lease';

export interface SliceReport extends Partial<SliceResult> {
  readonly connector: string;
  readonly task: number;
  readonly outcome: SliceOutcome;
  readonly durationMs: number;
  readonly continued: boolean;
}

/** The margin kept before the invocation's own deadline for the final commit and release. */
const SAFETY_MARGIN_MS = 3_000;

export class TaskRunner {
  private readonly now: () => number;

  constructor(private readonly deps: TaskRunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async run(invocation: TaskInvocation, remainingMs: number): Promise<SliceReport> {
    const started = this.now();
    // Replaced once the logger levels are read, and again once the task's kind is known.
    let log: WorkerLog = this.deps.log;
    const report = (outcome: SliceOutcome, result: Partial<SliceResult> = {}, continued = false): SliceReport => {
      const r = { connector: invocation.connector, task: invocation.task, outcome, durationMs: this.now() - started, continued, ...result };
      // One structured line per slice that did something; idle and skipped slices only at debug.
      if ((r.records ?? 0) > 0 || outcome === 'failed') log.info('slice finished', { ...r });
      else log.debug('slice finished', { ...r });
      this.deps.onSlice?.(r);
      return r;
    };
    const { stores } = this.deps;
    const [connector, tasks, loggers] = await Promise.all([
      stores.configs.getConnector(invocation.connector),
      stores.configs.getTaskConfigs(invocation.connector),
      stores.configs.listLoggers(),
    ]);
    // Levels set through /admin/loggers apply from the next slice on (Connect's cluster scope).
    log = sliceLog(this.deps.log, SliceLogger.TASK, loggers);
    const taskEntry = tasks?.tasks.find((t) => t.id === invocation.task);
    if (connector === null || tasks === null || taskEntry === undefined || tasks.generation !== invocation.generation) return report('stale');
    if (connector.targetState !== TargetState.STARTED) return report('not-running');
    const lease = await stores.leases.acquire(connector.name, invocation.task, tasks.generation, randomUUID(), this.deps.leaseTtlMs, this.now());
    if (lease === null) return report('busy');

    let held: Lease = lease;
    const fence = { generation: tasks.generation, epoch: lease.epoch };
    const deadline = started + remainingMs - SAFETY_MARGIN_MS;
    try {
      await this.writeStatus(invocation, State.RUNNING, held.epoch, undefined, invocation.failureCount);
      const config = this.deps.resolveConfig ? await this.deps.resolveConfig(taskEntry.config) : taskEntry.config;
      const task = this.deps.plugins.task(taskEntry.config['task.class'] ?? '');
      if (task instanceof SinkTask || task instanceof SourceTask) log = sliceLog(this.deps.log, task instanceof SinkTask ? SliceLogger.SINK : SliceLogger.SOURCE, loggers);
      const ctx: SliceContext = {
        connector,
        task: { ...taskEntry, config },
        fence,
        stores,
        kafka: this.deps.kafka,
        plugins: this.deps.plugins,
        workerProperties: this.deps.workerProperties,
        log,
        limits: sliceLimits(connector.config, this.deps.defaults),
        deadline,
        now: this.now,
        lease: () => held,
        keepAlive: async () => {
          if (held.expiresAt - this.now() > this.deps.leaseTtlMs / 2) return true;
          held = await stores.leases.renew(held, this.deps.leaseTtlMs, this.now());
          const latest = await stores.configs.getConnector(connector.name);
          return latest !== null && latest.version === connector.version && latest.targetState === TargetState.STARTED;
        },
      };
      let result: SliceResult;
      if (task instanceof SourceTask) result = await runSourceSlice(ctx, task);
      else if (task instanceof SinkTask) result = await runSinkSlice(ctx, task);
      else throw new Error(`Task class ${taskEntry.config['task.class']} is neither a SourceTask nor a SinkTask`);
      await stores.leases.release(held);
      // A healthy slice after automatic restarts clears the failure count that drives the backoff.
      if (invocation.failureCount) await this.writeStatus(invocation, State.RUNNING, held.epoch);
      const hop = (invocation.hop ?? 0) + 1;
      const continued = result.pending && hop <= this.deps.maxHops;
      if (continued) await this.deps.invoker.invoke({ connector: invocation.connector, task: invocation.task, generation: invocation.generation, hop });
      return report('completed', result, continued);
    } catch (error) {
      if (error instanceof StaleEpochError) {
        log.warn('slice lost its lease; nothing more is committed', { connector: invocation.connector, task: invocation.task, epoch: held.epoch });
        return report('lost-lease');
      }
      log.error('task failed', { connector: invocation.connector, task: invocation.task, error: errorTrace(error) });
      await this.writeStatus(invocation, State.FAILED, held.epoch, errorTrace(error), (invocation.failureCount ?? 0) + 1).catch(() => undefined);
      await stores.leases.release(held).catch(() => undefined);
      return report('failed');
    }
  }

  private async writeStatus(invocation: TaskInvocation, state: State, epoch: number, trace?: string, failureCount?: number): Promise<void> {
    await this.deps.stores.statuses.putTaskStatus(invocation.connector, {
      id: invocation.task,
      state,
      workerId: this.deps.workerId,
      epoch,
      updatedAt: this.now(),
      ...(trace === undefined ? {} : { trace }),
      ...(failureCount ? { failureCount } : {}),
    });
  }
}

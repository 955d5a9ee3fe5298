/**
 * Runs one slice of one task: checks the invocation is current, takes the task's lease, marks the task
 * RUNNING, runs the source or sink slice, commits, gives the lease back, and continues itself at once
 * when data is pending. A slice that lost its lease (a zombie) commits nothing and exits quietly.
 */
import { randomUUID } from 'node:crypto';
import { SinkTask } from '../api/sink-task.js';
import { SourceTask } from '../api/source-task.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import type { TaskInvocation, TaskInvoker } from '../common/task-invocation.js';
import { StaleEpochError } from '../stores/errors.js';
import { State, TargetState } from '../common/states.js';
import type { ConnectorRecord, Lease } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import type { PluginFactory } from './plugin-factory.js';
import {
  sliceLimits,
  type AwsClientSettings,
  type SliceContext,
  type SliceDefaults,
  type SliceResult,
} from './slice-context.js';
import { rearmsContinuously } from '../common/latency-mode.js';
import type { Log } from '../common/log.js';
import { runSinkSlice } from './sink-slice.js';
import { runSourceSlice } from './source-slice.js';
import { SliceLogger } from '../common/logger-levels.js';
import { sliceLog } from './slice-log.js';
import { isRetriableFailure, retryingPort, unavailableTimeoutMs, UNAVAILABLE_TIMEOUT_CONFIG } from './outage.js';
import { parseConnectorConfig, TASK_CLASS_CONFIG, type ConnectorConfig } from '../common/connector-config.js';
import { parseWorkerConfig, type WorkerConfig } from '../common/worker-config.js';
import { errorTrace } from '../common/error-trace.js';
import { redactSecrets } from '../config-providers/task-config-placeholders.js';

export interface TaskRunnerDeps {
  readonly stores: Stores;
  readonly kafka: KafkaPort;
  readonly plugins: PluginFactory;
  readonly invoker: TaskInvoker;
  readonly workerId: string;
  readonly workerProperties: Readonly<Record<string, string>>;
  readonly log: Log;
  /** What tasks' AWS clients get (`context.awsClient`): the runtime's timeouts and instrumentation. */
  readonly awsClients?: AwsClientSettings;
  readonly defaults: SliceDefaults;
  /** How long a lease lasts without renewal; a crashed slice's task restarts after at most this. */
  readonly leaseTtlMs: number;
  /** Continuations in a row before leaving the rest to the scheduler (our recursion guard). */
  readonly maxHops: number;
  readonly now?: () => number;
  readonly resolveConfig?: (config: Record<string, string>) => Promise<Record<string, string>>;
  readonly onSlice?: (report: SliceReport) => void;
}

/** `unavailable`: Kafka or the state store stayed unreachable; the task stays RUNNING and resumes in the next slice. */
export type SliceOutcome = 'completed' | 'stale' | 'busy' | 'not-running' | 'failed' | 'lost-lease' | 'unavailable';

export interface SliceReport extends Partial<SliceResult> {
  readonly connector: string;
  readonly task: number;
  readonly outcome: SliceOutcome;
  readonly durationMs: number;
  readonly continued: boolean;
}

/** The margin kept before the invocation's own deadline for the final commit and release. */
const SAFETY_MARGIN_MS = 3_000;
/** Retries through an outage stop this long before the lease would expire, so no other slice overlaps. */
const LEASE_MARGIN_MS = 2_000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TaskRunner {
  private readonly now: () => number;
  /** Parsed once per cold start: a bad worker property fails the function's initialisation, naming the key. */
  private readonly worker: WorkerConfig;

  constructor(private readonly deps: TaskRunnerDeps) {
    this.now = deps.now ?? Date.now;
    this.worker = parseWorkerConfig(deps.workerProperties);
  }

  async run(invocation: TaskInvocation, remainingMs: number): Promise<SliceReport> {
    const started = this.now();
    // Replaced once the logger levels are read, and again once the task's kind is known.
    let log: Log = this.deps.log;
    const report = (outcome: SliceOutcome, result: Partial<SliceResult> = {}, continued = false): SliceReport => {
      const r = {
        connector: invocation.connector,
        task: invocation.task,
        outcome,
        durationMs: this.now() - started,
        continued,
        ...result,
      };
      // One structured line per slice that did something; idle and skipped slices only at debug.
      if ((r.records ?? 0) > 0 || outcome === 'failed') log.info('slice finished', { ...r });
      else log.debug('slice finished', { ...r });
      this.deps.onSlice?.(r);
      return r;
    };
    const deadline = started + remainingMs - SAFETY_MARGIN_MS;
    let held: Lease | null = null;
    let connector: ConnectorRecord | null = null;
    let settings: ConnectorConfig | null = null;
    // Values the config providers resolved: masked in failure traces and logs (KIP-297 keeps them out of state).
    let secrets: ReadonlySet<string> = new Set();
    // Every store and Kafka call of this slice retries through an outage while the slice has time and
    // the lease stays valid; past that the failure reaches the catch below, which ends the slice.
    const retry = {
      now: this.now,
      // Before the lease is taken (the store itself is down), wait at most a lease's length, then hand over.
      until: () =>
        Math.min(deadline, held === null ? started + this.deps.leaseTtlMs : held.expiresAt - LEASE_MARGIN_MS),
      onRetry: (error: unknown, attempt: number, delayMs: number) => {
        if (attempt === 1 || attempt % 10 === 0) {
          this.deps.log.warn('dependency unavailable; retrying', {
            connector: invocation.connector,
            task: invocation.task,
            attempt,
            delayMs,
            error: errorMessage(error),
          });
        }
      },
    };
    const stores = retryingPort(this.deps.stores, retry);
    const kafka = retryingPort(this.deps.kafka, retry);
    try {
      const [record, tasks, loggers] = await Promise.all([
        stores.configs.getConnector(invocation.connector),
        stores.configs.getTaskConfigs(invocation.connector),
        stores.configs.listLoggers(),
      ]);
      // Levels set through /admin/loggers apply from the next slice on (Connect's cluster scope).
      log = sliceLog(this.deps.log, SliceLogger.TASK, loggers);
      connector = record;
      const taskEntry = tasks?.tasks.find((t) => t.id === invocation.task);
      if (connector === null || tasks === null || taskEntry === undefined || tasks.generation !== invocation.generation)
        return report('stale');
      if (connector.targetState !== TargetState.STARTED) return report('not-running');
      held = await stores.leases.acquire(
        connector.name,
        invocation.task,
        tasks.generation,
        randomUUID(),
        this.deps.leaseTtlMs,
        this.now(),
      );
      if (held === null) return report('busy');
      const fence = { generation: tasks.generation, epoch: held.epoch };
      await this.writeStatus(
        stores,
        invocation,
        State.RUNNING,
        held.epoch,
        undefined,
        invocation.failureCount,
        invocation.unavailableSince,
      );
      // Parsed once, after RUNNING is written, so a config the herder would now refuse fails the task visibly.
      settings = parseConnectorConfig(connector.name, connector.config);
      const config = this.deps.resolveConfig ? await this.deps.resolveConfig(taskEntry.config) : taskEntry.config;
      secrets = resolvedValues(taskEntry.config, config);
      const task = this.deps.plugins.task(taskEntry.config[TASK_CLASS_CONFIG] ?? '', {
        connectorClass: connector.config['connector.class'] ?? '',
        version: connector.config['connector.plugin.version'] ?? null,
      });
      if (task instanceof SinkTask || task instanceof SourceTask)
        log = sliceLog(this.deps.log, task instanceof SinkTask ? SliceLogger.SINK : SliceLogger.SOURCE, loggers);
      const version = connector.version;
      const ctx: SliceContext = {
        connector,
        task: { ...taskEntry, config },
        fence,
        stores,
        kafka,
        plugins: this.deps.plugins,
        workerProperties: this.deps.workerProperties,
        settings,
        worker: this.worker,
        log,
        ...(this.deps.awsClients === undefined ? {} : { awsClients: this.deps.awsClients }),
        limits: sliceLimits(settings.slice, this.deps.defaults, settings.latency),
        deadline,
        now: this.now,
        lease: () => held as Lease,
        keepAlive: async () => {
          const lease = held as Lease;
          if (lease.expiresAt - this.now() > this.deps.leaseTtlMs / 2) return true;
          held = await stores.leases.renew(lease, this.deps.leaseTtlMs, this.now());
          const latest = await stores.configs.getConnector(invocation.connector);
          return latest !== null && latest.version === version && latest.targetState === TargetState.STARTED;
        },
      };
      let result: SliceResult;
      if (task instanceof SourceTask) result = await runSourceSlice(ctx, task);
      else if (task instanceof SinkTask) result = await runSinkSlice(ctx, task);
      else throw new Error(`Task class ${taskEntry.config[TASK_CLASS_CONFIG]} is neither a SourceTask nor a SinkTask`);
      await stores.leases.release(held);
      // A healthy slice after automatic restarts or an outage clears what drove the backoff and the budget.
      if (invocation.failureCount || invocation.unavailableSince !== undefined)
        await this.writeStatus(stores, invocation, State.RUNNING, held.epoch);
      const hop = (invocation.hop ?? 0) + 1;
      // Continuous mode: the next slice starts as this one ends. Each slice there ran at least its linger,
      // so the chain is no runaway recursion and needs no hop count.
      const rearmed = rearmsContinuously(
        settings.latency,
        this.now() - started,
        Math.min(ctx.limits.lingerMs, ctx.limits.maxMs),
      );
      const continued = rearmed || (result.pending && hop <= this.deps.maxHops);
      if (continued)
        await this.deps.invoker.invoke({
          connector: invocation.connector,
          task: invocation.task,
          generation: invocation.generation,
          ...(rearmed ? {} : { hop }),
        });
      return report('completed', result, continued);
    } catch (error) {
      if (error instanceof StaleEpochError) {
        log.warn('slice lost its lease; nothing more is committed', {
          connector: invocation.connector,
          task: invocation.task,
          epoch: held?.epoch,
        });
        return report('lost-lease');
      }
      if (isRetriableFailure(error)) {
        const outcome = await this.unavailable(invocation, settings, held, error, started);
        return report(outcome.failed ? 'failed' : 'unavailable', {}, outcome.continued);
      }
      const trace = redactSecrets(errorTrace(error), secrets);
      log.error('task failed', { connector: invocation.connector, task: invocation.task, error: trace });
      if (held !== null) {
        const lease = held;
        await this.writeStatus(
          this.deps.stores,
          invocation,
          State.FAILED,
          lease.epoch,
          trace,
          (invocation.failureCount ?? 0) + 1,
        ).catch(() => undefined);
        await this.deps.stores.leases.release(lease).catch(() => undefined);
      }
      return report('failed');
    }
  }

  /**
   * A dependency stayed unavailable past what this slice could wait. Nothing unacknowledged was
   * committed (the slice's commits come after acknowledgements); the task stays RUNNING, remembers
   * since when it has been cut off, and the next slice resumes, unless the outage budget is spent.
   */
  private async unavailable(
    invocation: TaskInvocation,
    settings: ConnectorConfig | null,
    held: Lease | null,
    error: unknown,
    started: number,
  ): Promise<{ failed: boolean; continued: boolean }> {
    const since = invocation.unavailableSince ?? started;
    const budget = unavailableTimeoutMs(settings?.unavailableTimeoutMs ?? null, this.worker.unavailableTimeoutMs);
    const elapsed = this.now() - since;
    const where = { connector: invocation.connector, task: invocation.task };
    if (held !== null && elapsed >= budget) {
      const trace = `Task ${invocation.connector}-${invocation.task} found a dependency unavailable for ${elapsed} ms, past ${UNAVAILABLE_TIMEOUT_CONFIG}=${budget}: ${errorTrace(error)}`;
      this.deps.log.error('task failed: outage budget spent', {
        ...where,
        elapsedMs: elapsed,
        budgetMs: budget,
        error: errorMessage(error),
      });
      await this.writeStatus(
        this.deps.stores,
        invocation,
        State.FAILED,
        held.epoch,
        trace,
        (invocation.failureCount ?? 0) + 1,
      ).catch(() => undefined);
      await this.deps.stores.leases.release(held).catch(() => undefined);
      return { failed: true, continued: false };
    }
    this.deps.log.warn('slice ended: a dependency is unavailable; the task stays RUNNING and the next slice resumes', {
      ...where,
      unavailableForMs: elapsed,
      error: errorMessage(error),
    });
    if (held !== null) {
      const lease = held;
      await this.writeStatus(
        this.deps.stores,
        invocation,
        State.RUNNING,
        lease.epoch,
        undefined,
        invocation.failureCount,
        since,
      ).catch(() => undefined);
      await this.deps.stores.leases.release(lease).catch(() => undefined);
    }
    const hop = (invocation.hop ?? 0) + 1;
    if (hop > this.deps.maxHops) return { failed: false, continued: false };
    // If this invoke fails too (Lambda throttled), the scheduler's next tick starts the task.
    const continued = await this.deps.invoker
      .invoke({
        connector: invocation.connector,
        task: invocation.task,
        generation: invocation.generation,
        hop,
        unavailableSince: since,
        ...(invocation.failureCount ? { failureCount: invocation.failureCount } : {}),
      })
      .then(
        () => true,
        (invokeError: unknown) => {
          this.deps.log.warn('could not continue the task; the scheduler will', {
            ...where,
            error: errorMessage(invokeError),
          });
          return false;
        },
      );
    return { failed: false, continued };
  }

  private async writeStatus(
    stores: Stores,
    invocation: TaskInvocation,
    state: State,
    epoch: number,
    trace?: string,
    failureCount?: number,
    unavailableSince?: number,
  ): Promise<void> {
    await stores.statuses.putTaskStatus(invocation.connector, {
      id: invocation.task,
      state,
      workerId: this.deps.workerId,
      epoch,
      updatedAt: this.now(),
      ...(trace === undefined ? {} : { trace }),
      ...(failureCount ? { failureCount } : {}),
      ...(unavailableSince === undefined ? {} : { unavailableSince }),
    });
  }
}

/** The values a config provider put in place of a placeholder (the raw config holds only references). */
function resolvedValues(
  raw: Readonly<Record<string, string>>,
  resolved: Readonly<Record<string, string>>,
): ReadonlySet<string> {
  const values = new Set<string>();
  for (const [key, value] of Object.entries(resolved)) if (raw[key] !== value) values.add(value);
  return values;
}

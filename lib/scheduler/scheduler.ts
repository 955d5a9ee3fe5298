/**
 * The reconciler (Connect's rebalance + herder tick): on every tick it compares what users asked for
 * (configs, target states, restart requests) with what runs (task configs, leases, statuses) and closes
 * the gap: computes task configs, assigns sink partitions, starts task slices without a live lease, and
 * retires tasks of stopped or deleted connectors.
 */
import type { Connector } from '../api/connector.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import type { PluginCatalog } from '../herder/plugin-catalog.js';
import { State, TargetState } from '../common/states.js';
import type {
  ConnectorRecord,
  ConnectorStatuses,
  Lease,
  TaskCommit,
  TaskConfigEntry,
  TaskStatus,
} from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import type { Log } from '../common/log.js';
import { ConnectorConfigKeys } from '../common/connector-config-def.js';
import { parseConnectorConfig, type ConnectorConfig } from '../common/connector-config.js';
import { assignPartitions, partitionsOf, sinkTopics } from './assignment.js';
import {
  doorbellGroupId,
  doorbellSettingsOf,
  reconcileDoorbellMappings,
  type EventSourceMappingsPort,
  type MappingSpec,
} from './doorbell.js';
import { forEachBounded } from '../common/for-each-bounded.js';
import { TickTopics } from './tick-topics.js';
import { readStateOf, TickSnapshot, type ConnectorState } from './tick-snapshot.js';
import { taskClassOf, withFrameworkKeys } from './framework-keys.js';
import { taskSetDigest } from '../stores/task-set-digest.js';
import type { TaskInvoker } from '../common/task-invocation.js';
import { dueForRestart, restartPolicyOf } from './restart-policy.js';
import { ConflictError, StaleEpochError } from '../stores/errors.js';
import { isRetriableFailure } from '../common/retriable-failure.js';
import { errorTrace } from '../common/error-trace.js';
import {
  redactSecrets,
  restorePlaceholders,
  type ResolvedConfig,
} from '../config-providers/task-config-placeholders.js';

export interface SchedulerDeps {
  readonly stores: Stores;
  readonly plugins: PluginCatalog;
  readonly kafka: KafkaPort;
  readonly invoker: TaskInvoker;
  readonly workerId: string;
  /** The scheduler logs at info and above. */
  readonly log: Pick<Log, 'info' | 'warn' | 'error'>;
  readonly now?: () => number;
  /**
   * Resolves `${…}` placeholders in memory before the connector sees its config (secrets by reference).
   * The task configs it derives are stored with the placeholders put back (docs/decisions/0006).
   */
  readonly resolveConfig?: (config: Record<string, string>) => Promise<ResolvedConfig>;
  /** Connectors reconciled at once in a tick (default `DEFAULT_RECONCILE_CONCURRENCY`). */
  readonly concurrency?: number;
  /** The doorbell function's Kafka event source mappings (`latency.mode=doorbell`); absent: the mode starts no mappings. */
  readonly doorbell?: EventSourceMappingsPort;
}

/**
 * Connectors reconciled side by side. A reconcile mostly waits on DynamoDB, Kafka metadata and
 * Lambda's Invoke API; 16 keep a tick of 1,000 connectors within seconds while the SDK's 50 sockets
 * per client are enough for the three reads each reconcile makes at once (decision 0024).
 */
export const DEFAULT_RECONCILE_CONCURRENCY = 16;

export interface TickReport {
  readonly connectors: number;
  readonly invoked: number;
  readonly failures: number;
}

export class Scheduler {
  private readonly now: () => number;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** One reconcile of every connector, or of those `select` accepts (the sub-minute cadence's passes, lib/scheduler/cadence.ts). */
  async tick(select?: (record: ConnectorRecord) => boolean): Promise<TickReport> {
    let connectors: ConnectorRecord[];
    try {
      connectors = await this.deps.stores.configs.listConnectors();
      if (select !== undefined) connectors = connectors.filter(select);
    } catch (error) {
      if (!isRetriableFailure(error)) throw error;
      // The state store is down: nothing can be reconciled; the next tick starts over.
      this.deps.log.warn('tick skipped: the state store is unavailable', { error: errorTrace(error) });
      return { connectors: 0, invoked: 0, failures: 1 };
    }
    let invoked = 0;
    let failures = 0;
    const topics = new TickTopics(this.deps.kafka);
    const [snapshot] = await Promise.all([
      this.readSnapshot(connectors),
      topics.prefetch(connectors.flatMap((record) => this.namedSinkTopics(record))),
    ]);
    // Connectors are independent (each one's items are its own), so they are reconciled side by side;
    // each reconcile's own steps stay in order, which is what fencing and ordering rely on.
    await forEachBounded(connectors, this.deps.concurrency ?? DEFAULT_RECONCILE_CONCURRENCY, async (record) => {
      const outcome = await this.reconcileOrReport(record, topics, snapshot);
      if (outcome === 'failed') failures++;
      else invoked += outcome;
    });
    // Only full ticks (scheduled or kicked) keep the doorbell mappings; the sub-minute passes see a subset.
    if (select === undefined && this.deps.doorbell !== undefined)
      await this.reconcileDoorbells(this.deps.doorbell, connectors, topics);
    return { connectors: connectors.length, invoked, failures };
  }

  /**
   * Starts a slice for every idle task of the connectors `select` accepts, as a tick does for a connector
   * whose task configs are current, without reconciling them (no connector start, no Kafka metadata): the
   * doorbell function's call when records arrive. A connector that is not running, is being restarted or
   * has no tasks yet is left to the tick. Tasks with a live lease keep their slice.
   */
  async wake(select: (record: ConnectorRecord) => boolean): Promise<TickReport> {
    const connectors = (await this.deps.stores.configs.listConnectors()).filter(
      (r) => select(r) && r.targetState === TargetState.STARTED && r.restart === null,
    );
    let invoked = 0;
    let failures = 0;
    await forEachBounded(connectors, this.deps.concurrency ?? DEFAULT_RECONCILE_CONCURRENCY, async (record) => {
      try {
        const state = await readStateOf(this.deps.stores, record.name);
        if (state.commit === null || state.commit.count === 0) return;
        invoked += await this.runTasks(record, state.commit, state);
      } catch (error) {
        failures++;
        this.deps.log.warn('doorbell could not start the tasks; the next tick does', {
          connector: record.name,
          error: errorTrace(error),
        });
      }
    });
    return { connectors: connectors.length, invoked, failures };
  }

  /** Keeps a mapping per topic of every running doorbell sink; never fails the tick (the next one retries). */
  private async reconcileDoorbells(
    port: EventSourceMappingsPort,
    connectors: readonly ConnectorRecord[],
    topics: TickTopics,
  ): Promise<void> {
    try {
      const wanted: MappingSpec[] = [];
      for (const record of connectors) {
        const settings = doorbellSettingsOf(record);
        if (settings === null) continue;
        // A regex sink follows the topic list the tick already fetched; if Kafka cannot list topics the
        // whole reconcile waits (its mappings must not look unwanted).
        const existing = settings.topicsRegex !== '' ? await topics.listTopics() : [];
        const groupId = doorbellGroupId(record.name);
        for (const topic of sinkTopics(settings, existing)) wanted.push({ topic, groupId });
      }
      await reconcileDoorbellMappings(wanted, port, this.deps.log);
    } catch (error) {
      this.deps.log.warn('doorbell mappings not reconciled; the next tick retries', { error: errorTrace(error) });
    }
  }

  /** The tick's batched reads; without them (DynamoDB throttled) every connector reads its own. */
  private async readSnapshot(connectors: readonly ConnectorRecord[]): Promise<TickSnapshot> {
    try {
      return await TickSnapshot.read(this.deps.stores, connectors);
    } catch (error) {
      if (!isRetriableFailure(error)) throw error;
      this.deps.log.warn('batched reads failed; each connector reads its own state', { error: errorTrace(error) });
      return TickSnapshot.empty();
    }
  }

  /** Reconciles one connector and handles its failure; never throws. */
  private async reconcileOrReport(
    record: ConnectorRecord,
    topics: TickTopics,
    snapshot: TickSnapshot,
  ): Promise<number | 'failed'> {
    try {
      return await this.reconcile(record, topics, snapshot);
    } catch (error) {
      if (error instanceof StaleEpochError || error instanceof ConflictError) {
        // Another reconcile (a kick racing the tick) wrote first; the next tick sees its result.
        this.deps.log.info('concurrent reconcile', { connector: record.name });
        return 0;
      }
      if (isRetriableFailure(error)) {
        // Kafka, DynamoDB or Lambda unavailable: not the connector's fault; the next tick tries again.
        this.deps.log.warn('reconcile deferred: a dependency is unavailable', {
          connector: record.name,
          error: errorTrace(error),
        });
        return 'failed';
      }
      this.deps.log.error('reconcile failed', { connector: record.name, error: errorTrace(error) });
      await this.deps.stores.statuses
        .putConnectorStatus(record.name, {
          state: State.FAILED,
          trace: errorTrace(error),
          workerId: this.deps.workerId,
          generation: 0,
        })
        .catch((statusError: unknown) =>
          this.deps.log.warn('could not record the failure', {
            connector: record.name,
            error: errorTrace(statusError),
          }),
        );
      return 'failed';
    }
  }

  /** The topics a sink names in `topics` (none for a source, a regex sink or a config that does not parse). */
  private namedSinkTopics(record: ConnectorRecord): readonly string[] {
    try {
      if (this.deps.plugins.connector(record.config[ConnectorConfigKeys.CONNECTOR_CLASS] ?? '').type !== 'sink')
        return [];
      return parseConnectorConfig(record.name, record.config).topics;
    } catch {
      return []; // the reconcile itself reports the problem
    }
  }

  /** Reconciles one connector; returns how many task slices it started. */
  private async reconcile(record: ConnectorRecord, topics: TickTopics, snapshot: TickSnapshot): Promise<number> {
    const { stores } = this.deps;
    const state = snapshot.stateOf(record) ?? (await readStateOf(this.deps.stores, record.name));
    let current = state.commit;
    if (listingOutOfStep(record, current)) await stores.configs.syncListing(record, current);
    const restart = record.restart;
    if (record.targetState === TargetState.STOPPED) {
      await this.stop(record, current, state.statuses);
      if (restart) await stores.configs.clearRestart(record.name, restart.id);
      return 0;
    }
    // As in Connect, a connector PAUSED before it ever ran tasks (created PAUSED, or paused while
    // STOPPED) is not started: it has no task configs until it is resumed.
    const neverRan = current === null || current.count === 0;
    const desired =
      record.targetState === TargetState.PAUSED && neverRan
        ? null
        : await this.desiredTasksOrKeep(record, current, topics);
    if (desired !== null && desired !== 'failed') {
      const set = {
        connector: record.name,
        generation: (current?.generation ?? 0) + 1,
        configVersion: record.version,
        tasks: desired,
      };
      await stores.configs.putTaskConfigs(set);
      current = {
        generation: set.generation,
        configVersion: set.configVersion,
        count: desired.length,
        digest: taskSetDigest(desired),
      };
      this.deps.log.info('task configs written', {
        connector: record.name,
        generation: current.generation,
        tasks: desired.length,
      });
    }
    if (desired === 'failed') return 0;
    const connectorState = record.targetState === TargetState.PAUSED ? State.PAUSED : State.RUNNING;
    const status = state.statuses.connector;
    if (
      status === null ||
      status.state !== connectorState ||
      status.generation !== current?.generation ||
      status.legacy === true
    ) {
      await stores.statuses.putConnectorStatus(record.name, {
        state: connectorState,
        workerId: this.deps.workerId,
        generation: current?.generation ?? 0,
      });
    }
    const started = current === null ? 0 : await this.runTasks(record, current, state);
    if (restart) await stores.configs.clearRestart(record.name, restart.id);
    return started;
  }

  /**
   * As `desiredTasks`, but when a dependency is unavailable (Kafka cannot list a sink's partitions)
   * and the connector already has tasks, keeps them: their slices ride the outage out themselves.
   */
  private async desiredTasksOrKeep(
    record: ConnectorRecord,
    current: TaskCommit | null,
    topics: TickTopics,
  ): Promise<TaskConfigEntry[] | null | 'failed'> {
    try {
      return await this.desiredTasks(record, current, topics);
    } catch (error) {
      if (current === null || current.count === 0 || !isRetriableFailure(error)) throw error;
      this.deps.log.warn('task configs kept: a dependency is unavailable', {
        connector: record.name,
        error: errorTrace(error),
      });
      return null;
    }
  }

  /** New task entries when they differ from the current set, null when unchanged, 'failed' on error. */
  private async desiredTasks(
    record: ConnectorRecord,
    current: TaskCommit | null,
    topics: TickTopics,
  ): Promise<TaskConfigEntry[] | null | 'failed'> {
    const plugin = this.deps.plugins.connector(
      record.config[ConnectorConfigKeys.CONNECTOR_CLASS] ?? '',
      record.config['connector.plugin.version'] ?? null,
    );
    // The connector decides its tasks on every tick (start, taskConfigs, stop), so a connector whose
    // inputs change (new tables, new files) is reconfigured within a tick, as Connect's
    // requestTaskReconfiguration would; a set is written only when it differs.
    const generated = await this.generateTaskConfigs(record, plugin.create());
    if (generated === null) return 'failed';
    const { settings } = generated;
    const configs = generated.configs.map((config) =>
      withFrameworkKeys(config, record.config, plugin.type, taskClassOf(plugin.create())),
    );
    let partitions: ReturnType<typeof assignPartitions> = configs.map(() => []);
    if (plugin.type === 'sink') {
      const existing = settings.topicsRegex !== '' ? await topics.listTopics() : [];
      const names = sinkTopics(settings, existing);
      const counts = names.length === 0 ? new Map<string, number>() : await topics.partitionCounts(names);
      partitions = assignPartitions(partitionsOf(counts, names), configs.length);
    }
    const entries = configs.map((config, id) => ({ id, config, partitions: partitions[id] ?? [] }));
    // Compared by digest: the commit item carries the stored set's, so the tasks' configs are not read.
    const unchanged =
      current !== null && current.configVersion === record.version && current.digest === taskSetDigest(entries);
    return unchanged ? null : entries;
  }

  /**
   * Starts the connector on its resolved config and asks it for task configs; they come back with the
   * connector config's placeholders restored, and a failure's trace with secret values masked, so no
   * resolved secret is stored, shown or logged.
   */
  private async generateTaskConfigs(
    record: ConnectorRecord,
    connector: Connector,
  ): Promise<{ configs: Array<Record<string, string>>; settings: ConnectorConfig } | null> {
    let failure: Error | null = null;
    connector.initialize({
      requestTaskReconfiguration: () => undefined,
      raiseError: (error) => {
        failure = error;
      },
    });
    const { config, secrets } = this.deps.resolveConfig
      ? await this.deps.resolveConfig(record.config)
      : { config: record.config, secrets: new Set<string>() };
    let started = false;
    try {
      // Parsed once per tick; a config the herder would now refuse fails the connector, naming the key.
      const settings = parseConnectorConfig(record.name, record.config);
      const { tasksMax } = settings;
      await connector.start(config);
      started = true;
      const configs = await connector.taskConfigs(tasksMax);
      if (failure !== null) throw failure;
      if (settings.tasksMaxEnforce && configs.length > tasksMax) {
        throw new Error(
          `The connector ${record.name} has generated ${configs.length} tasks, which is greater than ${tasksMax}, the maximum number of tasks it is configured to create. This behavior should be considered a bug and is disallowed. If necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set to false; however, this option will be removed in a future release of Kafka Connect.`,
        );
      }
      return { configs: restorePlaceholders(record.config, config, configs), settings };
    } catch (error) {
      // An outage (a config provider or Kafka unreachable) is retried on the next tick, not a connector failure.
      if (isRetriableFailure(error)) throw error;
      const trace = redactSecrets(errorTrace(error), secrets);
      this.deps.log.error('connector failed', { connector: record.name, error: trace });
      await this.deps.stores.statuses.putConnectorStatus(record.name, {
        state: State.FAILED,
        trace,
        workerId: this.deps.workerId,
        generation: 0,
      });
      return null;
    } finally {
      if (started) await connector.stop();
    }
  }

  /** Starts a slice for every task without a live lease; paused tasks are shown PAUSED instead. */
  private async runTasks(record: ConnectorRecord, current: TaskCommit, state: ConnectorState): Promise<number> {
    const { stores } = this.deps;
    const now = this.now();
    const { leases } = state;
    const statuses = state.statuses.tasks;
    for (const stale of statuses.filter((s) => s.id >= current.count))
      await stores.statuses.deleteTaskStatus(record.name, stale.id);
    const due = record.restart?.includeTasks ? record.restart : null;
    const policy = restartPolicyOf(record);
    let started = 0;
    for (const task of Array.from({ length: current.count }, (_, id) => ({ id }))) {
      const lease = leases.find((l) => l.task === task.id);
      const live = lease !== undefined && lease.expiresAt > now;
      let status = statuses.find((s) => s.id === task.id);
      if (due !== null && status !== undefined && (!due.onlyFailed || status.state === State.FAILED)) {
        status = await this.writeTaskStatus(record.name, task.id, State.RESTARTING, lease);
      }
      if (record.targetState === TargetState.PAUSED) {
        if (!live && status?.state !== State.PAUSED)
          await this.writeTaskStatus(record.name, task.id, State.PAUSED, lease);
        continue;
      }
      if (live) continue;
      const failed =
        status !== undefined && status.state === State.FAILED && status.epoch >= (lease?.epoch ?? 0) ? status : null;
      if (failed !== null && !dueForRestart(policy, failed, now)) continue;
      const unavailableSince = failed === null ? status?.unavailableSince : undefined;
      const invocation = {
        connector: record.name,
        task: task.id,
        generation: current.generation,
        ...(failed ? { failureCount: failed.failureCount ?? 1 } : {}),
        ...(unavailableSince === undefined ? {} : { unavailableSince }),
      };
      try {
        await this.deps.invoker.invoke(invocation);
      } catch (error) {
        if (!isRetriableFailure(error)) throw error;
        // Lambda throttled or unreachable: the task keeps its state and the next tick starts it.
        this.deps.log.warn('could not start a task slice; the next tick retries', {
          connector: record.name,
          task: task.id,
          error: errorTrace(error),
        });
        continue;
      }
      started++;
    }
    return started;
  }

  private async writeTaskStatus(
    connector: string,
    task: number,
    state: State,
    lease: Lease | undefined,
  ): Promise<TaskStatus> {
    const status: TaskStatus = {
      id: task,
      state,
      workerId: this.deps.workerId,
      epoch: lease?.epoch ?? 0,
      updatedAt: this.now(),
    };
    await this.deps.stores.statuses.putTaskStatus(connector, status).catch(() => undefined);
    return status;
  }

  /** STOPPED: an empty task-config set, connector shown STOPPED, task statuses removed. */
  private async stop(record: ConnectorRecord, current: TaskCommit | null, statuses: ConnectorStatuses): Promise<void> {
    const { stores } = this.deps;
    if (current === null || current.count > 0 || current.configVersion !== record.version) {
      await stores.configs.putTaskConfigs({
        connector: record.name,
        generation: (current?.generation ?? 0) + 1,
        configVersion: record.version,
        tasks: [],
      });
    }
    if (statuses.connector?.state !== State.STOPPED) {
      await stores.statuses.putConnectorStatus(record.name, {
        state: State.STOPPED,
        workerId: this.deps.workerId,
        generation: current?.generation ?? 0,
      });
    }
    for (const task of statuses.tasks) await stores.statuses.deleteTaskStatus(record.name, task.id);
  }
}

/**
 * Whether the connector list's attributes of this connector lag its config or its committed set (items
 * written before the listing was kept, or a listing write lost after a commit): the tick repairs them.
 */
function listingOutOfStep(record: ConnectorRecord, commit: TaskCommit | null): boolean {
  if (record.listing?.configVersion !== record.version) return true;
  return commit !== null && record.listing.taskGeneration !== commit.generation;
}

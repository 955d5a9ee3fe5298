/**
 * The control plane: every REST operation on connectors, as Connect's Herder. It writes desired state
 * (configs, target states, restart requests) to the stores and kicks the scheduler, which makes it so;
 * it never waits for tasks.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, StaleEpochError } from '../stores/errors.js';
import { State, TargetState } from '../common/states.js';
import type { ConnectorProperties, ConnectorRecord, ConnectorStatuses, TaskStatus } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import { AlreadyExistsError, NotFoundRestError } from './errors.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { ensureValidConnectorConfig } from './validate-connector.js';
import {
  connectorInfo,
  connectorStateInfo,
  stateView,
  type ConnectorInfo,
  type ConnectorStateInfo,
  type ConnectorType,
  type TaskInfo,
  type TaskStateView,
} from './views.js';
import {
  conflict,
  ensureNoNullValues,
  hasNullValues,
  ensureStorable,
  ensureStorableName,
  injectName,
} from './config-input.js';
import { writeEmptyTaskSet } from './empty-task-set.js';

/** Asks the scheduler to reconcile soon (an async Lambda invoke on AWS and locally). */
export interface SchedulerTrigger {
  kick(reason: string): Promise<void>;
}

export interface HerderDeps {
  readonly stores: Stores;
  readonly plugins: PluginCatalog;
  readonly scheduler: SchedulerTrigger;
  readonly workerId: string;
  readonly clusterId: () => Promise<string>;
  readonly version?: string;
  readonly commit?: string;
}

export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

/**
 * Config writes that lose an optimistic race re-read and retry. Connect serializes config changes on
 * its leader, so N concurrent PATCHes of one connector all succeed; here each round of the race has
 * one winner, so N writers need up to N attempts, and a short jittered pause spreads the retries.
 */
const MAX_CONFIG_WRITE_ATTEMPTS = 32;
/**
 * Connect 4.3.1 names its exception class in an unknown `connector.class` message (its steady-state
 * answer on POST, PUT and PATCH; a freshly started worker sometimes leaves it out, see docs/compatibility.md).
 */
const NAMES_EXCEPTION = { namesException: true } as const;

function conflictBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
}

export class Herder {
  constructor(private readonly deps: HerderDeps) {}

  async serverInfo(): Promise<ServerInfo> {
    return {
      version: this.deps.version ?? '4.3.1',
      commit: this.deps.commit ?? 'lambda-connect',
      kafka_cluster_id: await this.deps.clusterId(),
    };
  }

  async connectorNames(): Promise<string[]> {
    return this.deps.stores.configs.listConnectorNames();
  }

  /**
   * `GET /connectors?expand=…`. With `status`, a connector without a status yet is left out of the map
   * altogether, as in Connect (its NotFoundException drops the whole entry, `info` included).
   * Reads (decision 0024): the connector list, whose items carry each connector's class and committed
   * task count (the configs only with `info`), then for `status` the statuses of all of them, eventually
   * consistent, as Connect's workers serve statuses from a status topic they read behind its writers.
   */
  async expandedConnectors(expand: {
    status: boolean;
    info: boolean;
  }): Promise<Record<string, Record<string, unknown>>> {
    const entries = await this.deps.stores.configs.listConnectorEntries({ configs: expand.info });
    const byName = expand.status
      ? await this.deps.stores.statuses.getStatusesOf(
          entries.map((e) => ({ name: e.name, taskCount: e.taskCount ?? 0 })),
          { consistent: false },
        )
      : null;
    // Keyed by connector names: a null-prototype object, so `__proto__` or `constructor` is a name like any other.
    const result: Record<string, Record<string, unknown>> = Object.create(null) as Record<
      string,
      Record<string, unknown>
    >;
    for (const { name, config, taskCount } of entries) {
      const entry: Record<string, unknown> = {};
      const statuses = byName?.get(name);
      if (statuses !== undefined) {
        const status = this.statusView({ name, config }, statuses, taskCount ?? 0);
        if (status === null) continue;
        entry['status'] = status;
      }
      if (expand.info) entry['info'] = connectorInfo({ name, config }, taskCount ?? 0, this.typeOf(config));
      result[name] = entry;
    }
    return result;
  }

  async createConnector(
    rawName: string | null | undefined,
    config: ConnectorProperties,
    initialState: TargetState = TargetState.STARTED,
  ): Promise<ConnectorInfo> {
    const name = (rawName ?? '').trim();
    const withName = injectName(name, config);
    ensureStorableName('Connector', name);
    const { plugin } = ensureValidConnectorConfig(this.deps.plugins, withName, NAMES_EXCEPTION);
    // Connect answers 409 for an existing name before anything about the values (it stores nulls).
    if (hasNullValues(withName) && (await this.deps.stores.configs.getConnector(name)) !== null)
      throw new AlreadyExistsError(`Connector ${name} already exists`);
    ensureNoNullValues(withName);
    ensureStorable(withName);
    let record: ConnectorRecord;
    try {
      record = await this.deps.stores.configs.putConnector(name, withName, 0, initialState);
    } catch (error) {
      if (error instanceof ConflictError)
        throw new AlreadyExistsError(`Connector ${name} already exists`, { cause: error });
      throw error;
    }
    await this.deps.scheduler.kick(`created ${name}`);
    return connectorInfo(record, 0, plugin.type);
  }

  /** `PUT /connectors/{n}/config`: creates or replaces; a concurrent change is re-read, never lost. */
  async putConnectorConfig(
    name: string,
    config: ConnectorProperties,
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const withName = injectName(name, config);
    ensureStorableName('Connector', name);
    const { plugin } = ensureValidConnectorConfig(this.deps.plugins, withName, NAMES_EXCEPTION);
    ensureNoNullValues(withName);
    ensureStorable(withName);
    for (let attempt = 0; ; attempt++) {
      const existing = await this.deps.stores.configs.getConnector(name);
      try {
        const record = await this.deps.stores.configs.putConnector(name, withName, existing?.version ?? 0);
        await this.deps.scheduler.kick(`config of ${name}`);
        const tasks = await this.deps.stores.configs.getTaskConfigs(name);
        return { created: existing === null, info: connectorInfo(record, tasks?.tasks.length ?? 0, plugin.type) };
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt + 1 >= MAX_CONFIG_WRITE_ATTEMPTS) throw conflict(error);
        await conflictBackoff(attempt);
      }
    }
  }

  /** `PATCH /connectors/{n}/config`: null values remove keys; merged under optimistic concurrency. */
  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.requireConnector(name);
      // A Map, then Object.fromEntries: keys such as `__proto__` are keys like any other.
      const mergedKeys = new Map(Object.entries(existing.config));
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) mergedKeys.delete(key);
        else mergedKeys.set(key, value);
      }
      const merged: ConnectorProperties = Object.fromEntries(mergedKeys);
      const { plugin } = ensureValidConnectorConfig(this.deps.plugins, merged, NAMES_EXCEPTION);
      ensureStorable(merged);
      try {
        const record = await this.deps.stores.configs.putConnector(name, merged, existing.version);
        await this.deps.scheduler.kick(`patched ${name}`);
        return connectorInfo(
          record,
          (await this.deps.stores.configs.getTaskConfigs(name))?.tasks.length ?? 0,
          plugin.type,
        );
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt + 1 >= MAX_CONFIG_WRITE_ATTEMPTS) throw conflict(error);
        await conflictBackoff(attempt);
      }
    }
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    const { connector, taskCount } = await this.deps.stores.configs.getConnectorSnapshot(name);
    if (connector === null) throw new NotFoundRestError(`Connector ${name} not found`);
    return connectorInfo(connector, taskCount ?? 0, this.typeOf(connector.config));
  }

  async connectorConfig(name: string): Promise<ConnectorProperties> {
    return (await this.requireConnector(name)).config;
  }

  /** `GET /connectors/{n}/status`: the config reads and the status read run at once (one round trip). */
  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const status = await this.currentStatus(name);
    if (status === null) throw new NotFoundRestError(`No status found for connector ${name}`);
    return status;
  }

  async taskStatus(name: string, task: number): Promise<TaskStateView> {
    const [statuses, { connector, taskCount }] = await Promise.all([
      this.deps.stores.statuses.getStatuses(name),
      this.deps.stores.configs.getConnectorSnapshot(name),
    ]);
    const status = statuses.tasks.find((t) => t.id === task);
    if (status === undefined || taskCount === null || task >= taskCount)
      throw new NotFoundRestError(`No status found for task ${name}-${task}`);
    return { id: status.id, ...stateView(status, connector === null ? undefined : this.versionOf(connector.config)) };
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const [, tasks] = await Promise.all([this.requireConnector(name), this.deps.stores.configs.getTaskConfigs(name)]);
    return (tasks?.tasks ?? []).map((t) => ({ id: { connector: name, task: t.id }, config: t.config }));
  }

  async deleteConnector(name: string): Promise<void> {
    if (!(await this.deps.stores.configs.deleteConnector(name)))
      throw new NotFoundRestError(`Connector ${name} not found`);
    // Offsets stay, as in Connect (its offsets topic keeps them): a connector re-created under the same
    // name resumes where it was. Everything else goes, so the new one shows nothing of the old: statuses,
    // active topics (as Connect resets them on delete), live leases (revoked; see LeaseStore.revokeAll).
    await Promise.all([
      this.deps.stores.statuses.deleteStatuses(name),
      this.deps.stores.topics.reset(name),
      this.deps.stores.leases.revokeAll(name),
    ]);
    // Offsets are fenced by generation, so a connector re-created under this name must continue above the
    // old generations; the impossible config version (-1) makes the scheduler generate its tasks afresh.
    await writeEmptyTaskSet(this.deps.stores.configs, name, -1);
    await this.deps.scheduler.kick(`deleted ${name}`);
  }

  async setTargetState(name: string, state: TargetState): Promise<void> {
    let record: ConnectorRecord;
    try {
      record = await this.deps.stores.configs.setTargetState(name, state);
    } catch (error) {
      if (error instanceof ConflictError) throw new NotFoundRestError(`Unknown connector ${name}`, { cause: error });
      throw error;
    }
    // Stopping empties the task configs at once, as Connect's leader does before answering: the offsets
    // API sees STOPPED immediately and the new generation fences slices still finishing.
    if (state === TargetState.STOPPED) await writeEmptyTaskSet(this.deps.stores.configs, name, record.version);
    await this.deps.scheduler.kick(`${state} ${name}`);
  }

  /**
   * `POST /connectors/{n}/restart`. Without options: 204 semantics (returns null). With `includeTasks` or
   * `onlyFailed`: the plan as Connect answers it with 202, everything due shown RESTARTING.
   */
  async restartConnector(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<ConnectorStateInfo | null> {
    const withPlan = includeTasks || onlyFailed;
    const [snapshot, statuses] = await Promise.all([
      this.deps.stores.configs.getConnectorSnapshot(name),
      withPlan ? this.deps.stores.statuses.getStatuses(name) : null,
    ]);
    const record = snapshot.connector;
    if (record === null) throw new NotFoundRestError(`Unknown connector: ${name}`);
    const current = statuses === null ? null : this.statusView(record, statuses, snapshot.taskCount ?? 0);
    if (withPlan && current === null) throw new NotFoundRestError(`Status for connector ${name} not found`);
    try {
      await this.deps.stores.configs.requestRestart(name, { id: randomUUID(), includeTasks, onlyFailed });
    } catch (error) {
      if (error instanceof ConflictError) throw new NotFoundRestError(`Unknown connector: ${name}`, { cause: error });
      throw error;
    }
    await this.deps.scheduler.kick(`restart ${name}`);
    if (current === null) return null;
    const due = (state: string): boolean => !onlyFailed || state === State.FAILED;
    return {
      ...current,
      connector: due(current.connector.state) ? { ...current.connector, state: State.RESTARTING } : current.connector,
      tasks: current.tasks.map((t) => (includeTasks && due(t.state) ? { ...t, state: State.RESTARTING } : t)),
    };
  }

  /** `POST /connectors/{n}/tasks/{t}/restart`: the task is marked RESTARTING; the scheduler starts it anew. */
  async restartTask(name: string, task: number): Promise<void> {
    const record = await this.deps.stores.configs.getConnector(name);
    if (record === null) throw new NotFoundRestError(`Unknown connector: ${name}`);
    const tasks = await this.deps.stores.configs.getTaskConfigs(name);
    if (tasks === null || !tasks.tasks.some((t) => t.id === task))
      throw new NotFoundRestError(`Unknown task: ${name}-${task}`);
    const lease = (await this.deps.stores.leases.list(name)).find((l) => l.task === task);
    const status: TaskStatus = {
      id: task,
      state: State.RESTARTING,
      workerId: this.deps.workerId,
      epoch: lease?.epoch ?? 0,
      updatedAt: Date.now(),
    };
    await this.deps.stores.statuses.putTaskStatus(name, status).catch((error: unknown) => {
      // A newer epoch wrote meanwhile: the task is already running anew, which is what was asked.
      if (!(error instanceof StaleEpochError)) throw error;
    });
    await this.deps.scheduler.kick(`restart ${name}-${task}`);
  }

  async activeTopics(name: string): Promise<Record<string, { topics: string[] }>> {
    return { [name]: { topics: await this.deps.stores.topics.listTopics(name) } };
  }

  async resetActiveTopics(name: string): Promise<void> {
    await this.deps.stores.topics.reset(name);
  }

  typeOf(config: ConnectorProperties): ConnectorType {
    const className = config['connector.class'];
    if (className === undefined) return 'unknown';
    try {
      return this.deps.plugins.connector(className).type;
    } catch {
      return 'unknown';
    }
  }

  async requireConnector(name: string): Promise<ConnectorRecord> {
    const record = await this.deps.stores.configs.getConnector(name);
    if (record === null) throw new NotFoundRestError(`Connector ${name} not found`);
    return record;
  }

  /** The connector's status view; null when the connector or its status does not exist. */
  private async currentStatus(name: string): Promise<ConnectorStateInfo | null> {
    const [{ connector, taskCount }, statuses] = await Promise.all([
      this.deps.stores.configs.getConnectorSnapshot(name),
      this.deps.stores.statuses.getStatuses(name),
    ]);
    return connector === null ? null : this.statusView(connector, statuses, taskCount ?? 0);
  }

  private statusView(
    record: Pick<ConnectorRecord, 'name' | 'config'>,
    statuses: ConnectorStatuses,
    taskCount: number,
  ): ConnectorStateInfo | null {
    if (statuses.connector === null) return null;
    return connectorStateInfo(
      record.name,
      statuses.connector,
      statuses.tasks,
      taskCount,
      this.typeOf(record.config),
      this.versionOf(record.config),
    );
  }

  /** The running version of the connector plugin (the one `connector.plugin.version` selects), shown in statuses as Connect 4.1+ does; undefined when unknown. */
  private versionOf(config: ConnectorProperties): string | undefined {
    try {
      const version = this.deps.plugins.connector(
        config['connector.class'] ?? '',
        config['connector.plugin.version'] ?? null,
      ).version;
      return version === 'undefined' ? undefined : version;
    } catch {
      return undefined;
    }
  }
}

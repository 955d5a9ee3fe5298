/**
 * The storage ports (Connect's Config/Offset/StatusBackingStore). Every write is a single-item
 * conditional write: stale writers get `ConflictError` or `StaleEpochError`, never silent overwrites.
 */
import type {
  ConnectorListEntry,
  ConnectorProperties,
  ConnectorRecord,
  ConnectorSnapshot,
  ConnectorStatus,
  ConnectorStatuses,
  Fence,
  Lease,
  LoggerLevel,
  RestartRequest,
  SinkOffsetEntry,
  SourceOffsetEntry,
  TargetState,
  TaskCommit,
  TaskConfigSet,
  TaskStatus,
} from './model.js';

export interface ConfigStore {
  listConnectors(): Promise<ConnectorRecord[]>;
  /**
   * The connector list as `GET /connectors?expand=…` shows it, in `listConnectors` order: with
   * `configs: false` each connector's `connector.class` and `connector.plugin.version` only, and every
   * connector's committed task count, read from the list itself where the items carry it (decision 0024).
   */
  listConnectorEntries(options: { readonly configs: boolean }): Promise<ConnectorListEntry[]>;
  /**
   * Brings what the list shows of a connector in step with `record`'s config and the committed set
   * `commit` (the scheduler, for items written before the listing was kept or a listing write that was
   * lost). Conditional on the config version and fenced by the generation; a lost race changes nothing.
   */
  syncListing(
    record: ConnectorRecord,
    commit: { readonly generation: number; readonly count: number } | null,
  ): Promise<void>;
  /** The connectors' names, in `listConnectors` order, without reading their configs. */
  listConnectorNames(): Promise<string[]>;
  getConnector(name: string): Promise<ConnectorRecord | null>;
  /** The connector and the size of its committed task-config set, in one round trip. */
  getConnectorSnapshot(name: string): Promise<ConnectorSnapshot>;
  /**
   * Writes a connector config. `expectedVersion` 0 means "must not exist"; otherwise the stored version
   * must equal it. Throws `ConflictError` when the condition fails.
   */
  putConnector(
    name: string,
    config: ConnectorProperties,
    expectedVersion: number,
    targetState?: TargetState,
  ): Promise<ConnectorRecord>;
  /** Sets the target state (idempotent); throws `ConflictError` when the connector is gone. */
  setTargetState(name: string, state: TargetState): Promise<ConnectorRecord>;
  /** Records a restart request for the scheduler; throws `ConflictError` when the connector is gone. */
  requestRestart(name: string, request: RestartRequest): Promise<ConnectorRecord>;
  /** Clears the given restart request once applied (no-op if another one replaced it). */
  clearRestart(name: string, requestId: string): Promise<void>;
  /** Deletes the connector; returns false when it did not exist. */
  deleteConnector(name: string): Promise<boolean>;

  getTaskConfigs(name: string): Promise<TaskConfigSet | null>;
  /**
   * The size of each named connector's committed task-config set, read together rather than one
   * connector at a time; names without a committed set are absent from the map.
   */
  getTaskCounts(names: readonly string[]): Promise<Map<string, number>>;
  /**
   * The commit items of the named connectors' task-config sets, read together (the scheduler's tick);
   * names without a committed set are absent from the map.
   */
  getTaskCommits(names: readonly string[]): Promise<Map<string, TaskCommit>>;
  /** Writes a new set; its generation must exceed the stored one (else `StaleEpochError`). */
  putTaskConfigs(set: TaskConfigSet): Promise<void>;
  deleteTaskConfigs(name: string): Promise<void>;

  listLoggers(): Promise<LoggerLevel[]>;
  putLogger(level: LoggerLevel): Promise<void>;
}

export interface StatusReadOptions {
  /**
   * False: an eventually consistent read (half the read units on DynamoDB), which may miss writes of the
   * last second or so; the listing of all connectors reads so (decision 0024). Default true.
   */
  readonly consistent?: boolean;
}

export interface StatusStore {
  getConnectorStatus(name: string): Promise<ConnectorStatus | null>;
  /** The connector's and all its tasks' statuses in one read (what `GET …/status` shows). */
  getStatuses(name: string): Promise<ConnectorStatuses>;
  /**
   * Several connectors' statuses read together (`GET /connectors?expand=status`): for each, its own
   * status and those of its tasks `0 … taskCount - 1`, exactly what `getStatuses` returns for tasks below
   * `taskCount` (higher task ids, left over from a larger task set, are not read). Every requested name
   * is in the map; the names must be distinct.
   */
  getStatusesOf(
    connectors: readonly { readonly name: string; readonly taskCount: number }[],
    options?: StatusReadOptions,
  ): Promise<Map<string, ConnectorStatuses>>;
  putConnectorStatus(name: string, status: ConnectorStatus): Promise<void>;
  listTaskStatuses(name: string): Promise<TaskStatus[]>;
  /** Conditional on `status.epoch` not being older than the stored one (else `StaleEpochError`). */
  putTaskStatus(name: string, status: TaskStatus): Promise<void>;
  deleteTaskStatus(name: string, task: number): Promise<void>;
  /** Removes the connector's and all its tasks' statuses. */
  deleteStatuses(name: string): Promise<void>;
}

export interface LeaseStore {
  /** Takes the task's lease if it is free or expired at `now`; the epoch increases. Null when held. */
  acquire(
    connector: string,
    task: number,
    generation: number,
    owner: string,
    ttlMs: number,
    now: number,
  ): Promise<Lease | null>;
  /** Extends a held lease; `StaleEpochError` when it moved on. */
  renew(lease: Lease, ttlMs: number, now: number): Promise<Lease>;
  /** Gives the lease up so the next invocation can take it at once (no-op if it moved on). */
  release(lease: Lease): Promise<void>;
  list(connector: string): Promise<Lease[]>;
  /**
   * The leases of tasks `0 … taskCount - 1` of several connectors, read together (the scheduler's tick):
   * what `list` returns for those tasks. Every requested name is in the map; names must be distinct.
   */
  getLeasesOf(
    connectors: readonly { readonly name: string; readonly taskCount: number }[],
  ): Promise<Map<string, Lease[]>>;
  deleteAll(connector: string): Promise<void>;
  /**
   * Ends every lease of the connector (deleted): each expires at once and its epoch moves up, so a slice
   * still holding one fails its next renewal and every fenced write. The items stay as the epoch
   * watermark a re-created connector's tasks continue above (as the task-config generation does).
   */
  revokeAll(connector: string): Promise<void>;
}

export interface OffsetStore {
  getSourceOffsets(connector: string): Promise<SourceOffsetEntry[]>;
  /** Writes offsets fenced by `fence`; a null offset deletes the partition's entry. */
  putSourceOffsets(connector: string, entries: readonly SourceOffsetEntry[], fence: Fence | null): Promise<void>;
  getSinkOffsets(connector: string): Promise<SinkOffsetEntry[]>;
  putSinkOffsets(connector: string, entries: readonly SinkOffsetEntry[], fence: Fence | null): Promise<void>;
  deleteSinkOffsets(connector: string, partitions: readonly { topic: string; partition: number }[]): Promise<void>;
  deleteAll(connector: string): Promise<void>;
}

/** Topics a connector's tasks have used (`/connectors/{n}/topics`). */
export interface TopicStore {
  recordTopics(connector: string, topics: readonly string[], now: number): Promise<void>;
  listTopics(connector: string): Promise<string[]>;
  reset(connector: string): Promise<void>;
}

export interface Stores {
  readonly configs: ConfigStore;
  readonly statuses: StatusStore;
  readonly leases: LeaseStore;
  readonly offsets: OffsetStore;
  readonly topics: TopicStore;
}

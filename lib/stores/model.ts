/**
 * The state the control plane and the data plane share, as stored. Wire names are Connect's.
 */
import type { TopicPartition } from '../api/topic-partition.js';

import { State, TargetState } from '../common/states.js';

/** Kept here for importers of the stores' model; the states are domain values (lib/common/states.ts). */
export { State, TargetState };

/** A connector's configuration as stored and shown by the REST API: raw strings (lib/common/connector-config.ts parses the framework's keys). */
export type ConnectorProperties = Record<string, string>;

/** A pending `POST /connectors/{n}/restart` with includeTasks or onlyFailed, applied by the scheduler. */
export interface RestartRequest {
  readonly id: string;
  readonly includeTasks: boolean;
  readonly onlyFailed: boolean;
}

export interface ConnectorRecord {
  readonly name: string;
  /** Exactly what the user stored (placeholders unresolved). */
  readonly config: ConnectorProperties;
  readonly targetState: TargetState;
  /** Increases with every config change; the basis of optimistic concurrency. */
  readonly version: number;
  /** Increases with every target-state change or restart request, so the scheduler can tell. */
  readonly stateVersion: number;
  readonly restart: RestartRequest | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * What the item's listing attributes reflect (decision 0024): the config version of its class and
   * plugin version, the generation of its task count; absent on items written before them.
   */
  readonly listing?: { readonly configVersion: number | null; readonly taskGeneration: number | null };
}

/** A connector as the connector list shows it (`GET /connectors?expand=…`). */
export interface ConnectorListEntry {
  readonly name: string;
  /** The whole config, or (listed without configs) only its `connector.class` and `connector.plugin.version`. */
  readonly config: ConnectorProperties;
  /** The size of the committed task-config set; null before the first commit. */
  readonly taskCount: number | null;
}

export interface TaskConfigEntry {
  readonly id: number;
  /** What the connector's `taskConfigs` returned, plus `task.class` (and `topics` for sinks). */
  readonly config: ConnectorProperties;
  /** Sink tasks: the partitions the scheduler assigned to this task. */
  readonly partitions: readonly TopicPartition[];
}

/** One committed set of task configs (Connect's `commit-<n>` record with its tasks). */
export interface TaskConfigSet {
  readonly connector: string;
  /** Increases with every new set; fences writers of older sets. */
  readonly generation: number;
  /** The connector config version the set was computed from. */
  readonly configVersion: number;
  readonly tasks: readonly TaskConfigEntry[];
}

/**
 * What the config store holds for one connector name, read in one round trip: the connector (null when
 * it does not exist) and the size of its committed task-config set (null before the first commit). Task
 * ids of a committed set are always 0 … taskCount − 1, so views that show ids need no task configs.
 */
/** A task-config set's commit item: which set is current, without the tasks' configs. */
export interface TaskCommit {
  readonly generation: number;
  readonly configVersion: number;
  readonly count: number;
  /** `taskSetDigest` of the set's tasks; null on sets committed before digests were kept. */
  readonly digest: string | null;
}

export interface ConnectorSnapshot {
  readonly connector: ConnectorRecord | null;
  readonly taskCount: number | null;
}

/** A connector's status and its tasks' statuses (sorted by id), read together. */
export interface ConnectorStatuses {
  readonly connector: ConnectorStatus | null;
  readonly tasks: readonly TaskStatus[];
}

export interface ConnectorStatus {
  readonly state: State;
  readonly trace?: string;
  readonly workerId: string;
  readonly generation: number;
  /**
   * Set when read from where statuses were kept before decision 0024's shared partitions; the scheduler
   * writes such a status again, which moves it there.
   */
  readonly legacy?: true;
}

export interface TaskStatus {
  readonly id: number;
  readonly state: State;
  readonly trace?: string;
  readonly workerId: string;
  /** The lease epoch of the writer; older writers cannot overwrite. */
  readonly epoch: number;
  readonly updatedAt: number;
  /** Failures in a row (automatic restarts back off on it); absent or 0 after a healthy slice. */
  readonly failureCount?: number;
  /**
   * Set while the task's slices find Kafka or the state store unavailable: when that began (epoch ms).
   * The task stays RUNNING meanwhile; past `task.unavailable.timeout.ms` it is marked FAILED.
   */
  readonly unavailableSince?: number;
}

/** The right to run one task, held by one invocation at a time. */
export interface Lease {
  readonly connector: string;
  readonly task: number;
  readonly owner: string;
  readonly epoch: number;
  readonly generation: number;
  readonly expiresAt: number;
}

/** The position that fences an offset or status write: a newer generation or epoch wins. */
export interface Fence {
  readonly generation: number;
  readonly epoch: number;
}

export interface SourceOffsetEntry {
  readonly partition: Record<string, unknown>;
  readonly offset: Record<string, unknown> | null;
}

export interface SinkOffsetEntry extends TopicPartition {
  /** The next offset to read. */
  readonly offset: number;
}

export interface LoggerLevel {
  readonly logger: string;
  readonly level: string;
  readonly lastModified: number | null;
}

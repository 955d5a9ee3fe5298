/** Connect's REST entities, built from stored state. Field names are Connect's wire names. */
import type { ConnectorConfig, ConnectorRecord, ConnectorStatus, TaskConfigSet, TaskStatus } from '../stores/model.js';

export type ConnectorType = 'source' | 'sink' | 'unknown';

export interface ConnectorTaskId {
  connector: string;
  task: number;
}

export interface ConnectorInfo {
  name: string;
  config: ConnectorConfig;
  tasks: ConnectorTaskId[];
  type: ConnectorType;
}

export interface StateView {
  state: string;
  worker_id: string;
  /** The running plugin's version (Connect 4.1+, KAFKA-18988); absent when the class is unknown. */
  version?: string;
  trace?: string;
}

export interface TaskStateView extends StateView {
  id: number;
}

export interface ConnectorStateInfo {
  name: string;
  connector: StateView;
  tasks: TaskStateView[];
  type: ConnectorType;
}

export interface TaskInfo {
  id: ConnectorTaskId;
  config: ConnectorConfig;
}

export function connectorInfo(record: ConnectorRecord, tasks: TaskConfigSet | null, type: ConnectorType): ConnectorInfo {
  return {
    name: record.name,
    config: record.config,
    tasks: (tasks?.tasks ?? []).map((t) => ({ connector: record.name, task: t.id })),
    type,
  };
}

export function stateView(status: { state: string; workerId: string; trace?: string }, version?: string): StateView {
  const view: StateView = { state: status.state, worker_id: status.workerId };
  if (version !== undefined) view.version = version;
  if (status.trace) view.trace = status.trace;
  return view;
}

/** Only tasks of the current task-config set are shown, sorted by id. */
export function connectorStateInfo(name: string, status: ConnectorStatus, tasks: readonly TaskStatus[], current: TaskConfigSet | null, type: ConnectorType, version?: string): ConnectorStateInfo {
  const count = current?.tasks.length ?? 0;
  return {
    name,
    connector: stateView(status, version),
    tasks: tasks.filter((t) => t.id < count).map((t) => ({ id: t.id, ...stateView(t, version) })),
    type,
  };
}

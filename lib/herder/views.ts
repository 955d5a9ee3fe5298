/** Connect's REST entities, built from stored state. Field names are Connect's wire names. */
import type { ConnectorProperties, ConnectorRecord, ConnectorStatus, TaskStatus } from '../stores/model.js';

export type ConnectorType = 'source' | 'sink' | 'unknown';

export interface ConnectorTaskId {
  connector: string;
  task: number;
}

export interface ConnectorInfo {
  name: string;
  config: ConnectorProperties;
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
  config: ConnectorProperties;
}

/** `taskCount`: the size of the committed task-config set, whose task ids are 0 … taskCount − 1. */
export function connectorInfo(
  record: Pick<ConnectorRecord, 'name' | 'config'>,
  taskCount: number,
  type: ConnectorType,
): ConnectorInfo {
  return {
    name: record.name,
    config: record.config,
    tasks: Array.from({ length: taskCount }, (_, task) => ({ connector: record.name, task })),
    type,
  };
}

export function stateView(status: { state: string; workerId: string; trace?: string }, version?: string): StateView {
  const view: StateView = { state: status.state, worker_id: status.workerId };
  if (version !== undefined) view.version = version;
  if (status.trace) view.trace = status.trace;
  return view;
}

/** Only tasks of the committed task-config set (ids below `taskCount`) are shown, sorted by id. */
export function connectorStateInfo(
  name: string,
  status: ConnectorStatus,
  tasks: readonly TaskStatus[],
  taskCount: number,
  type: ConnectorType,
  version?: string,
): ConnectorStateInfo {
  return {
    name,
    connector: stateView(status, version),
    tasks: tasks.filter((t) => t.id < taskCount).map((t) => ({ id: t.id, ...stateView(t, version) })),
    type,
  };
}

/**
 * What the scheduler (and a continuing slice) sends to the task runner: identifiers only, never configs
 * (payloads are capped and configs change).
 */
export interface TaskInvocation {
  readonly connector: string;
  readonly task: number;
  /** The task-config generation the invocation was started for; a newer one makes it exit at once. */
  readonly generation: number;
  /** How many slices in a row continued without the scheduler (our recursion guard). */
  readonly hop?: number;
  /** Set when the scheduler restarts a FAILED task automatically: its failures in a row so far. */
  readonly failureCount?: number;
  /** Set while the task's dependencies are unavailable: since when (epoch ms), for the outage budget. */
  readonly unavailableSince?: number;
}

/** Starts task-runner invocations asynchronously (Lambda `Event` invocations on AWS and locally). */
export interface TaskInvoker {
  invoke(invocation: TaskInvocation): Promise<void>;
}

export function isTaskInvocation(value: unknown): value is TaskInvocation {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['connector'] === 'string' && Number.isInteger(v['task']) && Number.isInteger(v['generation']);
}

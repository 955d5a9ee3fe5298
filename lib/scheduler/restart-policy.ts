/**
 * Automatic restart of FAILED tasks, opt-in per connector (beyond Connect, which leaves a failed task
 * FAILED until someone restarts it): `task.restart.on.failure=true` restarts it after a backoff that
 * doubles with each failure in a row, from `task.restart.backoff.initial.ms` up to
 * `task.restart.backoff.max.ms`.
 */
import type { TaskStatus } from '../stores/model.js';

export const RestartPolicyKeys = {
  ENABLE: 'task.restart.on.failure',
  INITIAL_MS: 'task.restart.backoff.initial.ms',
  MAX_MS: 'task.restart.backoff.max.ms',
} as const;

const DEFAULT_INITIAL_MS = 10_000;
const DEFAULT_MAX_MS = 300_000;

/** The backoff before the next automatic restart, or null when the connector did not opt in. */
export function restartBackoffMs(config: Readonly<Record<string, string>>, failureCount: number): number | null {
  if ((config[RestartPolicyKeys.ENABLE] ?? 'false').toLowerCase() !== 'true') return null;
  const initial = positive(config[RestartPolicyKeys.INITIAL_MS], DEFAULT_INITIAL_MS);
  const max = positive(config[RestartPolicyKeys.MAX_MS], DEFAULT_MAX_MS);
  return Math.min(max, initial * 2 ** Math.max(0, failureCount - 1));
}

/** Whether a FAILED task is due for an automatic restart at `now`. */
export function dueForRestart(config: Readonly<Record<string, string>>, status: TaskStatus, now: number): boolean {
  const backoff = restartBackoffMs(config, status.failureCount ?? 1);
  return backoff !== null && now - status.updatedAt >= backoff;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

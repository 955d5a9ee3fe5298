/**
 * Automatic restart of FAILED tasks, opt-in per connector (beyond Connect, which leaves a failed task
 * FAILED until someone restarts it): `task.restart.on.failure=true` restarts it after a backoff that
 * doubles with each failure in a row, from `task.restart.backoff.initial.ms` up to
 * `task.restart.backoff.max.ms`.
 */
import { parseConnectorConfig, type RestartPolicyConfig } from '../common/connector-config.js';
import { SliceConfigKeys } from '../common/slice-config-def.js';
import type { ConnectorRecord, TaskStatus } from '../stores/model.js';

/** The keys, declared with the connector's framework keys (`lib/common/slice-config-def.ts`). */
export const RestartPolicyKeys = {
  ENABLE: SliceConfigKeys.RESTART_ON_FAILURE,
  INITIAL_MS: SliceConfigKeys.RESTART_BACKOFF_INITIAL_MS,
  MAX_MS: SliceConfigKeys.RESTART_BACKOFF_MAX_MS,
} as const;

/** The backoff before the next automatic restart, or null when the connector did not opt in. */
export function restartBackoffMs(policy: RestartPolicyConfig, failureCount: number): number | null {
  if (!policy.enabled) return null;
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failureCount - 1));
}

/** Whether a FAILED task is due for an automatic restart at `now`. */
export function dueForRestart(policy: RestartPolicyConfig, status: TaskStatus, now: number): boolean {
  const backoff = restartBackoffMs(policy, status.failureCount ?? 1);
  return backoff !== null && now - status.updatedAt >= backoff;
}

/** The connector's restart policy; a config that no longer parses restarts nothing (its connector is FAILED). */
export function restartPolicyOf(record: Pick<ConnectorRecord, 'name' | 'config'>): RestartPolicyConfig {
  try {
    return parseConnectorConfig(record.name, record.config).restart;
  } catch {
    return { enabled: false, initialBackoffMs: 0, maxBackoffMs: 0 };
  }
}

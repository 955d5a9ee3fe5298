/**
 * A digest of a task-config set's contents (each task's config and partitions, in task order), kept on
 * its commit item, so the scheduler can tell whether the set it would write equals the stored one by
 * reading the commit item alone (decision 0024). Two sets have the same digest when the scheduler's
 * comparison of their entries would call them equal.
 */
import { createHash } from 'node:crypto';
import type { TaskConfigEntry } from './model.js';

export function taskSetDigest(tasks: readonly Pick<TaskConfigEntry, 'config' | 'partitions'>[]): string {
  return createHash('sha256')
    .update(JSON.stringify(tasks.map((t) => [t.config, t.partitions])))
    .digest('base64url');
}

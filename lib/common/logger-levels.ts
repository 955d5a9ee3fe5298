/**
 * Log levels as `/admin/loggers` stores them (herder) and as a task slice applies them (worker): the
 * logger names slices log through and the level lookup through a logger's ancestors.
 */

/** Connect's root logger name. */
export const ROOT_LOGGER = 'root';
/** Root's level until one is set through the API. */
export const DEFAULT_ROOT_LEVEL = 'INFO';

/** The loggers our task slices log through, by the kind of slice. */
export const SliceLogger = {
  /** Everything a sink slice logs (poll, convert, put, commit). */
  SINK: 'org.apache.kafka.connect.runtime.WorkerSinkTask',
  /** Everything a source slice logs (poll, convert, produce, offset flush). */
  SOURCE: 'org.apache.kafka.connect.runtime.WorkerSourceTask',
  /** The slice life cycle before the task's kind is known (lease, stale or skipped invocations). */
  TASK: 'org.apache.kafka.connect.runtime.WorkerTask',
} as const;
export type SliceLogger = (typeof SliceLogger)[keyof typeof SliceLogger];

/** A stored level, as far as the lookup needs it. */
export interface StoredLevel {
  readonly logger: string;
  readonly level: string;
}

/**
 * The level a logger logs at: its own when set, else its nearest configured ancestor's, finally root's
 * (`INFO` until root is set). The task runner uses it to filter what a slice logs.
 */
export function loggerLevel(name: string, stored: readonly StoredLevel[]): string {
  const levels = new Map(stored.map((l) => [l.logger, l]));
  return levels.get(name)?.level ?? effectiveLevel(name, levels);
}

/** The level a logger inherits: its nearest configured ancestor's, finally root's. */
export function effectiveLevel(name: string, levels: ReadonlyMap<string, StoredLevel>): string {
  let candidate = name;
  while (candidate.includes('.')) {
    candidate = candidate.slice(0, candidate.lastIndexOf('.'));
    const level = levels.get(candidate);
    if (level) return level.level;
  }
  return levels.get(ROOT_LOGGER)?.level ?? DEFAULT_ROOT_LEVEL;
}

/**
 * `/admin/loggers`: log levels set through the API are stored, so every function (REST, scheduler, task
 * runner) applies them, which is Connect's cluster scope; worker scope behaves the same here because
 * there are no long-lived workers. The loggers that exist are root, the inventory of Connect's logger
 * names we have equivalents for (`logger-inventory.ts`, at root's level until set), and those set
 * through the API (see docs/compatibility.md).
 */
import type { ConfigStore } from '../stores/ports.js';
import type { LoggerLevel } from '../stores/model.js';
import { DEFAULT_ROOT_LEVEL, effectiveLevel, ROOT_LOGGER as ROOT } from '../common/logger-levels.js';
import { ensureStorableName } from './config-input.js';
import { BadRequestError, NotFoundRestError } from './errors.js';

export const LOG_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const;

export interface LoggerView {
  level: string;
  last_modified: number | null;
}

export class LoggersApi {
  constructor(
    private readonly configs: ConfigStore,
    private readonly now: () => number = Date.now,
    private readonly inventory: readonly string[] = [],
  ) {}

  /** Every logger with its level, by name; loggers turned OFF are left out, as Connect does. */
  async all(): Promise<Record<string, LoggerView>> {
    const levels = await this.levels();
    const result: Record<string, LoggerView> = Object.create(null) as Record<string, LoggerView>; // keyed by user-chosen names
    for (const name of [...levels.keys()].sort()) {
      const level = levels.get(name);
      if (level && level.level !== 'OFF') result[name] = view(level);
    }
    return result;
  }

  /** A logger that exists (root, or one set through the API); any other name is a 404. */
  async get(name: string): Promise<LoggerView> {
    const level = (await this.levels()).get(isRoot(name) ? ROOT : name);
    if (level === undefined) throw new NotFoundRestError(`Logger ${name} not found.`);
    return view(level);
  }

  /**
   * Sets the level of a namespace: the logger itself and every existing logger whose name starts with
   * it (a plain prefix, as Connect matches), root for all of them. Answers the loggers whose level
   * actually changed (worker scope), or null (cluster scope). Only those get a new `last_modified`.
   */
  async set(name: string, body: unknown, scope: string | undefined): Promise<string[] | null> {
    const raw =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? (body as { level?: unknown }).level
        : undefined;
    if (raw === undefined || raw === null)
      throw new BadRequestError("Desired 'level' parameter was not specified in request.");
    // Connect reads the body as Map<String, String>; Jackson refuses an array or object there (a 500 in
    // Connect, the client's mistake: 400 here, see docs/compatibility.md).
    if (typeof raw === 'object')
      throw new BadRequestError(
        `The 'level' parameter must be a string, not ${Array.isArray(raw) ? 'an array' : 'an object'}`,
      );
    const level = String(raw).toUpperCase();
    if (!(LOG_LEVELS as readonly string[]).includes(level))
      throw new NotFoundRestError(`invalid log level '${String(raw)}'.`);
    ensureStorableName('Logger', name);
    const levels = await this.levels();
    const namespace = isRoot(name) ? ROOT : name;
    const affected =
      namespace === ROOT
        ? [...levels.keys()]
        : [...new Set([namespace, ...[...levels.keys()].filter((k) => k !== ROOT && k.startsWith(namespace))])];
    const changed: string[] = [];
    const now = this.now();
    for (const logger of affected) {
      const previous = levels.get(logger);
      const before = previous?.level ?? effectiveLevel(logger, levels);
      if (before === level && previous !== undefined) continue;
      const modified = before !== level;
      await this.configs.putLogger({ logger, level, lastModified: modified ? now : (previous?.lastModified ?? null) });
      if (modified) changed.push(logger);
    }
    return (scope ?? 'worker').toLowerCase() === 'cluster' ? null : changed.sort();
  }

  private async levels(): Promise<Map<string, LoggerLevel>> {
    const stored = await this.configs.listLoggers();
    const levels = new Map(stored.map((l) => [l.logger, l]));
    if (!levels.has(ROOT)) levels.set(ROOT, { logger: ROOT, level: DEFAULT_ROOT_LEVEL, lastModified: null });
    const known = new Map(levels);
    for (const logger of this.inventory) {
      if (!levels.has(logger)) levels.set(logger, { logger, level: effectiveLevel(logger, known), lastModified: null });
    }
    return levels;
  }
}

function view(level: LoggerLevel): LoggerView {
  return { level: level.level, last_modified: level.lastModified };
}

/** Connect names the root logger `root` (any case) or the empty string. */
function isRoot(name: string): boolean {
  return name === '' || name.toLowerCase() === ROOT;
}

/** Kept for importers of the old path: the task runner's level lookup lives in the shared leaf. */
export { loggerLevel } from '../common/logger-levels.js';

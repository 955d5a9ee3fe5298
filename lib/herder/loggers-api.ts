/**
 * `/admin/loggers`: log levels set through the API are stored, so every function (REST, scheduler, task
 * runner) applies them, which is Connect's cluster scope; worker scope behaves the same here because
 * there are no long-lived workers.
 */
import type { ConfigStore } from '../stores/ports.js';
import type { LoggerLevel } from '../stores/model.js';
import { BadRequestError, NotFoundRestError } from './errors.js';

export const LOG_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const;
const ROOT = 'root';
const DEFAULT_ROOT_LEVEL = 'INFO';

export interface LoggerView {
  level: string;
  last_modified: number | null;
}

export class LoggersApi {
  constructor(private readonly configs: ConfigStore, private readonly now: () => number = Date.now) {}

  async all(): Promise<Record<string, LoggerView>> {
    const levels = await this.levels();
    const result: Record<string, LoggerView> = {};
    for (const name of [...levels.keys()].sort()) {
      const level = levels.get(name);
      if (level) result[name] = { level: level.level, last_modified: level.lastModified };
    }
    return result;
  }

  /** A logger's level, falling back to its nearest configured ancestor (and finally root). */
  async get(name: string): Promise<LoggerView> {
    const levels = await this.levels();
    const exact = levels.get(name);
    if (exact) return { level: exact.level, last_modified: exact.lastModified };
    const known = [...levels.keys()].some((k) => k.startsWith(`${name}.`)) || isAncestorOfKnown(name, levels);
    if (!known) throw new NotFoundRestError(`Logger ${name} not found.`);
    return { level: effectiveLevel(name, levels), last_modified: null };
  }

  /** Sets a level; answers the affected logger names (worker scope) or nothing (cluster scope). */
  async set(name: string, body: unknown, scope: string | undefined): Promise<string[] | null> {
    const raw = (body as { level?: unknown } | null)?.level;
    if (raw === undefined || raw === null) throw new BadRequestError("Desired 'level' parameter was not specified in request.");
    const level = String(raw).toUpperCase();
    if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new NotFoundRestError(`invalid log level '${String(raw)}'.`);
    await this.configs.putLogger({ logger: name, level, lastModified: this.now() });
    if ((scope ?? 'worker').toLowerCase() === 'cluster') return null;
    const levels = await this.levels();
    return [...new Set([name, ...[...levels.keys()].filter((k) => k !== ROOT && k.startsWith(name))])].sort();
  }

  private async levels(): Promise<Map<string, LoggerLevel>> {
    const stored = await this.configs.listLoggers();
    const levels = new Map(stored.map((l) => [l.logger, l]));
    if (!levels.has(ROOT)) levels.set(ROOT, { logger: ROOT, level: DEFAULT_ROOT_LEVEL, lastModified: null });
    return levels;
  }
}

function isAncestorOfKnown(name: string, levels: Map<string, LoggerLevel>): boolean {
  return [...levels.keys()].some((k) => name.startsWith(`${k}.`));
}

function effectiveLevel(name: string, levels: Map<string, LoggerLevel>): string {
  let candidate = name;
  while (candidate.includes('.')) {
    candidate = candidate.slice(0, candidate.lastIndexOf('.'));
    const level = levels.get(candidate);
    if (level) return level.level;
  }
  return levels.get(ROOT)?.level ?? DEFAULT_ROOT_LEVEL;
}

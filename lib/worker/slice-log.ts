/**
 * What a slice logs, filtered by the level of the Connect logger it stands for (`WorkerSinkTask`,
 * `WorkerSourceTask`, `WorkerTask`), as set through `/admin/loggers`: setting
 * `org.apache.kafka.connect.runtime.WorkerSinkTask` to DEBUG makes sink slices log at DEBUG. Every line
 * names its logger, as Connect's log lines do.
 */
import { loggerLevel } from '../common/logger-levels.js';
import type { LoggerLevel } from '../stores/model.js';
import type { Log } from '../common/log.js';

/** Log4j's order: a logger at a level emits that level and every more severe one. */
const RANK: Readonly<Record<string, number>> = {
  OFF: 0,
  FATAL: 1,
  ERROR: 2,
  WARN: 3,
  INFO: 4,
  DEBUG: 5,
  TRACE: 6,
  ALL: 7,
};

type Method = keyof Log;
const METHOD_RANK: Readonly<Record<Method, number>> = { error: 2, warn: 3, info: 4, debug: 5 };

/** `base` must emit every level (the filtering is done here); `stored` are the levels set through the API. */
export function sliceLog(base: Log, logger: string, stored: readonly LoggerLevel[]): Log {
  const threshold = RANK[loggerLevel(logger, stored)] ?? RANK['INFO'] ?? 4;
  const emit =
    (method: Method) =>
    (message: string, details?: Record<string, unknown>): void => {
      if (METHOD_RANK[method] <= threshold) base[method](message, { logger, ...details });
    };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

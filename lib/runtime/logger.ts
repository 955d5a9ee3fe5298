/**
 * Structured JSON logs through Powertools Logger; the `log(message, details)` shape the ports expect.
 */
import { Logger } from '@aws-lambda-powertools/logger';

import type { Log } from '../common/log.js';

export type { Log };

/**
 * `level` overrides POWERTOOLS_LOG_LEVEL: the task runner logs everything at DEBUG and filters per
 * Connect logger itself (lib/worker/slice-log.ts), so levels set through /admin/loggers take effect.
 */
export function createLogger(serviceName: string, level?: 'DEBUG'): { logger: Logger; log: Log } {
  const logger = new Logger({
    serviceName,
    logLevel: (level ?? process.env['POWERTOOLS_LOG_LEVEL'] ?? 'INFO') as 'INFO',
  });
  const log: Log = {
    debug: (message, details) => logger.debug(message, details ?? {}),
    info: (message, details) => logger.info(message, details ?? {}),
    warn: (message, details) => logger.warn(message, details ?? {}),
    error: (message, details) => logger.error(message, details ?? {}),
  };
  return { logger, log };
}

/**
 * The one logging port: structured lines with a message and details. The composition root adapts
 * Powertools Logger to it (lib/runtime/logger.ts), the local stack its own logger, unit tests a no-op.
 */
export interface Log {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

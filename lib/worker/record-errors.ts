/**
 * Per-record error handling of conversion and transform stages (Connect's RetryWithToleranceOperator,
 * reduced): `errors.tolerance=none` fails the task on the first error, `all` skips the record, with
 * `errors.log.enable` logging each one.
 */
import { ConnectError } from '../api/errors.js';
import type { WorkerLog } from './slice-context.js';

export type Stage = 'TRANSFORMATION' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TASK_PUT' | 'TASK_POLL';

export class RecordErrorHandler {
  private readonly tolerateAll: boolean;
  private readonly logErrors: boolean;
  failures = 0;

  constructor(config: Readonly<Record<string, string>>, private readonly log: WorkerLog, private readonly connector: string) {
    this.tolerateAll = (config['errors.tolerance'] ?? 'none').toLowerCase() === 'all';
    this.logErrors = (config['errors.log.enable'] ?? 'false').toLowerCase() === 'true';
  }

  /** Runs one stage for one record; undefined when it failed and the failure is tolerated. */
  attempt<T>(stage: Stage, operation: () => T): T | undefined {
    try {
      return operation();
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) throw error;
      this.failures++;
      if (!this.tolerateAll) throw new ConnectError('Tolerance exceeded in error handler', { cause: error });
      if (this.logErrors) this.log.warn('record skipped', { connector: this.connector, stage, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}

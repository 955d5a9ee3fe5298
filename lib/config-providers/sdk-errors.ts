/**
 * Turns AWS SDK v3 errors into {@link ConfigValueError}s. SDK messages name resources, never secret
 * values, so they are safe to keep as causes.
 */
import { ConfigValueError, ReferenceFailure } from './errors.js';

interface SdkErrorShape {
  readonly name?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: unknown;
}

/** Describes, per SDK error name, what failed; names absent here are classified by fault. */
export type SdkErrorTable = Readonly<Record<string, { failure: ReferenceFailure; message: string }>>;

/**
 * @param table messages for the service's well-known error names
 * @param subject e.g. `secret "db-credentials"`, used when the name is not in the table
 */
export function toConfigValueError(error: unknown, table: SdkErrorTable, subject: string): Error {
  // Programming errors (TypeError and friends) carry no SDK metadata; keep them as they are.
  if (!(error instanceof Error)) return new Error(String(error));
  const shape = error as SdkErrorShape;
  const known = typeof shape.name === 'string' ? table[shape.name] : undefined;
  if (known !== undefined) return new ConfigValueError(known.failure, known.message, { cause: error });
  const isSdkError = shape.$metadata !== undefined || shape.$fault !== undefined;
  const isNetworkError = 'code' in error && typeof error.code === 'string' && error.code.startsWith('E');
  if (!isSdkError && !isNetworkError) return error;
  const transient = shape.$fault === 'server' || shape.$retryable !== undefined || isNetworkError;
  return transient
    ? new ConfigValueError(ReferenceFailure.UNAVAILABLE, `reading ${subject} failed: ${error.message}`, {
        cause: error,
      })
    : new ConfigValueError(ReferenceFailure.UNUSABLE_VALUE, `reading ${subject} was refused: ${error.message}`, {
        cause: error,
      });
}

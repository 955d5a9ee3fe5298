/**
 * How the sink reads DynamoDB's failures: weather (throttling, 5xx, a dropped socket) is retried and, once
 * the put's budget is spent, becomes a `RetriableError` the framework redelivers; a rejected item
 * (ValidationException: too large, a key of the wrong type) is the record's fault and goes to the DLQ;
 * anything else (a missing table, access denied) is the connector's configuration and fails the task.
 */
import { ConnectError } from 'lambda-connect/api';

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

type SdkError = Error & { code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };

/** True when the same call may succeed later: throttling, 5xx, 429, a network failure. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError && (error as SdkError).code === undefined && error.cause === undefined) return false;
  const details = error as SdkError;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if (typeof details.code === 'string' && NETWORK_CODES.has(details.code)) return true;
  if (details.$retryable !== undefined && details.$retryable !== null) return true;
  const status = details.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  const nested = error instanceof AggregateError ? error.errors : [error.cause];
  return nested.some((inner) => inner !== error && inner !== undefined && isTransient(inner));
}

/** DynamoDB refused the request's content (an item too large, a key attribute of the wrong type, ...). */
export function isRejection(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException';
}

/** A non-retriable error for a failure that is neither weather nor one record's fault. */
export function configurationError(operation: string, table: string, error: unknown): ConnectError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ResourceNotFoundException') {
    return new ConnectError(
      `DynamoDB table ${table} does not exist (${operation}); create it or fix table.name.format`,
      { cause: error },
    );
  }
  return new ConnectError(`DynamoDB ${operation} on table ${table} failed: ${name}: ${message}`, { cause: error });
}

/**
 * Sorts database failures as Connect needs them: an outage (the database, a proxy or the network is
 * unavailable for now) is a `RetriableError`, so the framework delivers the batch again; a record the
 * database refuses (a constraint, a value out of range) is the record's fault, so with `errors.tolerance=all`
 * it goes to the dead letter queue; anything else (bad credentials, a missing privilege) fails the task.
 */
import { ConnectError, RetriableError } from 'lambda-connect/api';

/**
 * SQLSTATE classes that mean "try again later" (PostgreSQL appendix A): 08 connection exception, 53
 * insufficient resources (too many connections), 57 operator intervention (shutdown, cancel), 40
 * transaction rollback (serialization failure, deadlock), 58 system error (I/O).
 */
const RETRIABLE_CLASSES = ['08', '53', '57', '40', '58'];
/** Node socket errors seen when a database or proxy is unreachable or drops us. */
const RETRIABLE_SOCKET_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
];
/** Data exceptions (22) and integrity constraint violations (23): the record cannot be written as it is. */
const RECORD_FAULT_CLASSES = ['22', '23'];

interface ErrorWithCode {
  readonly code?: unknown;
  readonly message?: unknown;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as ErrorWithCode | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether the failure is an outage worth retrying. */
export function isRetriable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) {
    if (RETRIABLE_SOCKET_CODES.includes(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return RETRIABLE_CLASSES.includes(code.slice(0, 2));
  }
  // node-postgres reports a dropped or timed-out connection with plain Errors and no code.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/** Whether the database refused the record itself (the statement would fail again with the same data). */
export function isRecordFault(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && RECORD_FAULT_CLASSES.includes(code.slice(0, 2));
}

/** The database's own words, with its SQLSTATE, for error messages and DLQ headers. */
export function describeDatabaseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const detail = (error as { detail?: unknown } | null)?.detail;
  return `${message}${code === undefined ? '' : ` (SQLSTATE ${code})`}${typeof detail === 'string' ? `: ${detail}` : ''}`;
}

/** Wraps a database failure in the Connect error its kind calls for. */
export function toConnectError(error: unknown, doing: string): ConnectError {
  if (error instanceof ConnectError) return error;
  const text = `${doing} failed: ${describeDatabaseError(error)}`;
  return isRetriable(error) ? new RetriableError(text, { cause: error }) : new ConnectError(text, { cause: error });
}

/**
 * Weather or fault: tells an outage (a broker restarting, DynamoDB or Lambda throttling, a dropped
 * socket) apart from a task's own fault. The worker retries through the first; the scheduler uses the
 * same verdict to restart tasks that failed on weather.
 */
import { ConnectError } from '../api/errors.js';
import { KafkaError, KafkaErrorType } from '../kafka/errors.js';

/** Programming errors: never an outage, never retried. */
const BUGS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError']);

/** AWS SDK error names that mean "try again later" (DynamoDB throttling, Lambda throttling and 5xx). */
const AWS_RETRIABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TooManyRequestsException',
  'ServiceException',
  'ResourceNotReadyException',
  'EC2ThrottledException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Socket-level failures (Node's `code`): the other side is down, restarting or unreachable. */
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

/**
 * True when retrying later may succeed and the failure says nothing about the task's own code: a
 * `ConnectError` marked retriable (Kafka connection, leader and timeout errors; a store throttled or
 * unavailable; a task's `RetriableError`), an AWS SDK throttle or 5xx, or a dropped or refused socket.
 */
export function isRetriableFailure(error: unknown): boolean {
  if (!(error instanceof Error) || BUGS.has(error.name)) return false;
  // Kafka calls a missing topic retriable (it may be in creation), but when the adapter's own short
  // wait for a new topic's leader did not help, it is the connector's configuration, not weather.
  if (error instanceof KafkaError && error.type === KafkaErrorType.UNKNOWN_TOPIC_OR_PARTITION) return false;
  // Our own errors say it themselves; a wrapper such as "Tolerance exceeded" is a verdict, whatever its cause.
  if (error instanceof ConnectError) return error.retriable;
  const details = error as Error & { code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (AWS_RETRIABLE_NAMES.has(error.name)) return true;
  if (typeof details.code === 'string' && NETWORK_CODES.has(details.code)) return true;
  if (details.$retryable !== undefined && details.$retryable !== null) return true;
  const status = details.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  // AggregateError (Node's happy-eyeballs connect) and SDK wrappers keep the socket error as cause.
  const nested = error instanceof AggregateError ? error.errors : [error.cause];
  return nested.some((inner) => inner !== error && inner !== undefined && isRetriableFailure(inner));
}

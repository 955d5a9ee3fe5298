/**
 * Turns kafkajs errors and raw Kafka error codes into the port's `KafkaError`, and the one small retry
 * loop this adapter uses for conditions that clear by themselves (a coordinator still loading, a new
 * topic without a leader yet).
 */
import kafkajsErrors from 'kafkajs/src/protocol/error.js';
import { setTimeout as delay } from 'node:timers/promises';
import { KafkaError, KafkaErrorType } from '../errors.js';

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);
/** Wrappers whose cause says what really happened. */
const WRAPPERS = new Set(['KafkaJSNumberOfRetriesExceeded', 'KafkaJSNonRetriableError']);
/** Programming errors are never Kafka's fault and never retried. */
const BUGS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

/** A `KafkaError` for a protocol error code found in a response. */
export function kafkaErrorFromCode(code: number, context: string): KafkaError {
  const known = kafkajsErrors.createErrorFromCode(code);
  return new KafkaError(`${context}: ${known.message}`, { type: known.type, retriable: known.retriable, code });
}

/** Wraps anything thrown by kafkajs (or by us) as a `KafkaError`; bugs pass through untouched. */
export function toKafkaError(error: unknown, context: string): unknown {
  if (error instanceof KafkaError) return error;
  if (!(error instanceof Error) || BUGS.has(error.name)) return error;
  const cause = (error as Error & { cause?: unknown }).cause;
  if (WRAPPERS.has(error.name) && cause instanceof Error && cause !== error) {
    const inner = toKafkaError(cause, context);
    if (inner instanceof KafkaError) return inner;
  }
  const details = error as Error & { type?: string; code?: number; retriable?: boolean };
  if (CONNECTION_ERRORS.has(error.name)) {
    return new KafkaError(`${context}: ${error.message}`, {
      type: KafkaErrorType.CONNECTION,
      retriable: true,
      cause: error,
    });
  }
  return new KafkaError(`${context}: ${error.message}`, {
    type: details.type ?? KafkaErrorType.UNKNOWN,
    retriable: details.retriable === true,
    ...(typeof details.code === 'number' ? { code: details.code } : {}),
    cause: error,
  });
}

/**
 * Calls `fn` until it succeeds, retrying (with a short growing pause) while `shouldRetry` says so and
 * the deadline has not passed.
 */
export async function retryWhile<T>(
  fn: () => Promise<T>,
  shouldRetry: (error: unknown) => boolean,
  deadlineMs: number,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let pause = 25;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!shouldRetry(error) || Date.now() + pause > deadline) throw error;
      await delay(pause);
      pause = Math.min(pause * 2, 500);
    }
  }
}

/** What a Schema Registry call can fail with: the registry's own answer, or the registry being unreachable. */
import { ConnectError, RetriableError } from 'lambda-connect/api';

/** Confluent's error codes this package tells apart (the registry's `error_code`). */
export const RegistryErrorCode = {
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  INCOMPATIBLE_SCHEMA: 409,
  INVALID_SCHEMA: 42201,
} as const;

/**
 * The registry answered a request with an error (Confluent's `RestClientException`): the message is the
 * registry's, e.g. an incompatible schema's reasons. Not retriable: the same request gets the same answer.
 */
export class RegistryRequestError extends ConnectError {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: number,
  ) {
    super(`${message}; error code: ${errorCode}`, {
      details: { status: String(status), error_code: String(errorCode) },
    });
    this.name = 'RegistryRequestError';
  }
}

/** No registry URL answered (refused, timed out, 5xx, 429): an outage, retried by the framework. */
export class RegistryUnavailableError extends RetriableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

/**
 * Every registry URL failed TLS verification (an unknown CA, a host name the certificate does not name, our
 * certificate refused): not an outage, since the same configuration fails the same way; the record's fault.
 */
export class RegistryTlsError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryTlsError';
  }
}

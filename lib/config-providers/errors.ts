/**
 * Errors raised while resolving `${provider:...}` references in a config map. Messages name the
 * reference and the config key, never the resolved value.
 */
import { ConnectError } from '../api/errors.js';

/** Why a reference could not be resolved; stable strings for callers that branch on it. */
export const ReferenceFailure = {
  /** The secret or parameter does not exist. */
  NOT_FOUND: 'not-found',
  /** The function's role may not read it. */
  ACCESS_DENIED: 'access-denied',
  /** It exists but its value cannot serve the reference (binary secret, not a JSON object, missing key). */
  UNUSABLE_VALUE: 'unusable-value',
  /** The service failed or throttled; a later attempt may succeed. */
  UNAVAILABLE: 'unavailable',
  /** The placeholder itself is malformed (empty secret id or JSON key). */
  INVALID_REFERENCE: 'invalid-reference',
} as const;
export type ReferenceFailure = (typeof ReferenceFailure)[keyof typeof ReferenceFailure];

/**
 * Thrown by a provider's port when the value behind one path cannot be read. Memory ports in tests
 * throw it too, so the resolver behaves the same against both.
 */
export class ConfigValueError extends ConnectError {
  override readonly retriable: boolean;
  readonly failure: ReferenceFailure;
  /** For `invalid-reference`: the malformed placeholder as written. */
  readonly reference: string | undefined;

  constructor(failure: ReferenceFailure, message: string, options?: { cause?: unknown; reference?: string }) {
    super(message, options);
    this.name = 'ConfigValueError';
    this.failure = failure;
    this.reference = options?.reference;
    this.retriable = failure === ReferenceFailure.UNAVAILABLE;
  }
}

/** Thrown by the resolver: one reference in one config key could not be resolved. */
export class ConfigReferenceError extends ConnectError {
  override readonly retriable: boolean;
  readonly failure: ReferenceFailure;
  /** The placeholder as written, e.g. `${secretsmanager:db-credentials:password}`. */
  readonly reference: string;
  /** The config key whose value holds the placeholder. */
  readonly configKey: string;

  constructor(reference: string, configKey: string, cause: ConfigValueError) {
    super(`Could not resolve ${reference} in config key "${configKey}": ${cause.message}`, { cause });
    this.name = 'ConfigReferenceError';
    this.reference = reference;
    this.configKey = configKey;
    this.failure = cause.failure;
    this.retriable = cause.retriable;
  }
}

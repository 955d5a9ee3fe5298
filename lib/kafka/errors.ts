/**
 * The one error type the Kafka port throws. Adapters translate their client's errors into it, so
 * callers see Kafka's own error names and one `retriable` flag whatever the client.
 */
import { ConnectError } from '../api/errors.js';

/** Kafka error names the port's callers may branch on (Kafka's protocol spelling). */
export const KafkaErrorType = {
  UNKNOWN_TOPIC_OR_PARTITION: 'UNKNOWN_TOPIC_OR_PARTITION',
  INVALID_TOPIC_EXCEPTION: 'INVALID_TOPIC_EXCEPTION',
  NON_EMPTY_GROUP: 'NON_EMPTY_GROUP',
  UNKNOWN_MEMBER_ID: 'UNKNOWN_MEMBER_ID',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  /** Not a Kafka error code: the connection failed or timed out. */
  CONNECTION: 'CONNECTION',
  /** Not a Kafka error code: anything without a Kafka error name. */
  UNKNOWN: 'UNKNOWN',
} as const;

export class KafkaError extends ConnectError {
  override readonly retriable: boolean;
  /** Kafka's error name (as the client spells it, e.g. `NOT_LEADER_FOR_PARTITION`), or a type above. */
  readonly type: string;
  /** Kafka's numeric protocol error code, when the broker sent one. */
  readonly code: number | null;

  constructor(message: string, options: { type: string; retriable: boolean; code?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaError';
    this.type = options.type;
    this.retriable = options.retriable;
    this.code = options.code ?? null;
  }
}

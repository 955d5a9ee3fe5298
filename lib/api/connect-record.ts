import type { Headers } from './header.js';
import type { Schema } from './schema.js';

/**
 * The fields every Connect record has, source or sink. Records are immutable: transforms return new
 * records (see `withRecord`). Mirrors Connect's `ConnectRecord`.
 */
export interface ConnectRecord {
  readonly topic: string;
  /** null lets the producer's partitioner choose. */
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  /** Epoch milliseconds, or null. */
  readonly timestamp: number | null;
  readonly headers: Headers;
}

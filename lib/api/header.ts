import type { Schema } from './schema.js';

/** One record header: a key, a Connect value and its (optional) schema. Mirrors Connect's `Header`. */
export interface Header {
  readonly key: string;
  readonly value: unknown;
  readonly schema: Schema | null;
}

/** An ordered header list; keys may repeat, as in Kafka. */
export type Headers = readonly Header[];

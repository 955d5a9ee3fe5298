/**
 * Settings of the kafkajs adapter. Connection settings (`ssl`, `sasl`) pass through to kafkajs
 * unchanged, so every mechanism kafkajs supports (SCRAM, OAUTHBEARER for MSK IAM, ...) works.
 */
import type { KafkaConfig, RetryOptions } from 'kafkajs';

/** How much of kafkajs's own logging reaches stderr. */
export const KafkaLogLevel = {
  NOTHING: 'nothing',
  ERROR: 'error',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
} as const;
export type KafkaLogLevel = (typeof KafkaLogLevel)[keyof typeof KafkaLogLevel];

export interface KafkajsKafkaConfig {
  /** `host:port` of one or more bootstrap brokers. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
  /** Default `warn`: kafkajs's warnings and errors, as JSON lines on stderr. */
  readonly logLevel?: KafkaLogLevel;
  /** TCP (and TLS) connect timeout; default 3000 ms. */
  readonly connectionTimeoutMs?: number;
  /** Per-request timeout; default 30000 ms (a fetch may take its max wait on top). */
  readonly requestTimeoutMs?: number;
  /** How long partition leaders are trusted without asking again; default 60000 ms. */
  readonly metadataMaxAgeMs?: number;
  /** How long one `send` may retry; default 30000 ms. */
  readonly deliveryTimeoutMs?: number;
  /** Largest record batch sent; default 900000 bytes, under the brokers' 1 MiB `message.max.bytes`. */
  readonly maxBatchBytes?: number;
  /** kafkajs's retry policy for connecting; default 2 retries from 100 ms. */
  readonly retry?: RetryOptions;
}

export const DEFAULTS = {
  clientId: 'lambda-connect',
  logLevel: KafkaLogLevel.WARN,
  connectionTimeoutMs: 3000,
  requestTimeoutMs: 30_000,
  metadataMaxAgeMs: 60_000,
  deliveryTimeoutMs: 30_000,
  maxBatchBytes: 900_000,
  retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
} as const;

/** Builds the adapter's config from a Kafka-style comma-separated `bootstrap.servers` string. */
export function kafkaConfigFrom(input: {
  readonly bootstrapServers: string;
  readonly clientId: string;
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
}): KafkajsKafkaConfig {
  const brokers = input.bootstrapServers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (brokers.length === 0) throw new Error(`No bootstrap servers in "${input.bootstrapServers}"`);
  return {
    brokers,
    clientId: input.clientId,
    ...(input.ssl === undefined ? {} : { ssl: input.ssl }),
    ...(input.sasl === undefined ? {} : { sasl: input.sasl }),
  };
}

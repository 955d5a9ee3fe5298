/**
 * The producer settings a task's batches follow, as Connect resolves them: the connector's
 * `producer.override.*` first, then the worker's `producer.*`, then Kafka's default.
 */
import { ConfigError } from '../api/errors.js';
import { COMPRESSION_TYPES, type SendOptions } from '../kafka/kafka-port.js';

const COMPRESSION = 'compression.type';

export function producerSendOptions(
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
): SendOptions {
  const key =
    connector[`producer.override.${COMPRESSION}`] !== undefined
      ? `producer.override.${COMPRESSION}`
      : `producer.${COMPRESSION}`;
  const value = (connector[key] ?? worker[`producer.${COMPRESSION}`] ?? 'none').trim().toLowerCase();
  const compression = COMPRESSION_TYPES.find((type) => type === value);
  if (compression === undefined)
    throw ConfigError.invalidValue(key, value, `String must be one of: ${COMPRESSION_TYPES.join(', ')}`);
  return { compression };
}

/**
 * Routes kafkajs's logs into the product's log stream: one JSON object per line on stderr, at or
 * above the configured level, instead of kafkajs's default console output.
 */
import type { logCreator } from 'kafkajs';
import { KafkaLogLevel } from './config.js';

/** kafkajs's numeric levels. */
export const KAFKAJS_LEVELS: Readonly<Record<KafkaLogLevel, number>> = {
  [KafkaLogLevel.NOTHING]: 0,
  [KafkaLogLevel.ERROR]: 1,
  [KafkaLogLevel.WARN]: 2,
  [KafkaLogLevel.INFO]: 4,
  [KafkaLogLevel.DEBUG]: 5,
};

export function jsonLogCreator(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): logCreator {
  return () =>
    ({ namespace, label, log }) => {
      const { message, timestamp, logger: _logger, ...extra } = log;
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(extra)) fields[key] = value instanceof Error ? value.message : value;
      write(JSON.stringify({ level: label, logger: 'kafkajs', namespace, message, ...fields, timestamp }));
    };
}

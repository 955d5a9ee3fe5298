/**
 * Generated primitives of logical types become Connect's logical values, as AvroData converts them:
 * timestamp-millis and time-millis are milliseconds, date is days since the epoch, all as JS `Date`s.
 */
import type { AvroNode } from '../avro/avro-schema.js';

const MILLIS_PER_DAY = 86_400_000;

/** The Connect value of a generated int or long for `node`. */
export function logicalValue(node: AvroNode, value: number | bigint): unknown {
  if (node.kind !== 'int' && node.kind !== 'long') return value;
  switch (node.logicalType?.name) {
    case 'timestamp-millis':
    case 'time-millis':
      return new Date(Number(value));
    case 'date':
      return new Date(Number(value) * MILLIS_PER_DAY);
    default:
      return value;
  }
}

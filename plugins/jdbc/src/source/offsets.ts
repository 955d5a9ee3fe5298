/**
 * Source partitions and offsets shaped as Confluent's (offset protocol 1), so the offsets REST API shows
 * and accepts the same JSON:
 * - a table: `{"protocol":"1","table":"db.schema.table"}`; a custom query: `{"query":"query"}`;
 * - `{"incrementing": n}`, `{"timestamp": ms, "timestamp_nanos": ns}` or all three keys.
 */
import { ConnectError, type SourceOffset, type SourcePartition } from 'lambda-connect/api';
import { fullyQualifiedName, type TableId } from './table-id.js';
import { microsToOffset, offsetToMicros } from './temporal.js';

export const PartitionKeys = { TABLE: 'table', PROTOCOL: 'protocol', QUERY: 'query' } as const;
export const OffsetKeys = {
  INCREMENTING: 'incrementing',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_NANOS: 'timestamp_nanos',
} as const;
export const PROTOCOL_VERSION_ONE = '1';
export const QUERY_PARTITION: SourcePartition = Object.freeze({ [PartitionKeys.QUERY]: 'query' });

export function tablePartition(id: TableId): SourcePartition {
  return Object.freeze({
    [PartitionKeys.PROTOCOL]: PROTOCOL_VERSION_ONE,
    [PartitionKeys.TABLE]: fullyQualifiedName(id),
  });
}

/** Confluent's protocol-0 partition (`{"table": "name"}`), read when no protocol-1 offset exists. */
export function legacyTablePartition(id: TableId): SourcePartition {
  return Object.freeze({ [PartitionKeys.TABLE]: id.table });
}

/** Where a table's reading stands: the last incrementing id and/or timestamp (microseconds) read. */
export interface TablePosition {
  readonly incrementing: number | null;
  readonly timestampMicros: bigint | null;
}

export function positionToOffset(position: TablePosition): SourceOffset {
  const offset: Record<string, number> = {};
  if (position.incrementing !== null) offset[OffsetKeys.INCREMENTING] = position.incrementing;
  if (position.timestampMicros !== null) Object.assign(offset, microsToOffset(position.timestampMicros));
  return offset;
}

/** Reads a stored offset; null when there is none. Throws `ConnectError` on a malformed one. */
export function offsetToPosition(offset: SourceOffset | null): TablePosition | null {
  if (offset === null) return null;
  checkOffset(offset);
  const incrementing = offset[OffsetKeys.INCREMENTING];
  const timestamp = offset[OffsetKeys.TIMESTAMP];
  const nanos = offset[OffsetKeys.TIMESTAMP_NANOS];
  return {
    incrementing: typeof incrementing === 'number' ? incrementing : null,
    timestampMicros:
      typeof timestamp === 'number' ? offsetToMicros(timestamp, typeof nanos === 'number' ? nanos : null) : null,
  };
}

function isLong(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The checks offsets written through the REST API get, with messages naming the key to fix. */
export function checkOffset(offset: SourceOffset): void {
  for (const key of Object.keys(offset)) {
    if (!Object.values(OffsetKeys).includes(key as (typeof OffsetKeys)[keyof typeof OffsetKeys])) {
      throw new ConnectError(
        `Unknown key '${key}' in a JDBC source offset; expected ${Object.values(OffsetKeys).join(', ')}`,
      );
    }
    const value = offset[key];
    if (value !== null && !isLong(value))
      throw new ConnectError(`The value for the '${key}' key in the offset is expected to be a Long value`);
  }
  const nanos = offset[OffsetKeys.TIMESTAMP_NANOS];
  if (isLong(nanos) && (nanos < 0 || nanos > 999_999_999)) {
    throw new ConnectError(
      `The value for the '${OffsetKeys.TIMESTAMP_NANOS}' key in the offset must be between 0 and 999999999`,
    );
  }
  if (nanos !== undefined && nanos !== null && !isLong(offset[OffsetKeys.TIMESTAMP])) {
    throw new ConnectError(`An offset with '${OffsetKeys.TIMESTAMP_NANOS}' must also have '${OffsetKeys.TIMESTAMP}'`);
  }
}

/** Partitions written through the REST API name a table (`table`) or the custom query (`query`). */
export function checkPartition(partition: SourcePartition | null): void {
  if (partition === null || partition === undefined) throw new ConnectError('Partition objects cannot be null');
  const table = partition[PartitionKeys.TABLE];
  const query = partition[PartitionKeys.QUERY];
  if (typeof table !== 'string' && typeof query !== 'string') {
    throw new ConnectError(
      `Partition objects should contain the key '${PartitionKeys.TABLE}' (with '${PartitionKeys.PROTOCOL}': '1') or '${PartitionKeys.QUERY}'`,
    );
  }
}

/**
 * The columns offsets are read from: the incrementing column (named, or the serial/identity column found
 * as Confluent finds the auto-increment one) and the timestamp columns, checked as Confluent checks them.
 */
import { ConnectError } from 'lambda-connect/api';
import { Mode } from './jdbc-source-config-def.js';
import type { JdbcSourceSettings } from './jdbc-source-config.js';
import { parseDateDays, parseTimestampMicros } from './temporal.js';
import type { ColumnDefinition } from './type-mapping.js';

type Row = ReadonlyArray<string | null>;

export interface OffsetColumns {
  readonly incrementing: ColumnDefinition | null;
  readonly timestamps: readonly ColumnDefinition[];
  /** The row's incrementing value (a safe integer). */
  incrementingOf(row: Row): number;
  /** The first non-null timestamp column (COALESCE), in microseconds since the epoch. */
  timestampOf(row: Row): bigint;
}

const INTEGRAL = new Set(['int2', 'int4', 'int8', 'oid', 'numeric']);
const TEMPORAL = new Set(['timestamp', 'timestamptz', 'date']);
const MICROS_PER_DAY = 86_400_000_000n;

export function resolveOffsetColumns(
  settings: JdbcSourceSettings,
  table: string,
  columns: readonly ColumnDefinition[],
  isTable: boolean,
): OffsetColumns {
  const usesIncrementing = settings.mode === Mode.INCREMENTING || settings.mode === Mode.TIMESTAMP_INCREMENTING;
  const usesTimestamp = settings.mode === Mode.TIMESTAMP || settings.mode === Mode.TIMESTAMP_INCREMENTING;
  const index = (name: string): number => columns.findIndex((c) => c.name === name);
  const incrementing = usesIncrementing ? incrementingColumn(settings, table, columns) : null;
  const timestamps = usesTimestamp
    ? settings.timestampColumns.map((name) => timestampColumn(columns, index(name), name, table))
    : [];
  if (settings.validateNonNull && isTable) checkNonNull(table, incrementing, timestamps);
  const incIndex = incrementing === null ? -1 : index(incrementing.name);
  const tsIndexes = timestamps.map((c) => index(c.name));
  return {
    incrementing,
    timestamps,
    incrementingOf(row) {
      const text = row[incIndex];
      if (text === null || text === undefined)
        throw new ConnectError(`Null value for incrementing column ${incrementing?.name ?? ''} of ${table}`);
      const value = Number(text);
      if (!Number.isSafeInteger(value))
        throw new ConnectError(
          `Incrementing column ${incrementing?.name ?? ''} of ${table} has value ${text}, which is not an integer this connector can keep as an offset (at most 2^53-1)`,
        );
      return value;
    },
    timestampOf(row) {
      for (let i = 0; i < tsIndexes.length; i++) {
        const text = row[tsIndexes[i]!];
        if (text === null || text === undefined) continue;
        const column = timestamps[i]!;
        return column.typeName === 'date'
          ? BigInt(parseDateDays(text)) * MICROS_PER_DAY
          : parseTimestampMicros(text, settings.dbTimeZone);
      }
      throw new ConnectError(
        `All timestamp columns (${settings.timestampColumns.join(', ')}) of a row of ${table} are null`,
      );
    },
  };
}

function incrementingColumn(
  settings: JdbcSourceSettings,
  table: string,
  columns: readonly ColumnDefinition[],
): ColumnDefinition {
  const named = settings.incrementingColumn;
  const column = named === '' ? columns.find((c) => c.autoIncrement) : columns.find((c) => c.name === named);
  if (column === undefined) {
    throw new ConnectError(
      named === ''
        ? `Cannot find an auto-incrementing (serial or identity) column in ${table}; set incrementing.column.name`
        : `Incrementing column ${named} not found in ${table} (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  }
  if (!INTEGRAL.has(column.typeName))
    throw new ConnectError(`Invalid type for incrementing column ${column.name} of ${table}: ${column.typeName}`);
  return column;
}

function timestampColumn(
  columns: readonly ColumnDefinition[],
  index: number,
  name: string,
  table: string,
): ColumnDefinition {
  const column = columns[index];
  if (column === undefined)
    throw new ConnectError(
      `Timestamp column ${name} not found in ${table} (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  if (!TEMPORAL.has(column.typeName))
    throw new ConnectError(`Invalid type for timestamp column ${name} of ${table}: ${column.typeName}`);
  return column;
}

/** Confluent's validate.non.null: nullable offset columns would let rows slip past the offset. */
function checkNonNull(
  table: string,
  incrementing: ColumnDefinition | null,
  timestamps: readonly ColumnDefinition[],
): void {
  if (incrementing !== null && incrementing.optional) {
    throw new ConnectError(
      `Cannot make incremental queries using incrementing column ${incrementing.name} on ${table} because this column is nullable.`,
    );
  }
  if (timestamps.length > 0 && timestamps.every((c) => c.optional)) {
    throw new ConnectError(
      `Cannot make incremental queries using timestamp columns [${timestamps.map((c) => c.name).join(', ')}] on ${table} because all of these columns are nullable.`,
    );
  }
}

/**
 * The SQL the sink sends, one statement per chunk of rows (PostgreSQL's multi-row VALUES instead of JDBC
 * batches: one round trip per chunk). Upserts use `INSERT ... ON CONFLICT (key) DO UPDATE`, so delivering
 * the same records again leaves the table as it was: redelivery is idempotent.
 */
import { quoteIdentifier, quoteTable, type TableId } from '../common/identifiers.js';

/** PostgreSQL's limit on bind parameters in one statement. */
export const MAX_PARAMETERS = 65_535;

export interface StatementShape {
  readonly table: TableId;
  /** Column names, key columns first. */
  readonly keyColumns: readonly string[];
  readonly nonKeyColumns: readonly string[];
  /**
   * The columns' types, key columns first, when every column is a scalar: inserts and upserts then send
   * one array per column (`unnest`), a statement of constant size whatever the row count, which PostgreSQL
   * parses and binds about twice as fast as thousands of `VALUES` parameters. Absent: `VALUES`.
   */
  readonly columnTypes?: readonly string[];
}

function placeholders(rows: number, width: number): string {
  const groups: string[] = [];
  let n = 1;
  for (let row = 0; row < rows; row++) {
    const group: string[] = [];
    for (let column = 0; column < width; column++) group.push(`$${n++}`);
    groups.push(`(${group.join(',')})`);
  }
  return groups.join(',');
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(',');
}

/**
 * `INSERT INTO t (k..., c...) VALUES (...),(...)`, or with column types
 * `INSERT INTO t (k..., c...) SELECT * FROM unnest($1::type[], ...)` (parameters: one array per column).
 */
export function insertSql(shape: StatementShape, rows: number): string {
  const columns = [...shape.keyColumns, ...shape.nonKeyColumns];
  const head = `INSERT INTO ${quoteTable(shape.table)} (${columnList(columns)})`;
  if (shape.columnTypes !== undefined)
    return `${head} SELECT * FROM unnest(${shape.columnTypes.map((type, i) => `$${i + 1}::${type}[]`).join(',')})`;
  return `${head} VALUES ${placeholders(rows, columns.length)}`;
}

/** The insert plus `ON CONFLICT (k...) DO UPDATE SET c = EXCLUDED.c` (or `DO NOTHING` when every column is a key). */
export function upsertSql(shape: StatementShape, rows: number): string {
  const action =
    shape.nonKeyColumns.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${shape.nonKeyColumns.map((column) => `${quoteIdentifier(column)}=EXCLUDED.${quoteIdentifier(column)}`).join(',')}`;
  return `${insertSql(shape, rows)} ON CONFLICT (${columnList(shape.keyColumns)}) ${action}`;
}

/** `UPDATE t SET c = $1, ... WHERE k = $n AND ...` for one row; parameters are the non-key values, then the key's. */
export function updateSql(shape: StatementShape): string {
  let n = 1;
  const set = shape.nonKeyColumns.map((column) => `${quoteIdentifier(column)}=$${n++}`).join(',');
  const where = shape.keyColumns.map((column) => `${quoteIdentifier(column)}=$${n++}`).join(' AND ');
  return `UPDATE ${quoteTable(shape.table)} SET ${set} WHERE ${where}`;
}

/** `DELETE FROM t WHERE (k...) IN ((...),(...))`. */
export function deleteSql(shape: StatementShape, rows: number): string {
  const width = shape.keyColumns.length;
  const target = width === 1 ? quoteIdentifier(shape.keyColumns[0]!) : `(${columnList(shape.keyColumns)})`;
  const list = width === 1 ? placeholders(rows, 1).replace(/[()]/g, '') : placeholders(rows, width);
  return `DELETE FROM ${quoteTable(shape.table)} WHERE ${target} IN (${list})`;
}

/** How many rows of `width` columns fit in one statement of at most `batchSize` rows. */
export function rowsPerStatement(batchSize: number, width: number, arrays = false): number {
  if (arrays) return Math.max(1, batchSize);
  return Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMETERS / Math.max(1, width))));
}

/** Parameters for `rows` (each key values then non-key values): flat for `VALUES`, one array per column for `unnest`. */
export function rowParameters<T>(rows: ReadonlyArray<readonly T[]>, arrays: boolean): Array<T | T[]> {
  if (!arrays) return rows.flat() as T[];
  const width = rows[0]?.length ?? 0;
  const columns: T[][] = Array.from({ length: width }, () => new Array<T>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) columns[c]![r] = row[c]!;
  }
  return columns;
}

/**
 * The destination tables as the task knows them (Confluent's `DbStructure`): their columns, read from
 * `information_schema` once and cached; missing tables created (`auto.create`) and missing columns added
 * (`auto.evolve`) before any row is written. DDL runs in its own short transactions, outside the put's
 * transaction, so a rolled-back batch never leaves this cache describing a table that does not exist.
 */
import { ConnectError } from 'lambda-connect/api';
import type pg from 'pg';
import { quoteIdentifier, quoteTable, tableName, type TableId } from '../common/identifiers.js';
import type { FieldsMetadata, SinkField } from './fields-metadata.js';
import { defaultLiteral, sqlTypeFor } from './sql-types.js';

/** A column: its exact name and its type without modifiers (`character varying`, not `(10)`). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly isArray: boolean;
}

/** The columns of one table, by exact name. */
export interface TableDefinition {
  readonly id: TableId;
  readonly columns: ReadonlyMap<string, ColumnInfo>;
}

export interface DdlOptions {
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly timeZone: string;
}

const DUPLICATE_TABLE = '42P07';
const UNIQUE_VIOLATION = '23505';

export class TableStructure {
  private readonly tables = new Map<string, TableDefinition>();

  constructor(private readonly options: DdlOptions) {}

  /**
   * Makes sure `id` exists with a column for every field, and returns the column name each field writes
   * (a field matches a column of another case when no exact match exists: PostgreSQL folds unquoted names).
   */
  async prepare(client: pg.ClientBase, id: TableId, fields: FieldsMetadata): Promise<Map<string, ColumnInfo>> {
    let table = this.tables.get(cacheKey(id)) ?? (await this.describe(client, id));
    if (table === undefined) {
      if (!this.options.autoCreate)
        throw new ConnectError(`Table ${quoteTable(id)} is missing and auto-creation is disabled`);
      await this.create(client, id, fields);
      table = await this.mustDescribe(client, id);
    }
    let missing = fields.allFields.filter((field) => columnFor(table!, field.name) === undefined);
    if (missing.length > 0) {
      // Another task may have evolved the table since we cached it.
      table = await this.mustDescribe(client, id);
      missing = fields.allFields.filter((field) => columnFor(table!, field.name) === undefined);
    }
    if (missing.length > 0) {
      await this.evolve(client, id, missing);
      table = await this.mustDescribe(client, id);
    }
    const columns = new Map<string, ColumnInfo>();
    for (const field of fields.allFields) columns.set(field.name, columnFor(table, field.name)!);
    return columns;
  }

  /** Forgets a table, e.g. after a statement said it changed underneath us. */
  forget(id: TableId): void {
    this.tables.delete(cacheKey(id));
  }

  private async create(client: pg.ClientBase, id: TableId, fields: FieldsMetadata): Promise<void> {
    const columns = fields.allFields.map((field) => this.columnDefinition(field));
    const keys = fields.keyFields.map((field) => quoteIdentifier(field.name));
    if (keys.length > 0) columns.push(`PRIMARY KEY(${keys.join(',')})`);
    try {
      await client.query(`CREATE TABLE ${quoteTable(id)} (\n${columns.join(',\n')})`);
    } catch (error) {
      // A concurrent task created it first (42P07, or 23505 on the catalog when both race): use theirs.
      const code = (error as { code?: unknown }).code;
      if (code !== DUPLICATE_TABLE && code !== UNIQUE_VIOLATION) throw error;
    }
  }

  private async evolve(client: pg.ClientBase, id: TableId, missing: readonly SinkField[]): Promise<void> {
    if (!this.options.autoEvolve) {
      throw new ConnectError(
        `Table ${quoteTable(id)} is missing fields (${missing.map((field) => field.name).join(', ')}) and auto-evolution is disabled`,
      );
    }
    for (const field of missing) {
      if (field.primaryKey)
        throw new ConnectError(
          `Cannot ALTER TABLE ${quoteTable(id)} to add missing field ${field.name}: it is part of the primary key`,
        );
      if (!field.schema.optional && defaultLiteral(field.schema, this.options.timeZone) === undefined) {
        throw new ConnectError(
          `Cannot ALTER TABLE ${quoteTable(id)} to add missing field ${field.name}, as the field is not optional and does not have a default value`,
        );
      }
    }
    const additions = missing.map((field) => `ADD COLUMN IF NOT EXISTS ${this.columnDefinition(field)}`);
    await client.query(`ALTER TABLE ${quoteTable(id)} ${additions.join(', ')}`);
  }

  private columnDefinition(field: SinkField): string {
    const literal = defaultLiteral(field.schema, this.options.timeZone);
    const nullability = field.schema.optional && !field.primaryKey ? 'NULL' : 'NOT NULL';
    return `${quoteIdentifier(field.name)} ${sqlTypeFor(field.schema)}${literal === undefined ? '' : ` DEFAULT ${literal}`} ${nullability}`;
  }

  private async mustDescribe(client: pg.ClientBase, id: TableId): Promise<TableDefinition> {
    const table = await this.describe(client, id);
    if (table === undefined)
      throw new ConnectError(
        `Table ${tableName(id)} cannot be found after creating it: check currentSchema in connection.url and the user's search_path`,
      );
    return table;
  }

  private async describe(client: pg.ClientBase, id: TableId): Promise<TableDefinition | undefined> {
    // The type without its modifier: a statement casting to varchar(10) would truncate silently, while
    // assigning to the column checks the length as an INSERT of the value itself would.
    const result = await client.query<{ column_name: string; type: string; is_array: boolean }>(
      `SELECT a.attname AS column_name, format_type(a.atttypid, NULL) AS type, t.typcategory = 'A' AS is_array
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [quoteTable(id)],
    );
    const exists =
      result.rows.length > 0 ||
      (await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [quoteTable(id)])).rows[0]?.found === true;
    if (!exists) {
      this.tables.delete(cacheKey(id));
      return undefined;
    }
    const columns = new Map(
      result.rows.map((row) => [row.column_name, { name: row.column_name, type: row.type, isArray: row.is_array }]),
    );
    const table = { id, columns };
    this.tables.set(cacheKey(id), table);
    return table;
  }
}

function columnFor(table: TableDefinition, field: string): ColumnInfo | undefined {
  const exact = table.columns.get(field);
  if (exact !== undefined) return exact;
  const lower = field.toLowerCase();
  const matches = [...table.columns.values()].filter((column) => column.name.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

function cacheKey(id: TableId): string {
  return JSON.stringify([id.schema, id.table]);
}

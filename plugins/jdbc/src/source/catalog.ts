/**
 * What the PostgreSQL catalog says: the tables a connector may read (Confluent's TableMonitorThread
 * filters) and the columns of a table or a custom query (Confluent reads JDBC metadata).
 */
import type { ClientBase, FieldDef } from 'pg';
import type { JdbcSourceSettings } from './jdbc-source-config.js';
import { bulkStatement, type QuerySource } from './criteria.js';
import { matchesTableEntry, quotedTableId, type TableId } from './table-id.js';
import type { ColumnDefinition } from './type-mapping.js';

/** `table.types` to `pg_class.relkind`. */
const RELKINDS: Readonly<Record<string, string>> = {
  TABLE: 'r',
  VIEW: 'v',
  'MATERIALIZED VIEW': 'm',
  'FOREIGN TABLE': 'f',
  'PARTITIONED TABLE': 'p',
};

type Settings = Pick<JdbcSourceSettings, 'schemaPattern' | 'tableTypes' | 'include' | 'exclude'>;

/** Every table the settings select, in a stable order (schema, then name). */
export async function listTables(client: ClientBase, settings: Settings): Promise<TableId[]> {
  const kinds = settings.tableTypes.map((t) => RELKINDS[t]).filter((k): k is string => k !== undefined);
  const result = await client.query<{ catalog: string; schema: string; table: string }>({
    text: `SELECT current_database() AS catalog, n.nspname AS schema, c.relname AS table
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = ANY($1::"char"[])
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
              AND ($2::text IS NULL OR n.nspname LIKE $2::text)
              AND has_table_privilege(c.oid, 'SELECT')
            ORDER BY n.nspname, c.relname`,
    values: [kinds, settings.schemaPattern],
  });
  const ids: TableId[] = result.rows.map((r) => ({ catalog: r.catalog, schema: r.schema, table: r.table }));
  if (settings.include.length > 0) return ids.filter((id) => settings.include.some((e) => matchesTableEntry(id, e)));
  return ids.filter((id) => !settings.exclude.some((e) => matchesTableEntry(id, e)));
}

interface ColumnRow {
  name: string;
  type_name: string;
  type_kind: string;
  typmod: number;
  not_null: boolean;
  auto_increment: boolean;
  element_type_name: string | null;
}

/** The table's columns in order; an empty list when the table does not exist (any more). */
export async function describeTable(client: ClientBase, id: TableId): Promise<ColumnDefinition[]> {
  const result = await client.query<ColumnRow>({
    text: `SELECT a.attname AS name, bt.typname AS type_name, bt.typtype AS type_kind,
                  CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
                  (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)) AS not_null,
                  (a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) AS auto_increment,
                  et.typname AS element_type_name
             FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
             JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             LEFT JOIN pg_catalog.pg_type et ON bt.typcategory = 'A' AND et.oid = bt.typelem
             LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum`,
    values: [sqlName(id)],
  });
  return result.rows.map((r) => ({
    name: r.name,
    typeName: r.type_name,
    typeKind: r.type_kind,
    typmod: r.typmod,
    optional: !r.not_null,
    autoIncrement: r.auto_increment,
    elementTypeName: r.element_type_name,
  }));
}

function sqlName(id: TableId): string {
  return quotedTableId({ catalog: null, schema: id.schema, table: id.table });
}

/**
 * The result columns of a custom query, from a run that returns no rows. Every column is optional: a
 * query's result says nothing about nullability (JDBC reports "unknown" and Confluent makes them optional).
 */
export async function describeQuery(
  client: ClientBase,
  source: QuerySource & { kind: 'query' },
): Promise<ColumnDefinition[]> {
  const probe = bulkStatement(source, true, '');
  const result = await client.query({ text: `${probe.text} LIMIT 0`, values: [] });
  const fields: FieldDef[] = result.fields;
  const oids = [...new Set(fields.map((f) => f.dataTypeID))];
  const types = await client.query<{
    oid: number;
    type_name: string;
    type_kind: string;
    element_type_name: string | null;
  }>({
    text: `SELECT t.oid::int AS oid, bt.typname AS type_name, bt.typtype AS type_kind, et.typname AS element_type_name
             FROM pg_catalog.pg_type t
             JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             LEFT JOIN pg_catalog.pg_type et ON bt.typcategory = 'A' AND et.oid = bt.typelem
            WHERE t.oid = ANY($1::oid[])`,
    values: [oids],
  });
  const byOid = new Map(types.rows.map((t) => [t.oid, t]));
  return fields.map((f) => ({
    name: f.name,
    typeName: byOid.get(f.dataTypeID)?.type_name ?? 'unknown',
    typeKind: byOid.get(f.dataTypeID)?.type_kind ?? 'b',
    typmod: f.dataTypeModifier,
    optional: true,
    autoIncrement: false,
    elementTypeName: byOid.get(f.dataTypeID)?.element_type_name ?? null,
  }));
}

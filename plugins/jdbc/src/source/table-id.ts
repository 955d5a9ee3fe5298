/**
 * A table's identity as Confluent's `TableId` spells it: catalog (the database), schema and table. Task
 * configs carry tables as a comma-separated list of quoted ids (`"db"."public"."orders"`), so names with
 * commas, dots or quotes survive the round trip.
 */
import { ConfigError } from 'lambda-connect/api';
import { quoteIdentifier } from '../common/index.js';

export interface TableId {
  readonly catalog: string | null;
  readonly schema: string | null;
  readonly table: string;
}

/** `"db"."schema"."table"`, leaving out the parts that are null. */
export function quotedTableId(id: TableId): string {
  return parts(id).map(quoteIdentifier).join('.');
}

/** `schema."table"` for SQL: the catalog is the connection's database and PostgreSQL refuses other ones in a name. */
export function sqlTableName(id: TableId): string {
  return [id.schema, id.table]
    .filter((p): p is string => p !== null)
    .map(quoteIdentifier)
    .join('.');
}

/** `db.schema.table` unquoted: the `table` key of Confluent's protocol-1 source partition. */
export function fullyQualifiedName(id: TableId): string {
  return parts(id).join('.');
}

function parts(id: TableId): string[] {
  return [id.catalog, id.schema, id.table].filter((p): p is string => p !== null);
}

/** Parses the task config's list of quoted table ids; unquoted parts are accepted too. */
export function parseTableIdList(text: string): TableId[] {
  const ids: TableId[] = [];
  let names: string[] = [];
  let i = 0;
  if (text.trim() === '') return ids;
  while (i <= text.length) {
    const [name, next] = readIdentifier(text, i);
    names.push(name);
    const c = text[next];
    if (c === '.') {
      i = next + 1;
      continue;
    }
    ids.push(toTableId(names, text));
    names = [];
    if (c === undefined) break;
    if (c !== ',') throw new ConfigError(`Invalid table list "${text}": unexpected "${c}" at ${next}`);
    i = next + 1;
  }
  return ids;
}

function readIdentifier(text: string, start: number): [string, number] {
  let i = start;
  while (text[i] === ' ') i++;
  if (text[i] !== '"') {
    let end = i;
    while (end < text.length && text[end] !== '.' && text[end] !== ',') end++;
    return [text.slice(i, end).trim(), end];
  }
  let name = '';
  i++;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] !== '"') break;
      name += '"';
      i += 2;
    } else {
      name += text[i];
      i++;
    }
  }
  if (i >= text.length) throw new ConfigError(`Invalid table list "${text}": unterminated quoted name`);
  i++;
  while (text[i] === ' ') i++;
  return [name, i];
}

function toTableId(names: string[], text: string): TableId {
  const [a, b, c] = names;
  if (names.length === 3 && a !== undefined && b !== undefined && c !== undefined)
    return { catalog: a, schema: b, table: c };
  if (names.length === 2 && a !== undefined && b !== undefined) return { catalog: null, schema: a, table: b };
  if (names.length === 1 && a !== undefined && a !== '') return { catalog: null, schema: null, table: a };
  throw new ConfigError(`Invalid table list "${text}": expected table, schema.table or catalog.schema.table`);
}

/**
 * Whether a `table.whitelist`/`table.blacklist` entry names this table: Confluent matches an entry
 * against the table's fully qualified name and, for unqualified entries, its bare name.
 */
export function matchesTableEntry(id: TableId, entry: string): boolean {
  const wanted = entry.trim();
  if (wanted === id.table || wanted === fullyQualifiedName(id)) return true;
  return id.schema !== null && wanted === `${id.schema}.${id.table}`;
}

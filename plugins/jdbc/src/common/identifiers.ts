/**
 * Table and column names as SQL text. Like Confluent's `quote.sql.identifiers=always` (the default), every
 * identifier is quoted, so names keep their case and may hold any character.
 */

/** `"name"`, with embedded quotes doubled. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error(`An identifier cannot contain a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table named `table`, `schema.table` or `database.schema.table` (the database part must be ours and is dropped). */
export interface TableId {
  readonly schema: string | undefined;
  readonly table: string;
}

/** Splits on dots outside double quotes, as Confluent's `TableId` parsing does; quotes are removed. */
export function parseTableId(text: string): TableId {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  if (quoted || parts.some((part) => part === '') || parts.length > 3) throw new Error(`Invalid table name: ${text}`);
  const table = parts[parts.length - 1]!;
  return { schema: parts.length >= 2 ? parts[parts.length - 2] : undefined, table };
}

/** `"schema"."table"` or `"table"`. */
export function quoteTable(id: TableId): string {
  return id.schema === undefined
    ? quoteIdentifier(id.table)
    : `${quoteIdentifier(id.schema)}.${quoteIdentifier(id.table)}`;
}

/** For messages: schema.table as the user wrote it. */
export function tableName(id: TableId): string {
  return id.schema === undefined ? id.table : `${id.schema}.${id.table}`;
}

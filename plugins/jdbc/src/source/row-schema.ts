/**
 * A table's (or query's) columns as one Connect struct schema, and the reading of one row into a Struct.
 * Columns of unsupported types are left out, as Confluent leaves them out (with a warning).
 */
import { SchemaBuilder, Struct, type Schema } from 'lambda-connect/api';
import type { NumericMapping } from './jdbc-source-config-def.js';
import { mapColumn, type ColumnDefinition, type ColumnMapping } from './type-mapping.js';

export interface RowSchema {
  readonly schema: Schema;
  /** For each result column (by position), its mapping, or null when left out. */
  readonly mappings: ReadonlyArray<ColumnMapping | null>;
  /** Columns left out: `name (type)`. */
  readonly skipped: readonly string[];
}

/** Builds the struct schema, named after the table as Confluent names it (unnamed for a query). */
export function buildRowSchema(
  columns: readonly ColumnDefinition[],
  schemaName: string | null,
  numericMapping: NumericMapping,
  zone: string,
): RowSchema {
  const builder = SchemaBuilder.struct();
  if (schemaName !== null) builder.name(schemaName);
  const skipped: string[] = [];
  const mappings = columns.map((column) => {
    const mapping = mapColumn(column, numericMapping, zone);
    if (mapping === null) skipped.push(`${column.name} (${column.typeName})`);
    else builder.field(column.name, mapping.schema);
    return mapping;
  });
  return { schema: builder.build(), mappings, skipped };
}

/** One row (pg's array row mode, every value as PostgreSQL's text) as a Struct. */
export function readRow(rowSchema: RowSchema, row: ReadonlyArray<string | null>): Struct {
  const struct = new Struct(rowSchema.schema);
  const { mappings } = rowSchema;
  for (let i = 0; i < mappings.length; i++) {
    const mapping = mappings[i];
    if (mapping === null || mapping === undefined) continue;
    const text = row[i];
    struct.put(mapping.column.name, text === null || text === undefined ? null : mapping.read(text));
  }
  return struct;
}

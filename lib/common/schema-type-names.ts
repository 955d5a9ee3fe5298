/** Connect's Java enum names for schema types (`INT32`, `FLOAT64`, …), as its error messages print them. */
import { SchemaType } from '../api/index.js';

const JAVA_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(SchemaType).map(([javaName, type]) => [type, javaName]),
);

export function javaTypeName(type: SchemaType): string {
  return JAVA_NAMES.get(type) ?? String(type).toUpperCase();
}

/** Connect's `ConnectSchema.toString()`: `Schema{INT32}` or `Schema{name:INT64}`. */
export function describeSchema(schema: { readonly type: SchemaType; readonly name?: string | undefined }): string {
  return schema.name === undefined
    ? `Schema{${javaTypeName(schema.type)}}`
    : `Schema{${schema.name}:${javaTypeName(schema.type)}}`;
}

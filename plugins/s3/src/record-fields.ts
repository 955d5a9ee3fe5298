/** Reading (dotted, nested) fields of a record value, Struct or schemaless map, as Confluent's `DataUtils`. */
import { DataError, Struct, fieldOf, type Schema } from 'lambda-connect/api';

/** A field's value and, for Struct values, its schema. */
export interface FieldValue {
  readonly value: unknown;
  readonly schema: Schema | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date) &&
    !(value instanceof Struct)
  );
}

/** The value at `path` (`a.b.c`); throws `DataError` when a step is missing or not a struct or map. */
export function nestedField(value: unknown, path: string): FieldValue {
  let current: unknown = value;
  let schema: Schema | null = null;
  for (const name of path.split('.')) {
    if (current instanceof Struct) {
      const field = fieldOf(current.schema, name);
      if (field === undefined) throw new DataError(`Field '${path}' is not present in the schema.`);
      schema = field.schema;
      current = current.get(name);
    } else if (current instanceof Map) {
      current = current.get(name);
      schema = null;
    } else if (isPlainObject(current)) {
      if (!(name in current)) throw new DataError(`Field '${path}' is not present in the value.`);
      current = current[name];
      schema = null;
    } else {
      throw new DataError(`Field '${path}' cannot be read: the value is not a struct or map.`);
    }
  }
  return { value: current, schema };
}

/** True for Struct values and schemaless maps (JSON objects). */
export function isStructOrMap(value: unknown): boolean {
  return value instanceof Struct || value instanceof Map || isPlainObject(value);
}

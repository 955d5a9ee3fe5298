/**
 * Connect's data model: schemas for keys, values and headers. Mirrors `org.apache.kafka.connect.data`.
 * A `Schema` is plain data; `Struct` holds a struct value together with its schema.
 */
import { DataError } from './errors.js';

export const SchemaType = {
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
} as const;
export type SchemaType = (typeof SchemaType)[keyof typeof SchemaType];

export interface Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
}

export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue?: unknown;
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** Struct fields, in order. */
  readonly fields?: readonly Field[];
  /** Map key schema. */
  readonly keySchema?: Schema;
  /** Array element schema, or map value schema. */
  readonly valueSchema?: Schema;
}

function primitive(type: SchemaType, optional: boolean): Schema {
  return Object.freeze({ type, optional });
}

/** The predefined primitive schemas, as `Schema.STRING_SCHEMA` and friends in Connect. */
export const Schemas = {
  INT8: primitive(SchemaType.INT8, false),
  INT16: primitive(SchemaType.INT16, false),
  INT32: primitive(SchemaType.INT32, false),
  INT64: primitive(SchemaType.INT64, false),
  FLOAT32: primitive(SchemaType.FLOAT32, false),
  FLOAT64: primitive(SchemaType.FLOAT64, false),
  BOOLEAN: primitive(SchemaType.BOOLEAN, false),
  STRING: primitive(SchemaType.STRING, false),
  BYTES: primitive(SchemaType.BYTES, false),
  OPTIONAL_INT8: primitive(SchemaType.INT8, true),
  OPTIONAL_INT16: primitive(SchemaType.INT16, true),
  OPTIONAL_INT32: primitive(SchemaType.INT32, true),
  OPTIONAL_INT64: primitive(SchemaType.INT64, true),
  OPTIONAL_FLOAT32: primitive(SchemaType.FLOAT32, true),
  OPTIONAL_FLOAT64: primitive(SchemaType.FLOAT64, true),
  OPTIONAL_BOOLEAN: primitive(SchemaType.BOOLEAN, true),
  OPTIONAL_STRING: primitive(SchemaType.STRING, true),
  OPTIONAL_BYTES: primitive(SchemaType.BYTES, true),
} as const;

/** Builds a schema step by step, like Connect's `SchemaBuilder`. */
export class SchemaBuilder {
  private readonly schema: {
    type: SchemaType;
    optional: boolean;
    defaultValue?: unknown;
    name?: string;
    version?: number;
    doc?: string;
    parameters?: Record<string, string>;
    fields?: Field[];
    keySchema?: Schema;
    valueSchema?: Schema;
  };

  constructor(type: SchemaType) {
    this.schema = { type, optional: false };
    if (type === SchemaType.STRUCT) this.schema.fields = [];
  }

  static struct(): SchemaBuilder {
    return new SchemaBuilder(SchemaType.STRUCT);
  }

  static array(valueSchema: Schema): SchemaBuilder {
    const builder = new SchemaBuilder(SchemaType.ARRAY);
    builder.schema.valueSchema = valueSchema;
    return builder;
  }

  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    const builder = new SchemaBuilder(SchemaType.MAP);
    builder.schema.keySchema = keySchema;
    builder.schema.valueSchema = valueSchema;
    return builder;
  }

  optional(): this {
    this.schema.optional = true;
    return this;
  }

  required(): this {
    this.schema.optional = false;
    return this;
  }

  name(name: string): this {
    this.schema.name = name;
    return this;
  }

  version(version: number): this {
    this.schema.version = version;
    return this;
  }

  doc(doc: string): this {
    this.schema.doc = doc;
    return this;
  }

  defaultValue(value: unknown): this {
    this.schema.defaultValue = value;
    return this;
  }

  parameter(key: string, value: string): this {
    this.schema.parameters = { ...this.schema.parameters, [key]: value };
    return this;
  }

  field(name: string, schema: Schema): this {
    const fields = this.schema.fields;
    if (fields === undefined) throw new DataError(`Cannot create fields on type ${this.schema.type}`);
    if (fields.some((f) => f.name === name))
      throw new DataError(`Cannot create field because of field name duplication ${name}`);
    fields.push({ name, index: fields.length, schema });
    return this;
  }

  build(): Schema {
    const { fields } = this.schema;
    return Object.freeze({ ...this.schema, ...(fields === undefined ? {} : { fields: Object.freeze([...fields]) }) });
  }
}

/** Finds a struct field by name. */
export function fieldOf(schema: Schema, name: string): Field | undefined {
  const fields = schema.fields;
  if (fields === undefined) return undefined;
  // Indexed once per fields array: a struct put field by field would otherwise scan its schema per field,
  // which made Struct.put the largest cost of the Datagen and JDBC sources. Rebuilt if the array grew.
  let index = FIELD_INDEX.get(fields);
  if (index === undefined || index.size !== fields.length) {
    index = new Map(fields.map((f) => [f.name, f]));
    FIELD_INDEX.set(fields, index);
  }
  return index.get(name);
}

const FIELD_INDEX = new WeakMap<readonly Field[], Map<string, Field>>();

/** A struct value: field values by name, checked against the struct schema on `put`. */
export class Struct {
  private readonly values = new Map<string, unknown>();

  constructor(readonly schema: Schema) {
    if (schema.type !== SchemaType.STRUCT) throw new DataError(`Not a struct schema: ${schema.type}`);
  }

  put(fieldName: string, value: unknown): this {
    if (fieldOf(this.schema, fieldName) === undefined) throw new DataError(`${fieldName} is not a valid field name`);
    this.values.set(fieldName, value);
    return this;
  }

  /** The field's value, or its schema default when unset. */
  get(fieldName: string): unknown {
    const field = fieldOf(this.schema, fieldName);
    if (field === undefined) throw new DataError(`${fieldName} is not a valid field name`);
    return this.values.has(fieldName) ? this.values.get(fieldName) : (field.schema.defaultValue ?? null);
  }

  /** The field's value as set, null when unset (no schema default): for `replace.null.with.default=false`. */
  getWithoutDefault(fieldName: string): unknown {
    if (fieldOf(this.schema, fieldName) === undefined) throw new DataError(`${fieldName} is not a valid field name`);
    return this.values.has(fieldName) ? this.values.get(fieldName) : null;
  }

  /** Throws a `DataError` when a required field is missing. */
  validate(): void {
    for (const field of this.schema.fields ?? []) {
      const value = this.get(field.name);
      if ((value === null || value === undefined) && !field.schema.optional) {
        throw new DataError(
          `Invalid value: null used for required field: "${field.name}", schema type: ${field.schema.type}`,
        );
      }
    }
  }

  /** Connect's `Struct.toString()`: `Struct{a=1,b=x}` (unset optional fields left out). */
  toString(): string {
    const parts: string[] = [];
    for (const field of this.schema.fields ?? []) {
      const value = this.values.get(field.name);
      if (value !== undefined && value !== null) parts.push(`${field.name}=${formatValue(value)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }
}

/** Renders a Connect value as Java's `String.valueOf` would (used by FileStreamSink). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Struct) return value.toString();
  if (value instanceof Uint8Array) return `[B@${value.length.toString(16)}`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value instanceof Map)
    return `{${[...value.entries()].map(([k, v]) => `${formatValue(k)}=${formatValue(v)}`).join(', ')}}`;
  if (value instanceof Date) return value.toString();
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * Connect schemas as PostgreSQL column types (for auto.create / auto.evolve) and Connect values as
 * query parameters. The types are those of Confluent's PostgreSQL dialect; see the README's table.
 *
 * Values are sent as text (node-postgres's default) and PostgreSQL converts them to the column's type, so
 * an existing column of another compatible type (uuid, jsonb, varchar(n), timestamptz…) accepts them.
 */
import {
  BigDecimal,
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaType,
  Struct,
  type Schema,
} from 'lambda-connect/api';
import { formatTimestamp } from './timestamps.js';

/** The column type for a field schema; throws `DataError` for types PostgreSQL columns cannot hold here. */
export function sqlTypeFor(schema: Schema): string {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return 'DECIMAL';
    case LogicalDate.LOGICAL_NAME:
      return 'DATE';
    case LogicalTime.LOGICAL_NAME:
      return 'TIME';
    case LogicalTimestamp.LOGICAL_NAME:
      return 'TIMESTAMP';
  }
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
      return 'SMALLINT';
    case SchemaType.INT32:
      return 'INT';
    case SchemaType.INT64:
      return 'BIGINT';
    case SchemaType.FLOAT32:
      return 'REAL';
    case SchemaType.FLOAT64:
      return 'DOUBLE PRECISION';
    case SchemaType.BOOLEAN:
      return 'BOOLEAN';
    case SchemaType.STRING:
      return 'TEXT';
    case SchemaType.BYTES:
      return 'BYTEA';
    case SchemaType.ARRAY: {
      const element = schema.valueSchema;
      if (
        element === undefined ||
        element.type === SchemaType.ARRAY ||
        element.type === SchemaType.MAP ||
        element.type === SchemaType.STRUCT
      ) {
        throw new DataError(
          `Unsupported array element type: ${element?.type ?? 'unknown'} (arrays of primitive types only)`,
        );
      }
      return `${sqlTypeFor(element)}[]`;
    }
    case SchemaType.MAP:
    case SchemaType.STRUCT:
      throw new DataError(`Unsupported source data type: ${schema.type.toUpperCase()}`);
  }
}

/** A query parameter for `value` under `schema`: text, a Buffer for bytes, an array for arrays, or null. */
export function toParameter(schema: Schema, value: unknown, timeZone: string): string | Buffer | null | unknown[] {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (value instanceof BigDecimal) return value.toString();
      if (value instanceof Uint8Array) return Decimal.toLogical(schema, value).toString();
      throw mismatch(schema, value);
    case LogicalDate.LOGICAL_NAME:
      return asDate(schema, value).toISOString().slice(0, 10);
    case LogicalTime.LOGICAL_NAME:
      return asDate(schema, value).toISOString().slice(11, 23);
    case LogicalTimestamp.LOGICAL_NAME:
      return formatTimestamp(asDate(schema, value), timeZone);
  }
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
    case SchemaType.INT32:
    case SchemaType.INT64:
      if ((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint') return String(value);
      throw mismatch(schema, value);
    case SchemaType.FLOAT32:
    case SchemaType.FLOAT64:
      if (typeof value === 'number') return String(value);
      throw mismatch(schema, value);
    case SchemaType.BOOLEAN:
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      throw mismatch(schema, value);
    case SchemaType.STRING:
      if (typeof value === 'string') return value;
      throw mismatch(schema, value);
    case SchemaType.BYTES:
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      throw mismatch(schema, value);
    case SchemaType.ARRAY: {
      const element = schema.valueSchema;
      if (!Array.isArray(value) || element === undefined) throw mismatch(schema, value);
      return value.map((item) => toParameter(element, item, timeZone));
    }
    case SchemaType.MAP:
    case SchemaType.STRUCT:
      throw new DataError(`Unsupported source data type: ${schema.type.toUpperCase()}`);
  }
}

/** A SQL literal for a schema's default value in DDL (`DEFAULT …`), or undefined when it has none. */
export function defaultLiteral(schema: Schema, timeZone: string): string | undefined {
  if (schema.defaultValue === undefined || schema.defaultValue === null) return undefined;
  const parameter = toParameter(schema, schema.defaultValue, timeZone);
  if (parameter === null) return undefined;
  if (Buffer.isBuffer(parameter)) return `'\\x${parameter.toString('hex')}'::bytea`;
  if (Array.isArray(parameter)) return undefined;
  return `'${String(parameter).replaceAll("'", "''")}'`;
}

function asDate(schema: Schema, value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw mismatch(schema, value);
}

function mismatch(schema: Schema, value: unknown): DataError {
  const kind = value instanceof Struct ? 'Struct' : Array.isArray(value) ? 'array' : typeof value;
  return new DataError(`Value of type ${kind} does not match the field schema ${schema.name ?? schema.type}`);
}

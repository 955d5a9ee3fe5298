/**
 * PostgreSQL column types to Connect schemas and values, as Confluent's PostgreSQL dialect maps them
 * (GenericDatabaseDialect.addFieldToSchema), from the text PostgreSQL sends. Differences are listed in
 * plugins/jdbc/README.md: uuid, json, jsonb, xml, inet, cidr, macaddr, interval, money and enum types are
 * strings; unconstrained `numeric` is an exact string (FLOAT64 with best_fit); one-dimensional arrays of
 * those types are Connect arrays; other types are left out of the record with a warning, as Confluent
 * leaves out types it does not support.
 */
import {
  BigDecimal,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  SchemaType,
  type Schema,
} from 'lambda-connect/api';
import { NumericMapping } from './jdbc-source-config-def.js';
import { parseArrayText } from './pg-array.js';
import { microsToMillis, parseDateDays, parseTimeMicros, parseTimestampMicros } from './temporal.js';

/** What the catalog says about one column (or one field of a query's result). */
export interface ColumnDefinition {
  readonly name: string;
  /** The base type's name (`int4`, `numeric`, …): domains are resolved to their base type. */
  readonly typeName: string;
  /** `pg_type.typtype`: `b` base, `e` enum, … */
  readonly typeKind: string;
  /** The type modifier (`atttypmod`): precision and scale of numeric, -1 when unconstrained. */
  readonly typmod: number;
  readonly optional: boolean;
  /** A serial or identity column (Confluent's `isAutoIncrement`). */
  readonly autoIncrement: boolean;
  /** For an array type, its element type's name (`int4` for `int4[]`); null otherwise. */
  readonly elementTypeName?: string | null;
}

/** A column's Connect schema and how to read its text value; null when the type is not supported. */
export interface ColumnMapping {
  readonly column: ColumnDefinition;
  readonly schema: Schema;
  readonly read: (text: string) => unknown;
}

const STRING_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'name',
  'citext',
  'uuid',
  'json',
  'jsonb',
  'xml',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
  'interval',
  'money',
]);
const MS_PER_DAY = 86_400_000;

/** Precision and scale from a numeric typmod; null when unconstrained. */
export function numericPrecisionScale(typmod: number): { precision: number; scale: number } | null {
  if (typmod < 4) return null;
  const packed = typmod - 4;
  const rawScale = packed & 0x7ff;
  return { precision: (packed >> 16) & 0xffff, scale: rawScale > 1023 ? rawScale - 2048 : rawScale };
}

export function mapColumn(
  column: ColumnDefinition,
  numericMapping: NumericMapping,
  zone: string,
): ColumnMapping | null {
  const base = baseMapping(column, numericMapping, zone);
  if (base === null) return null;
  return { column, schema: column.optional ? optional(base.schema) : base.schema, read: base.read };
}

function optional(schema: Schema): Schema {
  return Object.freeze({ ...schema, optional: true });
}

function baseMapping(
  column: ColumnDefinition,
  numericMapping: NumericMapping,
  zone: string,
): Omit<ColumnMapping, 'column'> | null {
  if (column.elementTypeName !== undefined && column.elementTypeName !== null)
    return arrayMapping(column, column.elementTypeName, numericMapping, zone);
  const b = (type: SchemaType): Schema => new SchemaBuilder(type).build();
  switch (column.typeName) {
    case 'bool':
      return { schema: b(SchemaType.BOOLEAN), read: (t) => t === 't' };
    case 'int2':
      return { schema: b(SchemaType.INT16), read: Number };
    case 'int4':
      return { schema: b(SchemaType.INT32), read: Number };
    case 'int8':
    case 'oid':
      return { schema: b(SchemaType.INT64), read: readLong };
    case 'float4':
      return { schema: b(SchemaType.FLOAT32), read: Number };
    case 'float8':
      return { schema: b(SchemaType.FLOAT64), read: Number };
    case 'numeric':
      return numericMappingOf(column.typmod, numericMapping);
    case 'bytea':
      return { schema: b(SchemaType.BYTES), read: readBytea };
    case 'date':
      return { schema: LogicalDate.builder().build(), read: (t) => new Date(parseDateDays(t) * MS_PER_DAY) };
    case 'time':
    case 'timetz':
      return { schema: LogicalTime.builder().build(), read: (t) => new Date(microsToMillis(parseTimeMicros(t))) };
    case 'timestamp':
    case 'timestamptz':
      return {
        schema: LogicalTimestamp.builder().build(),
        read: (t) => new Date(microsToMillis(parseTimestampMicros(t, zone))),
      };
    default:
      if (STRING_TYPES.has(column.typeName) || column.typeKind === 'e')
        return { schema: b(SchemaType.STRING), read: (t) => t };
      return null;
  }
}

/** A one-dimensional array: a Connect array of optional elements (an array may hold NULLs). */
function arrayMapping(
  column: ColumnDefinition,
  elementTypeName: string,
  numericMapping: NumericMapping,
  zone: string,
): Omit<ColumnMapping, 'column'> | null {
  const element = baseMapping(
    { ...column, typeName: elementTypeName, typeKind: 'b', elementTypeName: null, optional: true },
    numericMapping,
    zone,
  );
  if (element === null) return null;
  const read = element.read;
  return {
    schema: SchemaBuilder.array(optional(element.schema)).build(),
    read: (t) => parseArrayText(t).map((e) => (e === null ? null : read(e))),
  };
}

/** Confluent's numeric.mapping: integers when the precision fits and the scale is 0, FLOAT64 for best_fit. */
function numericMappingOf(typmod: number, mapping: NumericMapping): Omit<ColumnMapping, 'column'> {
  const ps = numericPrecisionScale(typmod);
  if (ps === null) {
    const eager = mapping === NumericMapping.BEST_FIT || mapping === NumericMapping.BEST_FIT_EAGER_DOUBLE;
    return eager
      ? { schema: new SchemaBuilder(SchemaType.FLOAT64).build(), read: Number }
      : { schema: new SchemaBuilder(SchemaType.STRING).build(), read: (t) => t };
  }
  const { precision, scale } = ps;
  const integral = precision <= 18 && scale <= 0;
  const fitsInteger =
    mapping === NumericMapping.PRECISION_ONLY
      ? precision <= 18 && scale === 0
      : mapping !== NumericMapping.NONE && integral;
  if (fitsInteger) return integerMapping(precision);
  const toDouble =
    (mapping === NumericMapping.BEST_FIT && precision <= 18 && scale > 0) ||
    (mapping === NumericMapping.BEST_FIT_EAGER_DOUBLE && scale > 0);
  if (toDouble) return { schema: new SchemaBuilder(SchemaType.FLOAT64).build(), read: Number };
  return { schema: Decimal.builder(scale).build(), read: (t) => readDecimal(t, scale) };
}

function integerMapping(precision: number): Omit<ColumnMapping, 'column'> {
  const type =
    precision > 9
      ? SchemaType.INT64
      : precision > 4
        ? SchemaType.INT32
        : precision > 2
          ? SchemaType.INT16
          : SchemaType.INT8;
  return { schema: new SchemaBuilder(type).build(), read: type === SchemaType.INT64 ? readLong : Number };
}

/** A bigint column as a number when it is a safe integer, else a bigint (the JSON converter takes both). */
export function readLong(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** A decimal at exactly the column's scale (PostgreSQL pads numeric(p,s) values to s digits already). */
export function readDecimal(text: string, scale: number): BigDecimal {
  const value = BigDecimal.parse(text);
  if (value.scale === scale) return value;
  if (value.scale < scale) return new BigDecimal(value.unscaled * 10n ** BigInt(scale - value.scale), scale);
  return new BigDecimal(value.unscaled / 10n ** BigInt(value.scale - scale), scale);
}

/** bytea in PostgreSQL's default hex output (`\x0a0b`). */
export function readBytea(text: string): Uint8Array {
  if (!text.startsWith('\\x')) throw new Error("bytea values must use bytea_output = hex (PostgreSQL's default)");
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}

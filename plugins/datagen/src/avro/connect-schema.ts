/**
 * Avro → Connect schemas, the way Confluent's AvroData maps them (so the JsonConverter with schemas shows
 * what kafka-connect-datagen's records show): a record is a struct named by its full name, `[null, T]` is
 * an optional T, an enum a string carrying its symbols as parameters, fixed is bytes with its size, a
 * union of several types a struct `io.confluent.connect.avro.Union` with one optional field per branch.
 */
import {
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  SchemaType,
  Schemas,
  type Schema,
} from 'lambda-connect/api';
import type { AvroNode, PrimitiveKind } from './avro-schema.js';

export const UNION_SCHEMA_NAME = 'io.confluent.connect.avro.Union';
export const ENUM_PARAMETER = 'io.confluent.connect.avro.Enum';
export const FIXED_SIZE_PARAMETER = 'connect.fixed.size';

const PRIMITIVE_TYPES: Readonly<Record<Exclude<PrimitiveKind, 'null'>, SchemaType>> = {
  boolean: SchemaType.BOOLEAN,
  int: SchemaType.INT32,
  long: SchemaType.INT64,
  float: SchemaType.FLOAT32,
  double: SchemaType.FLOAT64,
  bytes: SchemaType.BYTES,
  string: SchemaType.STRING,
};

/** The Connect schema of an Avro node; `optional` for a `[null, T]` union or a field that may be null. */
export function toConnectSchema(node: AvroNode, optional = false): Schema {
  const builder = builderFor(node);
  if (builder === null) return Schemas.OPTIONAL_STRING;
  if (optional) builder.optional();
  return builder.build();
}

/** The one non-null branch of a `[null, T]` (or `[T, null]`) union, else undefined. */
export function nullableBranch(node: AvroNode): AvroNode | undefined {
  if (node.kind !== 'union' || node.branches.length !== 2) return undefined;
  const [a, b] = node.branches as [AvroNode, AvroNode];
  if (a.kind === 'null' && b.kind !== 'null') return b;
  if (b.kind === 'null' && a.kind !== 'null') return a;
  return undefined;
}

/** The field name AvroData gives a union branch: the type name, or the simple name of a named type. */
export function unionBranchName(node: AvroNode): string {
  if (node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed')
    return node.fullName.slice(node.fullName.lastIndexOf('.') + 1);
  if (node.kind === 'union') return 'union';
  return node.kind;
}

/** A builder for the node's schema; null for Avro's `null` type (no Connect equivalent on its own). */
function builderFor(node: AvroNode): SchemaBuilder | null {
  switch (node.kind) {
    case 'null':
      return null;
    case 'record': {
      const builder = SchemaBuilder.struct().name(node.fullName);
      if (node.doc !== undefined) builder.doc(node.doc);
      for (const field of node.fields) {
        const inner = nullableBranch(field.type);
        builder.field(
          field.name,
          inner === undefined ? toConnectSchema(field.type, field.type.kind === 'null') : toConnectSchema(inner, true),
        );
      }
      return builder;
    }
    case 'enum': {
      const builder = new SchemaBuilder(SchemaType.STRING).name(node.fullName).parameter(ENUM_PARAMETER, node.fullName);
      for (const symbol of node.symbols) builder.parameter(`${ENUM_PARAMETER}.${symbol}`, symbol);
      return builder;
    }
    case 'fixed':
      return new SchemaBuilder(SchemaType.BYTES).name(node.fullName).parameter(FIXED_SIZE_PARAMETER, String(node.size));
    case 'array':
      return SchemaBuilder.array(toConnectSchema(node.items, isNullable(node.items)));
    case 'map':
      return SchemaBuilder.map(Schemas.STRING, toConnectSchema(node.values, isNullable(node.values)));
    case 'union':
      return unionBuilder(node);
    default:
      return primitiveBuilder(node);
  }
}

function unionBuilder(node: Extract<AvroNode, { kind: 'union' }>): SchemaBuilder | null {
  const inner = nullableBranch(node);
  if (inner !== undefined) return builderFor(inner)?.optional() ?? null;
  const builder = SchemaBuilder.struct().name(UNION_SCHEMA_NAME);
  for (const branch of node.branches)
    if (branch.kind !== 'null') builder.field(unionBranchName(branch), toConnectSchema(branch, true));
  if (node.branches.some((b) => b.kind === 'null')) builder.optional();
  return builder;
}

function primitiveBuilder(node: Extract<AvroNode, { kind: PrimitiveKind }>): SchemaBuilder {
  const logical = node.logicalType;
  if (logical?.name === 'timestamp-millis') return LogicalTimestamp.builder();
  if (logical?.name === 'date') return LogicalDate.builder();
  if (logical?.name === 'time-millis') return LogicalTime.builder();
  if (logical?.name === 'decimal')
    return Decimal.builder(logical.scale).parameter('connect.decimal.precision', String(logical.precision));
  return new SchemaBuilder(PRIMITIVE_TYPES[node.kind as Exclude<PrimitiveKind, 'null'>]);
}

function isNullable(node: AvroNode): boolean {
  return (
    node.kind === 'null' ||
    nullableBranch(node) !== undefined ||
    (node.kind === 'union' && node.branches.some((b) => b.kind === 'null'))
  );
}

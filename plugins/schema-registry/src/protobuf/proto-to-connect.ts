/**
 * Protobuf message type → Connect schema, as Confluent's `ProtobufData.toConnectSchema`: a message is a struct
 * named by its simple name (full name with `enhanced.protobuf.schema.support`); a real oneof is an optional
 * struct `io.confluent.connect.protobuf.Union.<name>` in a field `<name>_<index>`; every field is optional
 * (proto3 has no required fields) and carries its number as `io.confluent.connect.protobuf.Tag`; unsigned and
 * fixed types keep their Protobuf type as `io.confluent.connect.protobuf.Type`; enums are strings with their
 * symbols as parameters; the well-known messages become Connect's logical types.
 */
import {
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  type Schema,
  SchemaBuilder,
  SchemaType,
} from 'lambda-connect/api';
import protobuf from 'protobufjs';
import type { ProtobufDataOptions } from './protobuf-data-config.js';
import * as N from './protobuf-names.js';

/** The Connect schema of a record whose message type is `type`. */
export function connectSchemaOf(type: protobuf.Type, options: ProtobufDataOptions, version?: number): Schema {
  const builder =
    (options.wrapperForRawPrimitives ? unwrappedSchema(type.fullName.slice(1)) : undefined) ??
    structSchema(type, options, new Map());
  if (version !== undefined) builder.version(version);
  return builder.build();
}

/** Real oneofs: not the synthetic ones protoc makes for proto3 `optional` fields. */
export function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  let oneofs = REAL_ONEOFS.get(type);
  if (oneofs === undefined) {
    oneofs = type.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.proto3_optional === true));
    REAL_ONEOFS.set(type, oneofs);
  }
  return oneofs;
}

/** Per message type: asked for every record read. */
const REAL_ONEOFS = new WeakMap<protobuf.Type, protobuf.OneOf[]>();

export function unionFieldName(type: protobuf.Type, oneof: protobuf.OneOf, options: ProtobufDataOptions): string {
  return options.generateIndexForUnions ? `${oneof.name}_${type.oneofsArray.indexOf(oneof)}` : oneof.name;
}

function structSchema(type: protobuf.Type, options: ProtobufDataOptions, seen: Map<string, Schema>): SchemaBuilder {
  const builder = SchemaBuilder.struct().name(options.enhancedSchemaSupport ? type.fullName.slice(1) : type.name);
  for (const oneof of realOneofs(type)) {
    // `flatten.unions`: the members in place of the union, each optional (one at most is set).
    if (options.flattenUnions)
      for (const field of oneof.fieldsArray) builder.field(field.name, fieldSchema(field, options, seen, true));
    else builder.field(unionFieldName(type, oneof, options), oneofSchema(oneof, options, seen));
  }
  for (const field of type.fieldsArray) {
    if (field.partOf !== null && realOneofs(type).includes(field.partOf)) continue;
    builder.field(field.name, fieldSchema(field, options, seen, false));
  }
  return builder;
}

function oneofSchema(oneof: protobuf.OneOf, options: ProtobufDataOptions, seen: Map<string, Schema>): Schema {
  const builder = SchemaBuilder.struct();
  if (options.generalizedSumTypeSupport) builder.name(oneof.name).parameter(N.GENERALIZED_TYPE_UNION, oneof.name);
  else
    builder.name(N.PROTOBUF_TYPE_UNION_PREFIX + (options.enhancedSchemaSupport ? oneof.fullName.slice(1) : oneof.name));
  for (const field of oneof.fieldsArray) builder.field(field.name, fieldSchema(field, options, seen, true));
  return builder.optional().build();
}

/** The Confluent field metadata params on a field (`[(confluent.field_meta) = { params: [...] }]`). */
export function fieldMetaParams(field: protobuf.Field): Record<string, string> {
  const result: Record<string, string> = {};
  for (const option of field.parsedOptions ?? []) {
    const meta = (option as Record<string, unknown>)[N.FIELD_META_OPTION] as { params?: unknown } | undefined;
    const params = meta?.params;
    for (const entry of Array.isArray(params) ? params : params === undefined ? [] : [params]) {
      const { key, value } = entry as { key?: unknown; value?: unknown };
      if (typeof key === 'string') result[key] = String(value ?? '');
    }
  }
  return result;
}

function fieldSchema(
  field: protobuf.Field,
  options: ProtobufDataOptions,
  seen: Map<string, Schema>,
  oneofMember: boolean,
): Schema {
  field.resolve();
  let builder: SchemaBuilder;
  if (field instanceof protobuf.MapField) {
    builder = SchemaBuilder.map(mapPartSchema(field.keyType, 1), mapValueSchema(field, options, seen)).name(field.name);
  } else {
    builder = elementSchema(field, options, seen);
    if (field.repeated && builder.build().type !== SchemaType.MAP)
      builder = SchemaBuilder.array(builder.optional().build());
  }
  if (oneofMember) {
    builder.optional();
    const wrapped =
      field.resolvedType instanceof protobuf.Type &&
      unwrappedSchema(field.resolvedType.fullName.slice(1)) !== undefined;
    if (options.wrapperForNullables && wrapped) builder.parameter(N.PROTOBUF_TYPE_WRAPPER, 'true');
  } else if (options.optionalForNullables) {
    if (field.options?.proto3_optional === true) builder.optional();
  } else if (!options.wrapperForNullables) {
    builder.optional();
  }
  return builder.parameter(N.PROTOBUF_TYPE_TAG, String(field.id)).build();
}

function mapPartSchema(type: string, tag: number): Schema {
  return scalarSchema(type, {}).optional().parameter(N.PROTOBUF_TYPE_TAG, String(tag)).build();
}

function mapValueSchema(field: protobuf.MapField, options: ProtobufDataOptions, seen: Map<string, Schema>): Schema {
  const value = new protobuf.Field(N.VALUE_FIELD, 2, field.type);
  value.parent = field.parent;
  return fieldSchema(value, options, seen, false);
}

function elementSchema(field: protobuf.Field, options: ProtobufDataOptions, seen: Map<string, Schema>): SchemaBuilder {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return enumSchema(resolved, options);
  if (resolved instanceof protobuf.Type) return messageSchema(field, resolved, options, seen).optional();
  return scalarSchema(field.type, fieldMetaParams(field));
}

function enumSchema(type: protobuf.Enum, options: ProtobufDataOptions): SchemaBuilder {
  const builder = options.intForEnums ? new SchemaBuilder(SchemaType.INT32) : new SchemaBuilder(SchemaType.STRING);
  builder.name(options.enhancedSchemaSupport ? type.fullName.slice(1) : type.name);
  const param = options.generalizedSumTypeSupport ? N.GENERALIZED_TYPE_ENUM : N.PROTOBUF_TYPE_ENUM;
  builder.parameter(param, type.name);
  for (const [symbol, number] of Object.entries(type.values)) builder.parameter(`${param}.${symbol}`, String(number));
  return builder.optional();
}

function messageSchema(
  field: protobuf.Field,
  type: protobuf.Type,
  options: ProtobufDataOptions,
  seen: Map<string, Schema>,
): SchemaBuilder {
  switch (type.fullName.slice(1)) {
    case N.WELL_KNOWN.DECIMAL.type: {
      const params = fieldMetaParams(field);
      const scale = Number.parseInt(params[N.PROTOBUF_SCALE_PROP] ?? '0', 10);
      const builder = Decimal.builder(Number.isNaN(scale) ? 0 : scale);
      const precision = params[N.PROTOBUF_PRECISION_PROP];
      if (precision !== undefined && /^\d+$/.test(precision)) builder.parameter(N.CONNECT_PRECISION_PROP, precision);
      return builder;
    }
    case N.WELL_KNOWN.DATE.type:
      return LogicalDate.builder();
    case N.WELL_KNOWN.TIME.type:
      return LogicalTime.builder();
    case N.WELL_KNOWN.TIMESTAMP.type:
      return LogicalTimestamp.builder();
  }
  if (options.wrapperForNullables) {
    const unwrapped = unwrappedSchema(type.fullName.slice(1));
    if (unwrapped !== undefined) return unwrapped;
  }
  if (field.repeated && isMapEntry(type)) {
    const [key, value] = type.fieldsArray as [protobuf.Field, protobuf.Field];
    return SchemaBuilder.map(fieldSchema(key, options, seen, false), fieldSchema(value, options, seen, false)).name(
      N.toMapField(options.enhancedSchemaSupport ? type.fullName.slice(1) : type.name),
    );
  }
  const key = type.fullName;
  if (seen.has(key))
    throw new DataError(`Recursive Protobuf message ${key.slice(1)} cannot be represented as a Connect schema`);
  seen.set(key, SchemaBuilder.struct().build());
  const builder = structSchema(type, options, seen);
  seen.delete(key);
  return builder;
}

/** An explicit map entry message: `XEntry { key = 1; value = 2; }`, neither repeated. */
function isMapEntry(type: protobuf.Type): boolean {
  const fields = type.fieldsArray;
  return (
    type.name.endsWith(N.MAP_ENTRY_SUFFIX) &&
    fields.length === 2 &&
    fields[0]?.name === N.KEY_FIELD &&
    fields[1]?.name === N.VALUE_FIELD &&
    !fields[0].repeated &&
    !fields[1].repeated
  );
}

function scalarSchema(type: string, meta: Record<string, string>): SchemaBuilder {
  switch (type) {
    case 'int32':
    case 'sint32':
    case 'sfixed32': {
      const connectType = meta[N.CONNECT_TYPE_PROP];
      if (connectType === SchemaType.INT8 || connectType === SchemaType.INT16) return new SchemaBuilder(connectType);
      const builder = new SchemaBuilder(SchemaType.INT32);
      return type === 'int32' ? builder : builder.parameter(N.PROTOBUF_TYPE_PROP, type);
    }
    case 'uint32':
    case 'fixed32':
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64': {
      const builder = new SchemaBuilder(SchemaType.INT64);
      return type === 'int64' ? builder : builder.parameter(N.PROTOBUF_TYPE_PROP, type);
    }
    case 'float':
      return new SchemaBuilder(SchemaType.FLOAT32);
    case 'double':
      return new SchemaBuilder(SchemaType.FLOAT64);
    case 'bool':
      return new SchemaBuilder(SchemaType.BOOLEAN);
    case 'string':
      return new SchemaBuilder(SchemaType.STRING);
    case 'bytes':
      return new SchemaBuilder(SchemaType.BYTES);
    default:
      throw new DataError(`Unknown Protobuf type: ${type}`);
  }
}

const UNWRAPPED: Readonly<Record<string, SchemaType>> = {
  [N.WRAPPER_TYPES.double]: SchemaType.FLOAT64,
  [N.WRAPPER_TYPES.float]: SchemaType.FLOAT32,
  [N.WRAPPER_TYPES.int64]: SchemaType.INT64,
  [N.WRAPPER_TYPES.uint64]: SchemaType.INT64,
  [N.WRAPPER_TYPES.int32]: SchemaType.INT32,
  [N.WRAPPER_TYPES.uint32]: SchemaType.INT64,
  [N.WRAPPER_TYPES.bool]: SchemaType.BOOLEAN,
  [N.WRAPPER_TYPES.string]: SchemaType.STRING,
  [N.WRAPPER_TYPES.bytes]: SchemaType.BYTES,
};

/** The primitive a `google.protobuf.*Value` wrapper stands for, or undefined for other messages. */
export function unwrappedSchema(fullName: string): SchemaBuilder | undefined {
  const type = UNWRAPPED[fullName];
  return type === undefined ? undefined : new SchemaBuilder(type);
}

/**
 * Connect schema → .proto file, as Confluent's `ProtobufData.fromConnectSchema`: a struct becomes a proto3
 * message named by the schema name (package from its namespace, `ConnectDefault<n>` when unnamed); fields
 * are numbered in order unless they carry `io.confluent.connect.protobuf.Tag`; int8/int16 keep their type as
 * `connect.type` field metadata; Decimal/Date/Time/Timestamp become `confluent.type.Decimal`,
 * `google.type.Date`, `google.type.TimeOfDay`, `google.protobuf.Timestamp`; arrays are repeated; maps are
 * `map<K, V>` (an entry message when the key cannot be a map key); enums and oneofs come back from the
 * parameters ProtobufData writes when reading. A primitive root becomes its `google.protobuf.*Value` wrapper.
 */
import {
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  type Schema,
  SchemaType,
} from 'lambda-connect/api';
import type { ProtobufDataOptions } from './protobuf-data-config.js';
import { type ProtoField, type ProtoFile, type ProtoMessage, type ProtoOneof, withMetaImport } from './proto-file.js';
import * as N from './protobuf-names.js';

/** A generated file and the full name of the record's message type in it. */
export interface GeneratedProto {
  readonly file: ProtoFile | undefined;
  /** Set for a primitive root: the wrapper type, defined in `google/protobuf/wrappers.proto`. */
  readonly wrapperType: string | undefined;
  readonly messageName: string;
}

class FromConnectContext {
  private nameIndex = 0;

  constructor(readonly options: ProtobufDataOptions) {}

  nameOrDefault(name: string | undefined): string {
    return name !== undefined && name !== '' ? name : `${N.DEFAULT_SCHEMA_NAME}${++this.nameIndex}`;
  }

  unqualified(name: string | undefined): string {
    const full = this.nameOrDefault(name);
    return this.scrub(full.slice(full.lastIndexOf('.') + 1));
  }

  scrub(name: string): string {
    return this.options.scrubInvalidNames ? scrubName(name) : name;
  }
}

const ROOT_WRAPPERS: Partial<Record<SchemaType, string>> = {
  [SchemaType.INT8]: N.WRAPPER_TYPES.int32,
  [SchemaType.INT16]: N.WRAPPER_TYPES.int32,
  [SchemaType.INT32]: N.WRAPPER_TYPES.int32,
  [SchemaType.INT64]: N.WRAPPER_TYPES.int64,
  [SchemaType.FLOAT32]: N.WRAPPER_TYPES.float,
  [SchemaType.FLOAT64]: N.WRAPPER_TYPES.double,
  [SchemaType.BOOLEAN]: N.WRAPPER_TYPES.bool,
  [SchemaType.STRING]: N.WRAPPER_TYPES.string,
  [SchemaType.BYTES]: N.WRAPPER_TYPES.bytes,
};

/** Generates the .proto model for a record's Connect schema. */
export function protoFromConnectSchema(schema: Schema, options: ProtobufDataOptions): GeneratedProto {
  const wrapper = ROOT_WRAPPERS[schema.type];
  if (wrapper !== undefined) return { file: undefined, wrapperType: wrapper, messageName: wrapper };
  if (schema.type !== SchemaType.STRUCT) throw new DataError(`Unsupported root schema of type ${schema.type}`);
  const ctx = new FromConnectContext(options);
  const parts = ctx
    .nameOrDefault(schema.name)
    .split('.')
    .map((p) => ctx.scrub(p));
  const name = parts.pop() ?? N.DEFAULT_SCHEMA_NAME;
  const packageName = parts.length > 0 ? parts.join('.') : undefined;
  const file: ProtoFile = { packageName, imports: new Set(), message: emptyMessage(name) };
  fillMessage(ctx, file, file.message, schema);
  return {
    file: withMetaImport(file),
    wrapperType: undefined,
    messageName: packageName === undefined ? name : `${packageName}.${name}`,
  };
}

function emptyMessage(name: string): ProtoMessage {
  return { name, members: [], messages: [], enums: [] };
}

function tagOf(schema: Schema): number | undefined {
  const tag = schema.parameters?.[N.PROTOBUF_TYPE_TAG];
  return tag === undefined ? undefined : Number.parseInt(tag, 10);
}

function fillMessage(ctx: FromConnectContext, file: ProtoFile, message: ProtoMessage, schema: Schema): void {
  let index = 1;
  for (const field of schema.fields ?? []) {
    const tag = tagOf(field.schema) ?? index++;
    const name = ctx.scrub(field.name);
    if (field.schema.type === SchemaType.STRUCT && isUnionSchema(field.schema)) {
      message.members.push(oneofFromConnect(ctx, file, message, field.schema));
      continue;
    }
    message.members.push(fieldFromConnect(ctx, file, message, field.schema, name, tag, false));
  }
}

function oneofFromConnect(ctx: FromConnectContext, file: ProtoFile, message: ProtoMessage, union: Schema): ProtoOneof {
  const name = ctx.options.generalizedSumTypeSupport
    ? (union.parameters?.[N.GENERALIZED_TYPE_UNION] ?? ctx.unqualified(union.name))
    : ctx.unqualified((union.name ?? '').slice(N.PROTOBUF_TYPE_UNION_PREFIX.length));
  const fields = (union.fields ?? []).map((f) =>
    fieldFromConnect(ctx, file, message, f.schema, ctx.scrub(f.name), tagOf(f.schema) ?? 0, true),
  );
  return { kind: 'oneof', name, fields };
}

function isUnionSchema(schema: Schema): boolean {
  return (
    schema.name?.startsWith(N.PROTOBUF_TYPE_UNION) === true ||
    schema.parameters?.[N.GENERALIZED_TYPE_UNION] !== undefined
  );
}

function enumParam(schema: Schema): string | undefined {
  const params = schema.parameters;
  if (params === undefined) return undefined;
  if (params[N.GENERALIZED_TYPE_ENUM] !== undefined) return N.GENERALIZED_TYPE_ENUM;
  return params[N.PROTOBUF_TYPE_ENUM] !== undefined ? N.PROTOBUF_TYPE_ENUM : undefined;
}

function fieldFromConnect(
  ctx: FromConnectContext,
  file: ProtoFile,
  message: ProtoMessage,
  fieldSchema: Schema,
  name: string,
  number: number,
  oneofMember: boolean,
): ProtoField {
  const repeated = fieldSchema.type === SchemaType.ARRAY;
  const element = repeated ? (fieldSchema.valueSchema as Schema) : fieldSchema;
  if (repeated && element.type === SchemaType.ARRAY) throw new DataError('Array cannot be nested');
  const params: Record<string, string> = {};
  let type: string;
  if (element.type === SchemaType.MAP) {
    type = mapFromConnect(ctx, file, message, element);
  } else {
    type = dataType(ctx, element, name, params, oneofMember);
    declareType(ctx, file, message, element, type);
  }
  const explicitEntry = element.type === SchemaType.MAP && !type.startsWith('map<');
  const label =
    repeated || explicitEntry
      ? 'repeated'
      : element.type === SchemaType.MAP
        ? undefined
        : proto3Label(ctx, fieldSchema, oneofMember);
  return { kind: 'field', name, number, type, ...(label === undefined ? {} : { label }), params };
}

function proto3Label(ctx: FromConnectContext, schema: Schema, oneofMember: boolean): 'optional' | undefined {
  return ctx.options.optionalForNullables && schema.optional && !oneofMember ? 'optional' : undefined;
}

/** Adds the nested message, enum or import a field's type needs. */
function declareType(
  ctx: FromConnectContext,
  file: ProtoFile,
  message: ProtoMessage,
  schema: Schema,
  type: string,
): void {
  const known = Object.values(N.WELL_KNOWN).find((w) => w.type === type);
  if (known !== undefined) {
    file.imports.add(known.file);
  } else if (type.startsWith('google.protobuf.') && type.endsWith('Value')) {
    file.imports.add(N.WRAPPERS_FILE);
  } else if (schema.type === SchemaType.STRUCT) {
    if (message.messages.some((m) => m.name === type)) return;
    const nested = emptyMessage(type);
    message.messages.push(nested);
    fillMessage(ctx, file, nested, schema);
  } else if (enumParam(schema) !== undefined) {
    const enumName = ctx.unqualified(schema.name);
    if (!message.enums.some((e) => e.name === enumName)) message.enums.push(enumFromConnect(schema, enumName));
  }
}

function enumFromConnect(schema: Schema, name: string): { name: string; values: Array<readonly [string, number]> } {
  const prefix = `${enumParam(schema)}.`;
  const values = Object.entries(schema.parameters ?? {})
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, tag]) => [key.slice(prefix.length), Number.parseInt(tag, 10)] as const);
  return { name, values };
}

const MAP_KEY_TYPES = new Set([
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
]);

/** A map field: `map<K, V>` when K can be a map key and V is not repeated, else an explicit entry message. */
function mapFromConnect(ctx: FromConnectContext, file: ProtoFile, message: ProtoMessage, schema: Schema): string {
  const entryName = N.toMapEntry(ctx.unqualified(schema.name));
  const entry = emptyMessage(entryName);
  const key = fieldFromConnect(ctx, file, entry, schema.keySchema as Schema, N.KEY_FIELD, 1, false);
  const value = fieldFromConnect(ctx, file, entry, schema.valueSchema as Schema, N.VALUE_FIELD, 2, false);
  const plain = (f: ProtoField): ProtoField => ({
    kind: 'field',
    name: f.name,
    number: f.number,
    type: f.type,
    params: f.params,
  });
  const simple =
    MAP_KEY_TYPES.has(key.type) &&
    key.label === undefined &&
    value.label === undefined &&
    Object.keys(key.params).length === 0;
  if (simple && entry.messages.length === 0 && entry.enums.length === 0 && Object.keys(value.params).length === 0) {
    return `map<${key.type}, ${value.type}>`;
  }
  entry.members.push(plain(key), plain(value));
  if (!message.messages.some((m) => m.name === entryName)) message.messages.push(entry);
  return entryName;
}

/** The proto type of a non-array, non-map Connect schema, recording field metadata in `params`. */
function dataType(
  ctx: FromConnectContext,
  schema: Schema,
  fieldName: string,
  params: Record<string, string>,
  oneofMember: boolean,
): string {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: {
      const precision = schema.parameters?.[N.CONNECT_PRECISION_PROP];
      const scale = schema.parameters?.[Decimal.SCALE_FIELD];
      if (precision !== undefined) params[N.PROTOBUF_PRECISION_PROP] = precision;
      if (scale !== undefined) params[N.PROTOBUF_SCALE_PROP] = scale;
      return N.WELL_KNOWN.DECIMAL.type;
    }
    case LogicalDate.LOGICAL_NAME:
      return N.WELL_KNOWN.DATE.type;
    case LogicalTime.LOGICAL_NAME:
      return N.WELL_KNOWN.TIME.type;
    case LogicalTimestamp.LOGICAL_NAME:
      return N.WELL_KNOWN.TIMESTAMP.type;
  }
  const wrap =
    ctx.options.wrapperForNullables &&
    schema.optional &&
    (!oneofMember || schema.parameters?.[N.PROTOBUF_TYPE_WRAPPER] !== undefined);
  const declared = schema.parameters?.[N.PROTOBUF_TYPE_PROP];
  switch (schema.type) {
    case SchemaType.INT8:
    case SchemaType.INT16:
      params[N.CONNECT_TYPE_PROP] = schema.type;
      return wrap ? N.WRAPPER_TYPES.int32 : 'int32';
    case SchemaType.INT32: {
      const enumType = schema.parameters?.[N.PROTOBUF_TYPE_ENUM];
      if (enumType !== undefined) return enumType;
      return wrap ? N.WRAPPER_TYPES.int32 : (declared ?? 'int32');
    }
    case SchemaType.INT64: {
      const type = declared ?? 'int64';
      if (!wrap) return type;
      if (type === 'uint32' || type === 'fixed32') return N.WRAPPER_TYPES.uint32;
      return type === 'uint64' || type === 'fixed64' ? N.WRAPPER_TYPES.uint64 : N.WRAPPER_TYPES.int64;
    }
    case SchemaType.FLOAT32:
      return wrap ? N.WRAPPER_TYPES.float : 'float';
    case SchemaType.FLOAT64:
      return wrap ? N.WRAPPER_TYPES.double : 'double';
    case SchemaType.BOOLEAN:
      return wrap ? N.WRAPPER_TYPES.bool : 'bool';
    case SchemaType.STRING: {
      const param = enumParam(schema);
      if (param !== undefined) return schema.parameters?.[param] as string;
      return wrap ? N.WRAPPER_TYPES.string : 'string';
    }
    case SchemaType.BYTES:
      return wrap ? N.WRAPPER_TYPES.bytes : 'bytes';
    case SchemaType.STRUCT: {
      const name = ctx.unqualified(schema.name);
      // A message type may not share its field's name.
      return name === fieldName ? `${name}Message` : name;
    }
    default:
      throw new DataError(`Unknown schema type: ${schema.type}`);
  }
}

/** Confluent's `scrub.invalid.names`: URL-encode, then any character other than [A-Za-z0-9_] becomes `_`. */
export function scrubName(name: string): string {
  if (name === '' || /^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return name;
  let encoded = encodeURIComponent(name).replace(/%20/g, '+');
  if (/^[0-9_]/.test(encoded)) encoded = `x${encoded}`;
  return encoded.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Connect schema → JSON Schema, as Confluent's `JsonSchemaData.fromConnectSchema`: integers and numbers
 * carry their Connect type as `connect.type`; bytes (and BASE64 decimals) are strings with
 * `connect.type: bytes`; string-keyed maps are objects with `additionalProperties`, other maps arrays of
 * `{key, value}`; structs are objects whose properties carry `connect.index`; an optional schema is
 * `oneOf: [{type: null}, …]`; a name is the `title`, the version `connect.version`, the doc the
 * `description`, other parameters `connect.parameters`; enums are `enum` lists and unions `oneOf`s.
 */
import { DataError, Decimal, type Schema, SchemaType } from 'lambda-connect/api';
import * as N from './json-schema-names.js';
import type { JsonSchemaDataOptions } from './json-schema-data-config.js';

export type JsonObject = Record<string, unknown>;

const NUMBER_TYPES: Partial<Record<SchemaType, [string, string]>> = {
  [SchemaType.INT8]: ['integer', N.CONNECT_TYPES.int8],
  [SchemaType.INT16]: ['integer', N.CONNECT_TYPES.int16],
  [SchemaType.INT32]: ['integer', N.CONNECT_TYPES.int32],
  [SchemaType.INT64]: ['integer', N.CONNECT_TYPES.int64],
  [SchemaType.FLOAT32]: ['number', N.CONNECT_TYPES.float],
  [SchemaType.FLOAT64]: ['number', N.CONNECT_TYPES.double],
};

/** The JSON Schema (as a JSON object) of a Connect schema. */
export function jsonSchemaFromConnect(
  schema: Schema,
  options: JsonSchemaDataOptions,
  defaultOf: (s: Schema) => unknown,
): JsonObject {
  return fromConnect(schema, options, defaultOf, undefined, false);
}

function fromConnect(
  schema: Schema,
  options: JsonSchemaDataOptions,
  defaultOf: (s: Schema) => unknown,
  index: number | undefined,
  ignoreOptional: boolean,
): JsonObject {
  if (schema.type === SchemaType.STRUCT && isUnion(schema)) return unionSchema(schema, options, defaultOf, index);
  if (schema.type === SchemaType.STRUCT && schema.optional && !ignoreOptional) {
    return withIndex(
      { oneOf: [{ type: 'null' }, fromConnect({ ...schema, optional: false }, options, defaultOf, undefined, true)] },
      index,
    );
  }
  const out = typeSchema(schema, options, defaultOf);
  if (schema.name !== undefined) out.title = schema.name;
  if (schema.version !== undefined) out[N.CONNECT_VERSION_PROP] = schema.version;
  if (schema.doc !== undefined) out.description = schema.doc;
  const parameters = Object.entries(schema.parameters ?? {}).filter(([k]) => !k.startsWith(N.NAMESPACE));
  if (parameters.length > 0) out[N.CONNECT_PARAMETERS_PROP] = Object.fromEntries(parameters);
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) out.default = defaultOf(schema);
  if (schema.optional && !ignoreOptional) return withIndex({ oneOf: [{ type: 'null' }, out] }, index);
  return withIndex(out, index);
}

function withIndex(out: JsonObject, index: number | undefined): JsonObject {
  if (index !== undefined) out[N.CONNECT_INDEX_PROP] = index;
  return out;
}

function isUnion(schema: Schema): boolean {
  return schema.name === N.JSON_TYPE_ONE_OF || schema.parameters?.[N.GENERALIZED_TYPE_UNION] !== undefined;
}

function unionSchema(
  schema: Schema,
  options: JsonSchemaDataOptions,
  defaultOf: (s: Schema) => unknown,
  index: number | undefined,
): JsonObject {
  const members = (schema.fields ?? []).map((f) =>
    fromConnect({ ...f.schema, optional: false }, options, defaultOf, f.index, true),
  );
  return withIndex({ oneOf: schema.optional ? [{ type: 'null' }, ...members] : members }, index);
}

function typeSchema(schema: Schema, options: JsonSchemaDataOptions, defaultOf: (s: Schema) => unknown): JsonObject {
  const number = NUMBER_TYPES[schema.type];
  if (number !== undefined) return { type: number[0], [N.CONNECT_TYPE_PROP]: number[1] };
  switch (schema.type) {
    case SchemaType.BOOLEAN:
      return { type: 'boolean' };
    case SchemaType.STRING: {
      const param =
        schema.parameters?.[N.GENERALIZED_TYPE_ENUM] !== undefined
          ? N.GENERALIZED_TYPE_ENUM
          : schema.parameters?.[N.JSON_TYPE_ENUM] !== undefined
            ? N.JSON_TYPE_ENUM
            : undefined;
      if (param === undefined) return { type: 'string' };
      const symbols = Object.keys(schema.parameters ?? {})
        .filter((k) => k.startsWith(`${param}.`))
        .map((k) => k.slice(param.length + 1))
        .map((s) => (s === N.NULL_MARKER ? null : s));
      return { type: 'string', enum: symbols };
    }
    case SchemaType.BYTES: {
      const numeric = schema.name === Decimal.LOGICAL_NAME && options.decimalFormat === 'NUMERIC';
      return { type: numeric ? 'number' : 'string', [N.CONNECT_TYPE_PROP]: N.CONNECT_TYPES.bytes };
    }
    case SchemaType.ARRAY:
      return { type: 'array', items: fromConnect(schema.valueSchema as Schema, options, defaultOf, undefined, false) };
    case SchemaType.MAP: {
      const key = schema.keySchema as Schema;
      const value = schema.valueSchema as Schema;
      if (key.type === SchemaType.STRING && !key.optional) {
        return {
          type: 'object',
          additionalProperties: fromConnect(value, options, defaultOf, undefined, false),
          [N.CONNECT_TYPE_PROP]: N.CONNECT_TYPES.map,
        };
      }
      const entry = {
        type: 'object',
        properties: {
          [N.KEY_FIELD]: fromConnect(key, options, defaultOf, 0, false),
          [N.VALUE_FIELD]: fromConnect(value, options, defaultOf, 1, false),
        },
      };
      return { type: 'array', items: entry, [N.CONNECT_TYPE_PROP]: N.CONNECT_TYPES.map };
    }
    case SchemaType.STRUCT: {
      const properties: JsonObject = {};
      for (const field of schema.fields ?? [])
        properties[field.name] = fromConnect(field.schema, options, defaultOf, field.index, false);
      const out: JsonObject = { type: 'object', properties };
      if (!options.allowAdditionalProperties) out.additionalProperties = false;
      return out;
    }
    default:
      throw new DataError(`Unsupported type ${schema.type}`);
  }
}

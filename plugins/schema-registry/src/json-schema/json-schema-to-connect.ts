/**
 * JSON Schema → Connect schema, as Confluent's `JsonSchemaData.toConnectSchema`: `connect.type` picks the
 * Connect type (else integer → int64, number → float64); `oneOf`/`anyOf` of null and one schema is that
 * schema optional, other `oneOf`s are a `io.confluent.connect.json.OneOf` struct with one optional field per
 * member; `enum` is a string with the symbols as parameters; objects are structs (fields ordered by
 * `connect.index`, required unless `use.optional.for.nonrequired`), or maps with `connect.type: map`;
 * `title`, `connect.version`, `description`, `connect.parameters` and `default` come back. `$ref`s into the
 * same document (`#/definitions/…`, `#/$defs/…`) are followed, and so are `$ref`s to another subject's
 * schema (schema references: `other.json`, `other.json#/definitions/…`, by reference name or `$id`), as
 * Confluent's loader resolves them; recursive ones are refused. `allOf` merges its object members'
 * properties into one struct, as Confluent's `allOfToConnectSchema`.
 */
import { DataError, type Schema, SchemaBuilder, SchemaType } from 'lambda-connect/api';
import type { JsonObject } from './connect-to-json-schema.js';
import * as N from './json-schema-names.js';
import type { JsonSchemaDataOptions } from './json-schema-data-config.js';

interface Context {
  readonly root: JsonObject;
  /** Referenced documents by reference name (schema references), and by `$id` when they declare one. */
  readonly documents: ReadonlyMap<string, JsonObject>;
  readonly options: JsonSchemaDataOptions;
  readonly resolving: Set<string>;
  unionIndex: number;
}

/**
 * The Connect schema of a JSON Schema document; `version` is the registry's when the schema has none.
 * `documents`: the schemas it references, by reference name.
 */
export function connectSchemaFromJson(
  root: unknown,
  options: JsonSchemaDataOptions,
  version?: number,
  documents: ReadonlyMap<string, JsonObject> = new Map(),
): Schema {
  if (typeof root !== 'object' || root === null) throw new DataError('Invalid JSON Schema: expected an object');
  const byName = new Map(documents);
  for (const document of documents.values())
    if (typeof document.$id === 'string' && !byName.has(document.$id)) byName.set(document.$id, document);
  return toConnect(
    { root: root as JsonObject, documents: byName, options, resolving: new Set(), unionIndex: 0 },
    root as JsonObject,
    version,
    false,
  );
}

function toConnect(ctx: Context, node: JsonObject, version: number | undefined, forceOptional: boolean): Schema {
  if (typeof node.$ref === 'string') return followRef(ctx, node.$ref, version, forceOptional);
  if (Array.isArray(node.type))
    return toConnect(
      ctx,
      { ...node, type: undefined, anyOf: node.type.map((t) => ({ type: t })) },
      version,
      forceOptional,
    );
  const combined = (node.oneOf ?? node.anyOf) as JsonObject[] | undefined;
  if (Array.isArray(combined)) return combinedSchema(ctx, node, combined, version, forceOptional);
  if (Array.isArray(node.allOf)) return allOfSchema(ctx, node, version, forceOptional);
  const builder = typeBuilder(ctx, node);
  decorate(builder, node, version);
  if (forceOptional) builder.optional();
  return builder.build();
}

function followRef(ctx: Context, ref: string, version: number | undefined, forceOptional: boolean): Schema {
  const hash = ref.indexOf('#');
  const location = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  if (location !== '') {
    const document = ctx.documents.get(location);
    if (document === undefined)
      throw new DataError(
        `Invalid JSON Schema: $ref ${ref} names neither a part of the schema nor one of its references`,
      );
    // Inside the referenced document, its own `#…` references are relative to it.
    const inner: Context = { ...ctx, root: document };
    const result = followRef(inner, `#${fragment}`, version, forceOptional);
    ctx.unionIndex = inner.unionIndex;
    return result;
  }
  const key = `${documentKey(ctx)}${ref}`;
  if (ctx.resolving.has(key)) throw new DataError(`Unsupported JSON Schema: recursive $ref ${ref}`);
  const target = refTarget(ctx, ref);
  ctx.resolving.add(key);
  try {
    return toConnect(ctx, target, version, forceOptional);
  } finally {
    ctx.resolving.delete(key);
  }
}

/**
 * The node a `$ref` points at, in the schema or in a referenced document. A target in another document
 * that has `#…` references of its own is refused: read into this document's struct (as `allOf` does),
 * they would resolve against the wrong document.
 */
function refTarget(ctx: Context, ref: string): JsonObject {
  const hash = ref.indexOf('#');
  const location = hash < 0 ? ref : ref.slice(0, hash);
  let target: unknown = location === '' ? ctx.root : ctx.documents.get(location);
  if (target === undefined)
    throw new DataError(
      `Invalid JSON Schema: $ref ${ref} names neither a part of the schema nor one of its references`,
    );
  for (const part of (hash < 0 ? '' : ref.slice(hash + 1)).split('/').filter((p) => p !== ''))
    target = (target as JsonObject | undefined)?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
  if (typeof target !== 'object' || target === null)
    throw new DataError(`Invalid JSON Schema: $ref ${ref} points nowhere`);
  if (location !== '' && JSON.stringify(target).includes('"$ref":"#'))
    throw new DataError(`Unsupported JSON Schema: ${ref} has references inside its document`);
  return target as JsonObject;
}

/**
 * `allOf`, as Confluent's `allOfToConnectSchema`: the properties of every object member (through nested
 * `allOf`s and `$ref`s, and the node's own) merged into one struct, each required unless
 * `use.optional.for.nonrequired` and no member requires it; without properties, a `oneOf`/`anyOf` member
 * wins, a `const` beside a string or number is that type, an `enum` beside a string is the enum (beside a
 * number, the number), a string with a `format` beside a number is the number, and a lone `$ref` is its
 * target. Anything else is refused naming it.
 */
function allOfSchema(ctx: Context, node: JsonObject, version: number | undefined, forceOptional: boolean): Schema {
  const { allOf, ...own } = node;
  const members = [own as JsonObject, ...(allOf as JsonObject[])];
  const properties = new Map<string, JsonObject>();
  const required = new Map<string, boolean>();
  const collect = (member: JsonObject, visited: Set<string>): void => {
    if (typeof member.$ref === 'string') {
      if (visited.has(member.$ref)) return;
      collect(refTarget(ctx, member.$ref), new Set([...visited, member.$ref]));
      return;
    }
    if (Array.isArray(member.allOf)) for (const sub of member.allOf as JsonObject[]) collect(sub, visited);
    const props = member.properties;
    if (typeof props !== 'object' || props === null) return;
    const needed = new Set(Array.isArray(member.required) ? member.required.map(String) : []);
    for (const [name, sub] of Object.entries(props as Record<string, JsonObject>)) {
      properties.set(name, sub);
      required.set(name, needed.has(name));
    }
  };
  for (const member of members) collect(member, new Set());
  if (properties.size > 0) {
    const builder = SchemaBuilder.struct();
    for (const [name, sub] of properties) {
      const optional = ctx.options.useOptionalForNonRequired && required.get(name) !== true;
      builder.field(name, toConnect(ctx, sub, undefined, optional));
    }
    if (forceOptional) builder.optional();
    return builder.build();
  }
  const subs = allOf as JsonObject[];
  const combined = subs.find((m) => Array.isArray(m.oneOf) || Array.isArray(m.anyOf) || Array.isArray(m.allOf));
  if (combined !== undefined) return toConnect(ctx, combined, version, forceOptional);
  const typed = (t: string) => subs.find((m) => m.type === t || (t === 'number' && m.type === 'integer'));
  const string = typed('string');
  const number = typed('number');
  const constant = subs.find((m) => 'const' in m);
  const enumeration = subs.find((m) => Array.isArray(m.enum));
  if (constant !== undefined && (string ?? number) !== undefined)
    return toConnect(ctx, (string ?? number) as JsonObject, version, forceOptional);
  if (enumeration !== undefined && string !== undefined) return toConnect(ctx, enumeration, version, forceOptional);
  if (enumeration !== undefined && number !== undefined) return toConnect(ctx, number, version, forceOptional);
  if (string !== undefined && typeof string.format === 'string')
    return toConnect(ctx, number ?? string, version, forceOptional);
  const ref = subs.find((m) => typeof m.$ref === 'string');
  if (ref !== undefined) return toConnect(ctx, ref, version, forceOptional);
  throw new DataError(`Unsupported JSON Schema: allOf ${JSON.stringify(allOf).slice(0, 200)}`);
}

/** The name under which the context's root document is referenced ('' for the schema itself). */
function documentKey(ctx: Context): string {
  for (const [name, document] of ctx.documents) if (document === ctx.root) return name;
  return '';
}

function combinedSchema(
  ctx: Context,
  node: JsonObject,
  members: JsonObject[],
  version: number | undefined,
  forceOptional: boolean,
): Schema {
  if (members.length === 1 && ctx.options.flattenSingletonUnions)
    return toConnect(ctx, members[0] as JsonObject, version, forceOptional);
  const nonNull = members.filter((m) => m.type !== 'null');
  if (members.length === 2 && nonNull.length === 1) return toConnect(ctx, nonNull[0] as JsonObject, version, true);
  const generalized = ctx.options.generalizedSumTypeSupport;
  const name = generalized ? `${N.GENERALIZED_TYPE_UNION_PREFIX}${ctx.unionIndex++}` : N.JSON_TYPE_ONE_OF;
  const builder = SchemaBuilder.struct().name(name);
  if (generalized) builder.parameter(N.GENERALIZED_TYPE_UNION, name);
  nonNull.forEach((member, index) => {
    const fieldName = generalized ? `${N.GENERALIZED_TYPE_UNION_FIELD_PREFIX}${index}` : `${name}.field.${index}`;
    builder.field(fieldName, toConnect(ctx, member, undefined, true));
  });
  if (nonNull.length < members.length || forceOptional) builder.optional();
  decorate(builder, node, version);
  return builder.build();
}

function connectType(node: JsonObject): unknown {
  return node[N.CONNECT_TYPE_PROP];
}

function typeBuilder(ctx: Context, node: JsonObject): SchemaBuilder {
  if (Array.isArray(node.enum) || node.const !== undefined)
    return enumBuilder(ctx, Array.isArray(node.enum) ? node.enum : [node.const]);
  const type = node.type ?? (node.properties !== undefined ? 'object' : node.items !== undefined ? 'array' : undefined);
  switch (type) {
    case 'boolean':
      return new SchemaBuilder(SchemaType.BOOLEAN);
    case 'integer':
    case 'number':
      return numberBuilder(node, type === 'integer');
    case 'string':
      return new SchemaBuilder(connectType(node) === N.CONNECT_TYPES.bytes ? SchemaType.BYTES : SchemaType.STRING);
    case 'array': {
      const items = node.items;
      if (typeof items !== 'object' || items === null || Array.isArray(items))
        throw new DataError('Array schema did not specify the items type');
      const itemNode = items as JsonObject;
      if (connectType(node) === N.CONNECT_TYPES.map && isObjectNode(itemNode)) {
        const properties = (itemNode.properties ?? {}) as Record<string, JsonObject>;
        return SchemaBuilder.map(
          toConnect(ctx, properties[N.KEY_FIELD] ?? {}, undefined, false),
          toConnect(ctx, properties[N.VALUE_FIELD] ?? {}, undefined, false),
        );
      }
      return SchemaBuilder.array(toConnect(ctx, itemNode, undefined, false));
    }
    case 'object':
      return objectBuilder(ctx, node);
    default:
      throw new DataError(
        `Unsupported JSON Schema: ${type === undefined ? 'a schema without a type (any value)' : `type ${String(type)}`}`,
      );
  }
}

function isObjectNode(node: JsonObject): boolean {
  return node.type === 'object' || node.properties !== undefined;
}

function numberBuilder(node: JsonObject, integer: boolean): SchemaBuilder {
  const declared = connectType(node);
  const byConnectType: Record<string, SchemaType> = {
    [N.CONNECT_TYPES.int8]: SchemaType.INT8,
    [N.CONNECT_TYPES.int16]: SchemaType.INT16,
    [N.CONNECT_TYPES.int32]: SchemaType.INT32,
    [N.CONNECT_TYPES.int64]: SchemaType.INT64,
    [N.CONNECT_TYPES.float]: SchemaType.FLOAT32,
    [N.CONNECT_TYPES.double]: SchemaType.FLOAT64,
    [N.CONNECT_TYPES.bytes]: SchemaType.BYTES,
  };
  if (declared === undefined) return new SchemaBuilder(integer ? SchemaType.INT64 : SchemaType.FLOAT64);
  const type = byConnectType[String(declared)];
  if (type === undefined) throw new DataError(`Unsupported type ${String(declared)}`);
  return new SchemaBuilder(type);
}

function enumBuilder(ctx: Context, values: unknown[]): SchemaBuilder {
  const param = ctx.options.generalizedSumTypeSupport ? N.GENERALIZED_TYPE_ENUM : N.JSON_TYPE_ENUM;
  const builder = new SchemaBuilder(SchemaType.STRING).parameter(param, '');
  values.forEach((value, index) => {
    const symbol = value === null ? N.NULL_MARKER : String(value);
    builder.parameter(`${param}.${symbol}`, ctx.options.generalizedSumTypeSupport ? String(index) : symbol);
  });
  return builder;
}

function objectBuilder(ctx: Context, node: JsonObject): SchemaBuilder {
  if (connectType(node) === N.CONNECT_TYPES.map) {
    const values = node.additionalProperties;
    if (typeof values !== 'object' || values === null) throw new DataError('Map schema did not specify the value type');
    return SchemaBuilder.map(
      new SchemaBuilder(SchemaType.STRING).build(),
      toConnect(ctx, values as JsonObject, undefined, false),
    );
  }
  const properties = Object.entries((node.properties ?? {}) as Record<string, JsonObject>);
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const ordered = properties
    .map(([name, sub], position) => ({
      name,
      sub,
      index: typeof sub[N.CONNECT_INDEX_PROP] === 'number' ? (sub[N.CONNECT_INDEX_PROP] as number) : position,
    }))
    .sort((a, b) => a.index - b.index);
  const builder = SchemaBuilder.struct();
  for (const { name, sub } of ordered) {
    const optional = ctx.options.useOptionalForNonRequired && !required.has(name);
    builder.field(name, toConnect(ctx, sub, undefined, optional));
  }
  return builder;
}

function decorate(builder: SchemaBuilder, node: JsonObject, version: number | undefined): void {
  const built = builder.build();
  if (typeof node.title === 'string' && built.name === undefined) builder.name(node.title);
  const connectVersion = node[N.CONNECT_VERSION_PROP];
  if (typeof connectVersion === 'number') builder.version(connectVersion);
  else if (version !== undefined) builder.version(version);
  if (typeof node.description === 'string') builder.doc(node.description);
  const parameters = node[N.CONNECT_PARAMETERS_PROP];
  if (typeof parameters === 'object' && parameters !== null) {
    for (const [key, value] of Object.entries(parameters)) builder.parameter(key, String(value));
  }
}

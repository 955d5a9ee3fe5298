/**
 * Connect → Avro schemas (JSON), as Confluent's `AvroData.fromConnectSchema`: optional schemas as unions
 * with null (null first, or last when the schema has a default), structs as records (unnamed ones
 * `io.confluent.connect.avro.ConnectDefault`, `ConnectDefault2`, ...), maps with non-string keys as
 * arrays of `MapEntry` records, Decimal/Date/Time/Timestamp as Avro logical types, and Connect's
 * metadata as `connect.*` props (`connect.meta.data`). A named type seen again is referenced by name.
 */
import { Decimal, LogicalDate, LogicalTime, LogicalTimestamp, SchemaType, type Schema } from 'lambda-connect/api';
import type { AvroDataSettings } from './avro-data-config.js';
import { defaultToAvro } from './avro-defaults.js';
import * as N from './avro-names.js';

type Json = Record<string, unknown> | string | unknown[];

/** The Avro schema (as JSON) of a Connect schema. */
export function fromConnectSchema(schema: Schema, settings: AvroDataSettings): Json {
  return new FromConnect(settings).convert(schema, false);
}

class FromConnect {
  private defaultNames = 0;
  private readonly defined = new Map<string, string>();

  constructor(private readonly settings: AvroDataSettings) {}

  convert(schema: Schema, ignoreOptional: boolean): Json {
    if (isUnionSchema(schema)) return this.union(schema);
    if (schema.type === SchemaType.STRUCT && schema.optional)
      return ['null', this.convert({ ...schema, optional: false }, false)];
    const base = this.base(schema);
    const finished = typeof base === 'string' ? base : this.metadata(schema, base);
    if (ignoreOptional || !schema.optional) return finished;
    return schema.defaultValue !== undefined && schema.defaultValue !== null ? [finished, 'null'] : ['null', finished];
  }

  private base(schema: Schema): Record<string, unknown> | string {
    switch (schema.type) {
      case SchemaType.INT8:
        return { type: 'int', [N.CONNECT_TYPE_PROP]: N.CONNECT_TYPE_INT8 };
      case SchemaType.INT16:
        return { type: 'int', [N.CONNECT_TYPE_PROP]: N.CONNECT_TYPE_INT16 };
      case SchemaType.INT32:
        return { type: 'int' };
      case SchemaType.INT64:
        return { type: 'long' };
      case SchemaType.FLOAT32:
        return { type: 'float' };
      case SchemaType.FLOAT64:
        return { type: 'double' };
      case SchemaType.BOOLEAN:
        return { type: 'boolean' };
      case SchemaType.STRING:
        return this.enhanced(schema) ? this.enumeration(schema) : { type: 'string' };
      case SchemaType.BYTES:
        return this.bytes(schema);
      case SchemaType.ARRAY:
        return { type: 'array', items: this.convert(schema.valueSchema as Schema, false) };
      case SchemaType.MAP:
        return this.map(schema);
      case SchemaType.STRUCT:
        return this.record(schema);
    }
  }

  private enhanced(schema: Schema): boolean {
    return this.settings.enhancedSchemaSupport && schema.parameters?.[N.AVRO_TYPE_ENUM] !== undefined;
  }

  private enumeration(schema: Schema): Record<string, unknown> | string {
    const params = schema.parameters ?? {};
    const prefix = `${N.AVRO_TYPE_ENUM}.`;
    const symbols = Object.keys(params)
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
    const simple = this.names(schema.name).name;
    const { namespace, name } = N.splitName(params[N.AVRO_TYPE_ENUM] as string);
    return this.named(namespace, name, () => ({
      type: 'enum',
      name,
      ...(namespace === undefined ? {} : { namespace }),
      ...optional('doc', params[N.AVRO_ENUM_DOC_PREFIX_PROP + simple]),
      symbols,
      ...optional('default', params[N.AVRO_ENUM_DEFAULT_PREFIX_PROP + simple]),
    }));
  }

  private bytes(schema: Schema): Record<string, unknown> | string {
    const params = schema.parameters ?? {};
    let base: Record<string, unknown> | string = { type: 'bytes' };
    if (schema.name !== undefined && params[N.CONNECT_FIXED_SIZE_PROP] !== undefined) {
      const { namespace, name } = this.names(schema.name);
      base = this.named(namespace, name, () => ({
        type: 'fixed',
        name,
        ...(namespace === undefined ? {} : { namespace }),
        size: Number(params[N.CONNECT_FIXED_SIZE_PROP]),
      }));
      if (typeof base === 'string') return base;
    }
    if (schema.name === Decimal.LOGICAL_NAME) {
      base[N.DECIMAL_SCALE_PROP] = Number(params[Decimal.SCALE_FIELD]);
      base[N.DECIMAL_PRECISION_PROP] = Number(params[N.CONNECT_DECIMAL_PRECISION_PROP] ?? N.DECIMAL_PRECISION_DEFAULT);
    }
    return base;
  }

  private map(schema: Schema): Record<string, unknown> {
    const key = schema.keySchema as Schema;
    const value = schema.valueSchema as Schema;
    if (key.type === SchemaType.STRING && (!key.optional || this.settings.allowOptionalMapKeys))
      return { type: 'map', values: this.convert(value, false) };
    const { namespace, name } =
      schema.name === undefined
        ? { namespace: N.AVRO_NAMESPACE, name: N.MAP_ENTRY_TYPE_NAME }
        : this.names(schema.name);
    const entry = this.named(namespace, name, () => ({
      type: 'record',
      name,
      namespace,
      fields: [this.field(N.KEY_FIELD, key, undefined), this.field(N.VALUE_FIELD, value, undefined)],
      ...(schema.name === undefined ? {} : { [N.CONNECT_INTERNAL_TYPE_NAME]: N.MAP_ENTRY_TYPE_NAME }),
    }));
    return { type: 'array', items: entry };
  }

  private record(schema: Schema): Record<string, unknown> | string {
    const { namespace, name } = this.names(schema.name);
    const params = schema.parameters ?? {};
    return this.named(namespace, name, () => ({
      type: 'record',
      name,
      ...(namespace === undefined ? {} : { namespace }),
      ...optional('doc', params[N.AVRO_RECORD_DOC_PROP]),
      fields: (schema.fields ?? []).map((f) =>
        this.field(this.scrub(f.name), f.schema, params[N.AVRO_FIELD_DOC_PREFIX_PROP + f.name]),
      ),
    }));
  }

  private field(name: string, schema: Schema, doc: string | undefined): Record<string, unknown> {
    const type = this.convert(schema, false);
    const field: Record<string, unknown> = { name, type, ...optional('doc', doc) };
    // A union's default must be of its first member: an optional struct (null first) keeps no other default.
    const nullFirst = Array.isArray(type) && type[0] === 'null';
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      if (!nullFirst)
        field['default'] = defaultToAvro(schema, schema.defaultValue, (s) => this.unionMemberFieldName(s));
    } else if (schema.optional && nullFirst) {
      field['default'] = null;
    }
    return field;
  }

  private union(schema: Schema): Json {
    const members: unknown[] = schema.optional ? ['null'] : [];
    for (const field of schema.fields ?? []) members.push(this.convert({ ...field.schema, optional: false }, true));
    return members;
  }

  /** Connect's metadata and the logical type, on a non-union Avro schema. */
  private metadata(schema: Schema, base: Record<string, unknown>): Record<string, unknown> {
    if (this.settings.connectMetaData) {
      if (schema.doc !== undefined) base[N.CONNECT_DOC_PROP] = schema.doc;
      if (schema.version !== undefined) base[N.CONNECT_VERSION_PROP] = schema.version;
      const params = Object.entries(schema.parameters ?? {}).filter(([k]) => k !== N.AVRO_FIELD_DEFAULT_FLAG_PROP);
      if (params.length > 0) base[N.CONNECT_PARAMETERS_PROP] = Object.fromEntries(params);
      if (
        schema.defaultValue !== undefined &&
        schema.defaultValue !== null &&
        schema.parameters?.[N.AVRO_FIELD_DEFAULT_FLAG_PROP] === undefined
      ) {
        base[N.CONNECT_DEFAULT_VALUE_PROP] = defaultToAvro(schema, schema.defaultValue, (s) =>
          this.unionMemberFieldName(s),
        );
      }
      if (schema.name !== undefined) base[N.CONNECT_NAME_PROP] = schema.name;
    }
    this.logicalType(schema, base);
    for (const [key, value] of Object.entries(schema.parameters ?? {}))
      if (key.startsWith(N.AVRO_PROP_PREFIX)) base[key] = value;
    return base;
  }

  private logicalType(schema: Schema, base: Record<string, unknown>): void {
    switch (schema.name) {
      case Decimal.LOGICAL_NAME: {
        // Avro's decimal requires 0 <= scale <= precision; Confluent then keeps only the legacy prop.
        base[N.LOGICAL_TYPE_PROP] = N.LOGICAL_DECIMAL;
        return;
      }
      case LogicalTime.LOGICAL_NAME:
        base[N.LOGICAL_TYPE_PROP] = N.LOGICAL_TIME_MILLIS;
        return;
      case LogicalTimestamp.LOGICAL_NAME:
        base[N.LOGICAL_TYPE_PROP] = N.LOGICAL_TIMESTAMP_MILLIS;
        return;
      case LogicalDate.LOGICAL_NAME:
        base[N.LOGICAL_TYPE_PROP] = N.LOGICAL_DATE;
        return;
    }
  }

  /** A named type's definition the first time its full name appears, its name afterwards. */
  private named(
    namespace: string | undefined,
    name: string,
    build: () => Record<string, unknown>,
  ): Record<string, unknown> | string {
    const fullName = namespace === undefined ? name : `${namespace}.${name}`;
    if (this.defined.has(fullName)) return fullName;
    this.defined.set(fullName, fullName);
    return build();
  }

  private names(name: string | undefined): { namespace: string | undefined; name: string } {
    if (name === undefined) {
      this.defaultNames++;
      return {
        namespace: N.AVRO_NAMESPACE,
        name: N.DEFAULT_SCHEMA_NAME + (this.defaultNames > 1 ? String(this.defaultNames) : ''),
      };
    }
    const split = N.splitName(name);
    if (!this.settings.scrubInvalidNames) return split;
    return {
      namespace: split.namespace
        ?.split('.')
        .map((part) => this.scrub(part))
        .join('.'),
      name: this.scrub(split.name),
    };
  }

  private scrub(name: string): string {
    if (!this.settings.scrubInvalidNames || /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
    const encoded = encodeURIComponent(name).replace(/[^A-Za-z0-9_]/g, '_');
    return /^[0-9]/.test(encoded) ? `x${encoded}` : encoded;
  }

  unionMemberFieldName(schema: Schema): string {
    if (
      schema.type === SchemaType.STRUCT ||
      this.enhanced(schema) ||
      (schema.type === SchemaType.BYTES && schema.parameters?.[N.CONNECT_FIXED_SIZE_PROP] !== undefined)
    ) {
      const name = schema.name ?? '';
      return this.settings.enhancedSchemaSupport ? name : N.splitName(name).name;
    }
    return AVRO_TYPE_NAMES[schema.type] ?? schema.type;
  }
}

const AVRO_TYPE_NAMES: Record<string, string> = {
  int8: 'int',
  int16: 'int',
  int32: 'int',
  int64: 'long',
  float: 'float',
  double: 'double',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  array: 'array',
  map: 'map',
  struct: 'record',
};

export function isUnionSchema(schema: Schema): boolean {
  return schema.type === SchemaType.STRUCT && schema.name === N.AVRO_TYPE_UNION;
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value };
}

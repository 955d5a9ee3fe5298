/**
 * Avro → Connect schemas, as Confluent's `AvroData.toConnectSchema`: unions of null and one type become
 * optional schemas, other unions `io.confluent.connect.avro.Union` structs, enums strings with
 * `io.confluent.connect.avro.Enum` parameters, arrays of `MapEntry` records maps with non-string keys,
 * logical types Connect's Decimal/Date/Time/Timestamp, and `connect.*` props the Connect metadata.
 */
import {
  DataError,
  Decimal,
  LogicalDate,
  LogicalTime,
  LogicalTimestamp,
  SchemaBuilder,
  SchemaType,
  Schemas,
  type Schema,
} from 'lambda-connect/api';
import type { AvroDataSettings } from './avro-data-config.js';
import * as N from './avro-names.js';
import type { AvroNode } from './avro-schema-node.js';
import { defaultFromAvro } from './avro-defaults.js';

interface Overrides {
  readonly forceOptional: boolean;
  /** A record field's default (JSON), which wins over `connect.default`. */
  readonly fieldDefault?: unknown;
  readonly version?: number | undefined;
}

/** The Connect schema of an Avro schema; `version` is the registry's version of it (when no `connect.version`). */
export function toConnectSchema(node: AvroNode, settings: AvroDataSettings, version?: number): Schema {
  return new ToConnect(settings).convert(node, { forceOptional: false, version });
}

class ToConnect {
  private readonly visiting = new Set<AvroNode>();

  constructor(private readonly settings: AvroDataSettings) {}

  convert(node: AvroNode, overrides: Overrides): Schema {
    if (node.kind === 'union') return this.union(node, overrides);
    if (this.visiting.has(node))
      throw new DataError(
        `Recursive Avro schemas are not supported (${'fullName' in node ? node.fullName : node.kind} refers to itself)`,
      );
    this.visiting.add(node);
    try {
      return this.finish(node, this.base(node), overrides);
    } finally {
      this.visiting.delete(node);
    }
  }

  private base(node: Exclude<AvroNode, { kind: 'union' }>): SchemaBuilder {
    const logical = node.props[N.LOGICAL_TYPE_PROP];
    switch (node.kind) {
      case 'primitive':
        return this.primitive(node.type, logical, node.props);
      case 'fixed': {
        const builder = logical === N.LOGICAL_DECIMAL ? this.decimal(node.props) : new SchemaBuilder(SchemaType.BYTES);
        return builder.parameter(N.CONNECT_FIXED_SIZE_PROP, String(node.size));
      }
      case 'array': {
        const entry = node.items;
        if (entry.kind === 'record' && isMapEntry(entry)) {
          const key = entry.fields.find((f) => f.name === N.KEY_FIELD);
          const value = entry.fields.find((f) => f.name === N.VALUE_FIELD);
          if (entry.fields.length !== 2 || key === undefined || value === undefined)
            throw new DataError(
              'Found map encoded as array of key-value pairs, but array elements do not match the expected format.',
            );
          return SchemaBuilder.map(
            this.convert(key.type, { forceOptional: false }),
            this.convert(value.type, { forceOptional: false }),
          );
        }
        return SchemaBuilder.array(this.convert(node.items, { forceOptional: false }));
      }
      case 'map':
        return SchemaBuilder.map(Schemas.STRING, this.convert(node.values, { forceOptional: false }));
      case 'record':
        return this.record(node);
      case 'enum':
        return this.enumeration(node);
    }
  }

  private primitive(type: string, logical: unknown, props: Readonly<Record<string, unknown>>): SchemaBuilder {
    switch (type) {
      case 'boolean':
        return new SchemaBuilder(SchemaType.BOOLEAN);
      case 'bytes':
        return logical === N.LOGICAL_DECIMAL ? this.decimal(props) : new SchemaBuilder(SchemaType.BYTES);
      case 'double':
        return new SchemaBuilder(SchemaType.FLOAT64);
      case 'float':
        return new SchemaBuilder(SchemaType.FLOAT32);
      case 'int': {
        if (logical === N.LOGICAL_DATE) return LogicalDate.builder();
        if (logical === N.LOGICAL_TIME_MILLIS) return LogicalTime.builder();
        const connectType = props[N.CONNECT_TYPE_PROP];
        if (connectType === N.CONNECT_TYPE_INT8) return new SchemaBuilder(SchemaType.INT8);
        if (connectType === N.CONNECT_TYPE_INT16) return new SchemaBuilder(SchemaType.INT16);
        return new SchemaBuilder(SchemaType.INT32);
      }
      case 'long':
        return logical === N.LOGICAL_TIMESTAMP_MILLIS
          ? LogicalTimestamp.builder()
          : new SchemaBuilder(SchemaType.INT64);
      case 'string':
        return new SchemaBuilder(SchemaType.STRING);
      default:
        throw new DataError('Standalone null schemas are not supported by this converter');
    }
  }

  private decimal(props: Readonly<Record<string, unknown>>): SchemaBuilder {
    const scale = typeof props[N.DECIMAL_SCALE_PROP] === 'number' ? (props[N.DECIMAL_SCALE_PROP] as number) : 0;
    const builder = Decimal.builder(scale);
    const precision = props[N.DECIMAL_PRECISION_PROP];
    if (precision !== undefined) {
      if (typeof precision !== 'number')
        throw new DataError(
          `${N.DECIMAL_PRECISION_PROP} property must be a JSON Integer. https://avro.apache.org/docs/1.9.1/spec.html#Decimal`,
        );
      if (precision !== N.DECIMAL_PRECISION_DEFAULT)
        builder.parameter(N.CONNECT_DECIMAL_PRECISION_PROP, String(precision));
    }
    return builder;
  }

  private record(node: Extract<AvroNode, { kind: 'record' }>): SchemaBuilder {
    const builder = SchemaBuilder.struct();
    const meta = this.settings.connectMetaData;
    if (meta && node.doc !== undefined) builder.parameter(N.AVRO_RECORD_DOC_PROP, node.doc);
    for (const field of node.fields) {
      if (meta && field.doc !== undefined) builder.parameter(N.AVRO_FIELD_DOC_PREFIX_PROP + field.name, field.doc);
      let schema = this.convert(field.type, { forceOptional: false, fieldDefault: field.default });
      const fieldParams = field.props[N.CONNECT_PARAMETERS_PROP];
      if (meta && fieldParams !== null && typeof fieldParams === 'object')
        schema = withParameters(schema, fieldParams as Record<string, unknown>);
      builder.field(field.name, schema);
    }
    return builder;
  }

  private enumeration(node: Extract<AvroNode, { kind: 'enum' }>): SchemaBuilder {
    const builder = new SchemaBuilder(SchemaType.STRING);
    if (this.settings.connectMetaData) {
      if (node.doc !== undefined) builder.parameter(N.AVRO_ENUM_DOC_PREFIX_PROP + node.name, node.doc);
      if (node.default !== undefined) builder.parameter(N.AVRO_ENUM_DEFAULT_PREFIX_PROP + node.name, node.default);
    }
    builder.parameter(N.AVRO_TYPE_ENUM, node.fullName);
    for (const symbol of node.symbols) builder.parameter(`${N.AVRO_TYPE_ENUM}.${symbol}`, symbol);
    return builder;
  }

  private union(node: Extract<AvroNode, { kind: 'union' }>, overrides: Overrides): Schema {
    const { types } = node;
    if (types.length === 1 && this.settings.flattenSingletonUnions)
      return this.convert(types[0] as AvroNode, { forceOptional: false });
    if (types.length === 2) {
      const nullAt = types.findIndex(isNull);
      const other = types[1 - nullAt];
      if (nullAt >= 0 && other !== undefined && !isNull(other)) return this.convert(other, { forceOptional: true });
    }
    const builder = SchemaBuilder.struct().name(N.AVRO_TYPE_UNION);
    const names = new Set<string>();
    for (const member of types) {
      if (isNull(member)) {
        builder.optional();
        continue;
      }
      const name = this.unionMemberFieldName(member);
      if (names.has(name)) throw new DataError('Multiple union schemas map to the Connect union field name');
      names.add(name);
      builder.field(name, this.convert(member, { forceOptional: true }));
    }
    if (overrides.forceOptional) builder.optional();
    return builder.build();
  }

  unionMemberFieldName(member: AvroNode): string {
    if (member.kind === 'record' || member.kind === 'enum' || member.kind === 'fixed')
      return this.settings.enhancedSchemaSupport ? member.fullName : member.name;
    return member.kind === 'primitive' ? member.type : member.kind;
  }

  /** Doc, version, parameters, default, name and optionality: the part every non-union type shares. */
  private finish(node: Exclude<AvroNode, { kind: 'union' }>, builder: SchemaBuilder, overrides: Overrides): Schema {
    const { props } = node;
    const meta = this.settings.connectMetaData;
    const doc = props[N.CONNECT_DOC_PROP];
    if (meta && typeof doc === 'string') builder.doc(doc);
    const version = props[N.CONNECT_VERSION_PROP] ?? overrides.version;
    if (version !== undefined && version !== null) {
      if (typeof version !== 'number') throw new DataError(`Invalid Connect version found: ${JSON.stringify(version)}`);
      if (version >= 0) builder.version(version);
    }
    const parameters = props[N.CONNECT_PARAMETERS_PROP];
    if (meta && parameters !== undefined) {
      if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters))
        throw new DataError(`Expected JSON object for schema parameters but found: ${JSON.stringify(parameters)}`);
      for (const [key, value] of Object.entries(parameters)) {
        if (typeof value !== 'string')
          throw new DataError(`Expected schema parameter values to be strings but found: ${JSON.stringify(value)}`);
        builder.parameter(key, value);
      }
    }
    for (const [key, value] of Object.entries(props))
      if (key.startsWith(N.AVRO_PROP_PREFIX))
        builder.parameter(key, typeof value === 'string' ? value : JSON.stringify(value));
    const connectDefault = props[N.CONNECT_DEFAULT_VALUE_PROP];
    let defaultJson = overrides.fieldDefault;
    if (defaultJson === undefined) defaultJson = connectDefault;
    else if (meta && connectDefault === undefined) builder.parameter(N.AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');
    const name = this.nameOf(node, builder);
    if (name !== undefined && !name.startsWith(N.DEFAULT_SCHEMA_FULL_NAME)) builder.name(name);
    if (overrides.forceOptional) builder.optional();
    if (defaultJson !== undefined && defaultJson !== null) {
      const schema = builder.build();
      try {
        builder.defaultValue(defaultFromAvro(schema, node, defaultJson, this));
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
      }
    }
    return builder.build();
  }

  private nameOf(node: Exclude<AvroNode, { kind: 'union' }>, builder: SchemaBuilder): string | undefined {
    const connectName = node.props[N.CONNECT_NAME_PROP];
    if (connectName !== undefined) {
      if (typeof connectName !== 'string') throw new DataError(`Invalid schema name: ${JSON.stringify(connectName)}`);
      return connectName;
    }
    if (node.kind === 'record' || node.kind === 'enum') return node.fullName;
    const built = builder.build();
    if (node.kind === 'fixed' && built.name !== Decimal.LOGICAL_NAME) return node.fullName;
    return built.name;
  }
}

function isNull(node: AvroNode): boolean {
  return node.kind === 'primitive' && node.type === 'null';
}

function isMapEntry(node: Extract<AvroNode, { kind: 'record' }>): boolean {
  return (
    node.fullName === `${N.AVRO_NAMESPACE}.${N.MAP_ENTRY_TYPE_NAME}` ||
    node.props[N.CONNECT_INTERNAL_TYPE_NAME] === N.MAP_ENTRY_TYPE_NAME
  );
}

/** The schema with field-level `connect.parameters` added over its own (a named type reused under another field). */
function withParameters(schema: Schema, extra: Record<string, unknown>): Schema {
  const parameters: Record<string, string> = { ...schema.parameters };
  let changed = false;
  for (const [key, value] of Object.entries(extra)) {
    if (parameters[key] !== String(value)) changed = true;
    parameters[key] = String(value);
  }
  return changed ? Object.freeze({ ...schema, parameters }) : schema;
}

export type { ToConnect };

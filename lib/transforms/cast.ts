/**
 * `org.apache.kafka.connect.transforms.Cast$Key` / `$Value`: casts fields (or the whole key/value) to
 * another primitive type. Bytes can only become strings (base64). Null values pass through.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  DataError,
  Importance,
  SchemaBuilder,
  SchemaType,
  Struct,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { javaTypeName } from '../common/schema-type-names.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { castValue, parseCastType } from './util/cast-values.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapGet, mapWith } from './util/schemaless-map.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, javaList } from './util/transform-config.js';

const PURPOSE = 'cast types';
const SPEC_CONFIG = 'spec';

/** Field → target type; the whole-value cast is keyed by null. */
type CastSpec = Map<string | null, SchemaType>;

function parseSpec(mappings: readonly string[]): CastSpec {
  const casts: CastSpec = new Map();
  let wholeValue = false;
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length > 2)
      throw ConfigError.invalidValue('renames', javaList(mappings), `Invalid rename mapping: ${mapping}`);
    if (parts.length === 1) {
      casts.set(null, parseCastType(parts[0] ?? ''));
      wholeValue = true;
    } else {
      casts.set((parts[0] ?? '').trim(), parseCastType(parts[1] ?? ''));
    }
  }
  if (wholeValue && mappings.length > 1) {
    throw new ConfigError(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
  }
  return casts;
}

export function castConfigDef(): ConfigDef {
  return defineReplaceNullWithDefault(
    new ConfigDef().define({
      name: SPEC_CONFIG,
      type: ConfigType.LIST,
      validator: (_name, value) => {
        if (!Array.isArray(value) || value.length === 0)
          throw new ConfigError('Must specify at least one field to cast.');
        parseSpec(value as string[]);
      },
      importance: Importance.HIGH,
      documentation:
        'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    }),
  );
}

export abstract class Cast extends KeyOrValueTransformation {
  private casts: CastSpec = new Map();
  private wholeValueCastType: SchemaType | undefined;
  private replaceNullWithDefault = true;
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = castConfigDef().parse(configs);
    this.casts = parseSpec(parsed.get(SPEC_CONFIG) as string[]);
    this.wholeValueCastType = this.casts.get(null);
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return castConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    return schema === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, schema, value);
  }

  private applySchemaless<R extends ConnectRecord>(record: R, value: unknown): R {
    if (this.wholeValueCastType !== undefined)
      return withOperating(record, this.side, null, castValue(null, value, this.wholeValueCastType));
    const map = requireMap(value, PURPOSE);
    const updates = new Map<string, unknown>();
    for (const [field, type] of this.casts)
      if (field !== null) updates.set(field, castValue(null, mapGet(map, field) ?? null, type));
    return withOperating(record, this.side, null, mapWith(map, updates));
  }

  private applyWithSchema<R extends ConnectRecord>(record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.schemaCache.getOrCompute(schema, (s) => this.buildSchema(s));
    if (this.wholeValueCastType !== undefined) {
      return withOperating(record, this.side, updatedSchema, castValue(schema, value, this.wholeValueCastType));
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields ?? []) {
      const original = structField(struct, field.name, this.replaceNullWithDefault);
      const target = this.casts.get(field.name);
      updated.put(field.name, target === undefined ? original : castValue(field.schema, original, target));
    }
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.wholeValueCastType !== undefined) {
      builder = copySchemaBasics(schema, new SchemaBuilder(this.wholeValueCastType));
    } else {
      if (schema.type !== SchemaType.STRUCT)
        throw new DataError(`Only Struct objects supported for [${PURPOSE}], found: ${javaTypeName(schema.type)}`);
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields ?? []) {
        const target = this.casts.get(field.name);
        if (target === undefined) {
          builder.field(field.name, field.schema);
          continue;
        }
        const fieldBuilder = new SchemaBuilder(target);
        if (field.schema.optional) fieldBuilder.optional();
        if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) {
          fieldBuilder.defaultValue(castValue(field.schema, field.schema.defaultValue, target));
        }
        builder.field(field.name, fieldBuilder.build());
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && this.wholeValueCastType !== undefined) {
      builder.defaultValue(castValue(schema, schema.defaultValue, this.wholeValueCastType));
    }
    return builder.build();
  }
}

export class CastKey extends Cast {
  static readonly className = 'org.apache.kafka.connect.transforms.Cast$Key';
  protected readonly side = RecordSide.KEY;
}

export class CastValue extends Cast {
  static readonly className = 'org.apache.kafka.connect.transforms.Cast$Value';
  protected readonly side = RecordSide.VALUE;
}

/**
 * `org.apache.kafka.connect.transforms.Flatten$Key` / `$Value`: nested structs (or maps) become top-level
 * fields named `outer<delimiter>inner`. Arrays are kept as they are; null values pass through.
 */
import {
  ConfigDef,
  ConfigType,
  DataError,
  Importance,
  SchemaBuilder,
  SchemaType,
  Struct,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { javaClassOf } from '../common/java-class.js';
import { javaTypeName } from '../common/schema-type-names.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { inferSchemaType } from './util/cast-values.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapEntries, mapFrom, type SchemalessMap } from './util/schemaless-map.js';
import { requireMap, requireStructOrNull } from './util/requirements.js';

const PURPOSE = 'flattening';
const DELIMITER_CONFIG = 'delimiter';

const LEAF_TYPES: ReadonlySet<SchemaType> = new Set([
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.FLOAT32,
  SchemaType.FLOAT64,
  SchemaType.BOOLEAN,
  SchemaType.STRING,
  SchemaType.BYTES,
  SchemaType.ARRAY,
]);

export function flattenConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: DELIMITER_CONFIG,
    type: ConfigType.STRING,
    defaultValue: '.',
    importance: Importance.MEDIUM,
    documentation:
      'Delimiter to insert between field names from the input record when generating field names for the output record',
  });
}

export abstract class Flatten extends KeyOrValueTransformation {
  private delimiter = '.';
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    this.delimiter = flattenConfigDef().parse(configs).get(DELIMITER_CONFIG) as string;
  }

  config(): ConfigDef {
    return flattenConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const entries: Array<[unknown, unknown]> = [];
      this.flattenMap(map, '', entries);
      return withOperating(record, this.side, null, mapFrom(map, entries));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.schemaCache.getOrCompute(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct());
      this.flattenSchema(s, '', builder, s.optional, s.defaultValue instanceof Struct ? s.defaultValue : null);
      return builder.build();
    });
    if (struct === null) return withOperating(record, this.side, updatedSchema, null);
    const updated = new Struct(updatedSchema);
    this.flattenStruct(struct, '', updated);
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private fieldName(prefix: string, name: string): string {
    return prefix === '' ? name : `${prefix}${this.delimiter}${name}`;
  }

  private flattenMap(map: SchemalessMap, prefix: string, out: Array<[unknown, unknown]>): void {
    for (const [key, value] of mapEntries(map)) {
      const name = this.fieldName(prefix, String(key));
      if (value === null || value === undefined) {
        out.push([name, null]);
        continue;
      }
      const type = inferSchemaType(value);
      if (type === undefined) {
        throw new DataError(
          `Flatten transformation was passed a value of type ${javaClassOf(value)} which is not supported by Connect's data API`,
        );
      }
      if (LEAF_TYPES.has(type)) out.push([name, value]);
      else if (type === SchemaType.MAP) this.flattenMap(requireMap(value, PURPOSE), name, out);
      else
        throw new DataError(
          `Flatten transformation does not support ${javaClassOf(value)} for record without schemas (for field ${name}).`,
        );
    }
  }

  private flattenSchema(
    schema: Schema,
    prefix: string,
    builder: SchemaBuilder,
    optional: boolean,
    parentDefault: Struct | null,
  ): void {
    for (const field of schema.fields ?? []) {
      const name = this.fieldName(prefix, field.name);
      const fieldOptional = optional || field.schema.optional;
      const fieldDefault = field.schema.defaultValue ?? (parentDefault === null ? null : parentDefault.get(field.name));
      if (LEAF_TYPES.has(field.schema.type)) {
        const fieldBuilder = copySchemaBasics(field.schema);
        if (fieldOptional) fieldBuilder.optional();
        if (fieldDefault !== null && fieldDefault !== undefined) fieldBuilder.defaultValue(fieldDefault);
        builder.field(name, fieldBuilder.build());
      } else if (field.schema.type === SchemaType.STRUCT) {
        this.flattenSchema(
          field.schema,
          name,
          builder,
          fieldOptional,
          fieldDefault instanceof Struct ? fieldDefault : null,
        );
      } else {
        throw new DataError(
          `Flatten transformation does not support ${javaTypeName(field.schema.type)} for record with schemas (for field ${name}).`,
        );
      }
    }
  }

  private flattenStruct(struct: Struct, prefix: string, out: Struct): void {
    for (const field of struct.schema.fields ?? []) {
      const name = this.fieldName(prefix, field.name);
      if (LEAF_TYPES.has(field.schema.type)) out.put(name, struct.get(field.name));
      else if (field.schema.type === SchemaType.STRUCT) {
        const nested = struct.get(field.name);
        if (nested instanceof Struct) this.flattenStruct(nested, name, out);
      } else
        throw new DataError(
          `Flatten transformation does not support ${javaTypeName(field.schema.type)} for record with schemas (for field ${name}).`,
        );
    }
  }
}

export class FlattenKey extends Flatten {
  static readonly className = 'org.apache.kafka.connect.transforms.Flatten$Key';
  protected readonly side = RecordSide.KEY;
}

export class FlattenValue extends Flatten {
  static readonly className = 'org.apache.kafka.connect.transforms.Flatten$Value';
  protected readonly side = RecordSide.VALUE;
}

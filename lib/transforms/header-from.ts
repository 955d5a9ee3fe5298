/**
 * `org.apache.kafka.connect.transforms.HeaderFrom$Key` / `$Value`: copies or moves fields into headers
 * (`fields[i]` → header `headers[i]`). As in Connect, a null key/value is rejected.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  SchemaBuilder,
  Struct,
  Validators,
  fieldOf,
  type ConnectRecord,
  type Header,
  type Schema,
} from '../api/index.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapGet, mapWith } from './util/schemaless-map.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  defineReplaceNullWithDefault,
  nonEmptyList,
} from './util/transform-config.js';

const FIELDS_CONFIG = 'fields';
const HEADERS_CONFIG = 'headers';
const OPERATION_CONFIG = 'operation';

export function headerFromConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: FIELDS_CONFIG,
      type: ConfigType.LIST,
      validator: nonEmptyList,
      importance: Importance.HIGH,
      documentation: 'Field names in the record whose values are to be copied or moved to headers.',
    })
    .define({
      name: HEADERS_CONFIG,
      type: ConfigType.LIST,
      validator: nonEmptyList,
      importance: Importance.HIGH,
      documentation: 'Header names, in the same order as the field names listed in the fields configuration property.',
    })
    .define({
      name: OPERATION_CONFIG,
      type: ConfigType.STRING,
      validator: Validators.in(['move', 'copy']),
      importance: Importance.HIGH,
      documentation:
        'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
    });
  return defineReplaceNullWithDefault(def);
}

export abstract class HeaderFrom extends KeyOrValueTransformation {
  private fields: string[] = [];
  private headers: string[] = [];
  private move = false;
  private replaceNullWithDefault = true;
  private readonly moveSchemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = headerFromConfigDef().parse(configs);
    this.fields = parsed.get(FIELDS_CONFIG) as string[];
    this.headers = parsed.get(HEADERS_CONFIG) as string[];
    if (this.headers.length !== this.fields.length)
      throw new ConfigError(
        `'${FIELDS_CONFIG}' config must have the same number of elements as '${HEADERS_CONFIG}' config.`,
      );
    this.move = parsed.get(OPERATION_CONFIG) === 'move';
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return headerFromConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    const purpose = `header ${this.move ? 'move' : 'copy'}`;
    const added: Header[] = [];
    if (schema === null) {
      const map = requireMap(value, purpose);
      this.fields.forEach((field, i) =>
        added.push({ key: this.headers[i] ?? '', value: mapGet(map, field) ?? null, schema: null }),
      );
      const updated = this.move ? mapWith(map, new Map(), this.fields) : mapWith(map, new Map());
      return { ...withOperating(record, this.side, null, updated), headers: [...record.headers, ...added] };
    }
    const struct = requireStruct(value, purpose);
    let updatedSchema = schema;
    let updatedValue = struct;
    if (this.move) {
      updatedSchema = this.moveSchemaCache.getOrCompute(schema, (s) => this.moveSchema(s));
      updatedValue = new Struct(updatedSchema);
      for (const field of updatedSchema.fields ?? [])
        updatedValue.put(field.name, structField(struct, field.name, this.replaceNullWithDefault));
    }
    this.fields.forEach((field, i) => {
      const fieldValue =
        fieldOf(struct.schema, field) === undefined ? null : structField(struct, field, this.replaceNullWithDefault);
      added.push({ key: this.headers[i] ?? '', value: fieldValue, schema: fieldOf(schema, field)?.schema ?? null });
    });
    return { ...withOperating(record, this.side, updatedSchema, updatedValue), headers: [...record.headers, ...added] };
  }

  private moveSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields ?? [])
      if (!this.fields.includes(field.name)) builder.field(field.name, field.schema);
    return builder.build();
  }
}

export class HeaderFromKey extends HeaderFrom {
  static readonly className = 'org.apache.kafka.connect.transforms.HeaderFrom$Key';
  protected readonly side = RecordSide.KEY;
}

export class HeaderFromValue extends HeaderFrom {
  static readonly className = 'org.apache.kafka.connect.transforms.HeaderFrom$Value';
  protected readonly side = RecordSide.VALUE;
}

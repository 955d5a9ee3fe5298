/**
 * `org.apache.kafka.connect.transforms.ValueToKey`: the key becomes a struct (or map) of the listed value
 * fields. As in Connect, a record without a value (a tombstone) is rejected.
 */
import {
  ConfigDef,
  ConfigType,
  DataError,
  Importance,
  SchemaBuilder,
  Struct,
  fieldOf,
  type ConnectRecord,
  type Schema,
  type Transformation,
} from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';
import { SchemaCache } from './util/schema-util.js';
import { mapFrom, mapGet } from './util/schemaless-map.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  defineReplaceNullWithDefault,
  nonEmptyList,
} from './util/transform-config.js';

const PURPOSE = 'copying fields from value to key';
const FIELDS_CONFIG = 'fields';

export function valueToKeyConfigDef(): ConfigDef {
  return defineReplaceNullWithDefault(
    new ConfigDef().define({
      name: FIELDS_CONFIG,
      type: ConfigType.LIST,
      validator: nonEmptyList,
      importance: Importance.HIGH,
      documentation: 'Field names on the record value to extract as the record key.',
    }),
  );
}

export class ValueToKey implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.ValueToKey';

  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = valueToKeyConfigDef().parse(configs);
    this.fields = parsed.get(FIELDS_CONFIG) as string[];
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = mapFrom(
        value,
        this.fields.map((f) => [f, mapGet(value, f) ?? null]),
      );
      return { ...record, keySchema: null, key };
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.schemaCache.getOrCompute(value.schema, (s) => this.keySchemaFor(s));
    const key = new Struct(keySchema);
    for (const field of this.fields) key.put(field, structField(value, field, this.replaceNullWithDefault));
    return { ...record, keySchema, key, valueSchema: value.schema, value };
  }

  private keySchemaFor(valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct();
    for (const field of this.fields) {
      const fromValue = fieldOf(valueSchema, field);
      if (fromValue === undefined) throw new DataError(`Field does not exist: ${field}`);
      builder.field(field, fromValue.schema);
    }
    return builder.build();
  }

  config(): ConfigDef {
    return valueToKeyConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}

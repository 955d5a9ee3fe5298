/**
 * `org.apache.kafka.connect.transforms.SetSchemaMetadata$Key` / `$Value`: sets the schema name and/or
 * version (a struct value is rebuilt on the renamed schema). Needs a schema unless the value is null too.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  SchemaType,
  Struct,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { requireSchema } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/transform-config.js';

const NAME_CONFIG = 'schema.name';
const VERSION_CONFIG = 'schema.version';

export function setSchemaMetadataConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: NAME_CONFIG,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.HIGH,
      documentation: 'Schema name to set.',
    })
    .define({
      name: VERSION_CONFIG,
      type: ConfigType.INT,
      defaultValue: null,
      importance: Importance.HIGH,
      documentation: 'Schema version to set.',
    });
  return defineReplaceNullWithDefault(def);
}

export abstract class SetSchemaMetadata extends KeyOrValueTransformation {
  private schemaName: string | null = null;
  private schemaVersion: number | null = null;
  private replaceNullWithDefault = true;

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = setSchemaMetadataConfigDef().parse(configs);
    this.schemaName = parsed.get(NAME_CONFIG) as string | null;
    this.schemaVersion = parsed.get(VERSION_CONFIG) as number | null;
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
    if (this.schemaName === null && this.schemaVersion === null)
      throw new ConfigError('Neither schema name nor version configured');
  }

  config(): ConfigDef {
    return setSchemaMetadataConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    const schema = operatingSchema(record, this.side);
    if ((value === null || value === undefined) && schema === null) return record;
    const original = requireSchema(schema, 'updating schema metadata');
    // Only maps keep a key schema, only maps and arrays a value schema.
    const { keySchema, valueSchema, ...rest } = original;
    const updatedSchema: Schema = Object.freeze({
      ...rest,
      ...(this.schemaName === null ? {} : { name: this.schemaName }),
      ...(this.schemaVersion === null ? {} : { version: this.schemaVersion }),
      ...(original.type === SchemaType.MAP && keySchema !== undefined ? { keySchema } : {}),
      ...((original.type === SchemaType.MAP || original.type === SchemaType.ARRAY) && valueSchema !== undefined
        ? { valueSchema }
        : {}),
    });
    return withOperating(record, this.side, updatedSchema, this.rebuild(value, updatedSchema));
  }

  private rebuild(value: unknown, schema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const rebuilt = new Struct(schema);
    for (const field of schema.fields ?? [])
      rebuilt.put(field.name, structField(value, field.name, this.replaceNullWithDefault));
    return rebuilt;
  }
}

export class SetSchemaMetadataKey extends SetSchemaMetadata {
  static readonly className = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key';
  protected readonly side = RecordSide.KEY;
}

export class SetSchemaMetadataValue extends SetSchemaMetadata {
  static readonly className = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value';
  protected readonly side = RecordSide.VALUE;
}

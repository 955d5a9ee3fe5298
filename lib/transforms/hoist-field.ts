/**
 * `org.apache.kafka.connect.transforms.HoistField$Key` / `$Value`: wraps the whole key/value in a struct
 * (or map, without a schema) with a single field. A null value is wrapped too.
 */
import { ConfigDef, ConfigType, Importance, SchemaBuilder, Struct, type ConnectRecord } from '../api/index.js';
import { setOwn } from '../common/java-class.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { SchemaCache } from './util/schema-util.js';

const FIELD_CONFIG = 'field';

export function hoistFieldConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: FIELD_CONFIG,
    type: ConfigType.STRING,
    importance: Importance.MEDIUM,
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.',
  });
}

export abstract class HoistField extends KeyOrValueTransformation {
  private fieldName = '';
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    this.fieldName = hoistFieldConfigDef().parse(configs).get(FIELD_CONFIG) as string;
  }

  config(): ConfigDef {
    return hoistFieldConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      const wrapped: Record<string, unknown> = {};
      setOwn(wrapped, this.fieldName, value ?? null);
      return withOperating(record, this.side, null, wrapped);
    }
    const updatedSchema = this.schemaCache.getOrCompute(schema, (s) =>
      SchemaBuilder.struct().field(this.fieldName, s).build(),
    );
    return withOperating(record, this.side, updatedSchema, new Struct(updatedSchema).put(this.fieldName, value));
  }
}

export class HoistFieldKey extends HoistField {
  static readonly className = 'org.apache.kafka.connect.transforms.HoistField$Key';
  protected readonly side = RecordSide.KEY;
}

export class HoistFieldValue extends HoistField {
  static readonly className = 'org.apache.kafka.connect.transforms.HoistField$Value';
  protected readonly side = RecordSide.VALUE;
}

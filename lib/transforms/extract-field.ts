/**
 * `org.apache.kafka.connect.transforms.ExtractField$Key` / `$Value`: replaces the key/value with one of its
 * fields (a nested one with `field.syntax.version=V2`). Null values pass through.
 */
import { ConfigDef, ConfigType, DataError, Importance, type ConnectRecord } from '../api/index.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import {
  FIELD_SYNTAX_VERSION_CONFIG,
  FieldSyntaxVersion,
  SingleFieldPath,
  defineFieldSyntaxVersion,
} from './util/field-path.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { requireMapOrNull, requireStructOrNull } from './util/requirements.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/transform-config.js';

const PURPOSE = 'field extraction';
const FIELD_CONFIG = 'field';

export function extractFieldConfigDef(): ConfigDef {
  const def = new ConfigDef().define({
    name: FIELD_CONFIG,
    type: ConfigType.STRING,
    importance: Importance.MEDIUM,
    documentation: 'Field name to extract.',
  });
  return defineFieldSyntaxVersion(defineReplaceNullWithDefault(def));
}

export abstract class ExtractField extends KeyOrValueTransformation {
  private path = new SingleFieldPath('', FieldSyntaxVersion.V1);
  private replaceNullWithDefault = true;

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = extractFieldConfigDef().parse(configs);
    const version = String(parsed.get(FIELD_SYNTAX_VERSION_CONFIG)).toUpperCase() as FieldSyntaxVersion;
    this.path = new SingleFieldPath(parsed.get(FIELD_CONFIG) as string, version);
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return extractFieldConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return withOperating(record, this.side, null, map === null ? null : this.path.valueFromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const field = this.path.fieldFrom(schema);
    if (field === undefined) throw new DataError(`Unknown field: ${this.path.path}`);
    return withOperating(
      record,
      this.side,
      field.schema,
      struct === null ? null : this.path.valueFromStruct(struct, this.replaceNullWithDefault),
    );
  }
}

export class ExtractFieldKey extends ExtractField {
  static readonly className = 'org.apache.kafka.connect.transforms.ExtractField$Key';
  protected readonly side = RecordSide.KEY;
}

export class ExtractFieldValue extends ExtractField {
  static readonly className = 'org.apache.kafka.connect.transforms.ExtractField$Value';
  protected readonly side = RecordSide.VALUE;
}

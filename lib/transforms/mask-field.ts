/**
 * `org.apache.kafka.connect.transforms.MaskField$Key` / `$Value`: replaces the listed fields with an empty
 * value of their type (0, false, "", empty list or map, epoch Date), or with `replacement` for numbers and
 * strings. As in Connect, a null key/value is rejected.
 */
import {
  ConfigDef,
  ConfigType,
  DataError,
  Importance,
  SchemaType,
  Struct,
  Validators,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { isPlainObject, javaClassOf } from '../common/java-class.js';
import { BigDecimal } from '../api/logical-types.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { mapGet, mapHas, mapWith } from './util/schemaless-map.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/transform-config.js';

const PURPOSE = 'mask fields';
const FIELDS_CONFIG = 'fields';
const REPLACEMENT_CONFIG = 'replacement';

export function maskFieldConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: FIELDS_CONFIG,
      type: ConfigType.LIST,
      importance: Importance.HIGH,
      documentation: 'Names of fields to mask.',
    })
    .define({
      name: REPLACEMENT_CONFIG,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: (name, value) => {
        if (value !== null) Validators.nonEmptyString()(name, value);
      },
      importance: Importance.LOW,
      documentation:
        "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
    });
  return defineReplaceNullWithDefault(def);
}

const INTEGRAL = new Set<SchemaType>([SchemaType.INT8, SchemaType.INT16, SchemaType.INT32, SchemaType.INT64]);

function emptyValue(value: unknown): unknown {
  if (typeof value === 'number') return 0;
  if (typeof value === 'bigint') return 0n;
  if (typeof value === 'boolean') return false;
  if (typeof value === 'string') return '';
  if (value instanceof BigDecimal) return new BigDecimal(0n, 0);
  if (value instanceof Date) return new Date(0);
  if (Array.isArray(value)) return [];
  if (value instanceof Map) return new Map();
  if (isPlainObject(value)) return {};
  throw new DataError(`Cannot mask value of type: ${javaClassOf(value)}`);
}

function replacementFor(value: unknown, schema: Schema | null, replacement: string): unknown {
  const notANumber = (): DataError =>
    new DataError(`Unable to convert ${replacement} (class java.lang.String) to a number`);
  if (typeof value === 'string') return replacement;
  if (value instanceof BigDecimal) {
    try {
      return BigDecimal.parse(replacement);
    } catch {
      throw notANumber();
    }
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const parsed = Number(replacement.trim());
    if (replacement.trim() === '' || !Number.isFinite(parsed)) throw notANumber();
    const integral = schema === null ? typeof value === 'bigint' || Number.isInteger(value) : INTEGRAL.has(schema.type);
    if (!integral) return parsed;
    const truncated = Math.trunc(parsed);
    return typeof value === 'bigint' ? BigInt(truncated) : truncated;
  }
  throw new DataError(`Cannot mask value of type ${javaClassOf(value)} with custom replacement.`);
}

export abstract class MaskField extends KeyOrValueTransformation {
  private fields = new Set<string>();
  private replacement: string | null = null;
  private replaceNullWithDefault = true;

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = maskFieldConfigDef().parse(configs);
    this.fields = new Set(parsed.get(FIELDS_CONFIG) as string[]);
    this.replacement = parsed.get(REPLACEMENT_CONFIG) as string | null;
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return maskFieldConfigDef();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const updates = new Map<string, unknown>();
      for (const field of this.fields)
        updates.set(field, mapHas(map, field) ? this.masked(mapGet(map, field), null) : null);
      return withOperating(record, this.side, null, mapWith(map, updates));
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(struct.schema);
    for (const field of struct.schema.fields ?? []) {
      const original = structField(struct, field.name, this.replaceNullWithDefault);
      updated.put(field.name, this.fields.has(field.name) ? this.masked(original, field.schema) : original);
    }
    return withOperating(record, this.side, schema, updated);
  }

  private masked(value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null;
    return this.replacement === null ? emptyValue(value) : replacementFor(value, schema, this.replacement);
  }
}

export class MaskFieldKey extends MaskField {
  static readonly className = 'org.apache.kafka.connect.transforms.MaskField$Key';
  protected readonly side = RecordSide.KEY;
}

export class MaskFieldValue extends MaskField {
  static readonly className = 'org.apache.kafka.connect.transforms.MaskField$Value';
  protected readonly side = RecordSide.VALUE;
}

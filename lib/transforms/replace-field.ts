/**
 * `org.apache.kafka.connect.transforms.ReplaceField$Key` / `$Value`: keeps (`include`) or drops (`exclude`,
 * which wins) fields and renames them (`renames=old:new,…`). Null values pass through.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  SchemaBuilder,
  Struct,
  type ConnectRecord,
  type Schema,
} from '../api/index.js';
import { KeyOrValueTransformation } from './key-or-value-transformation.js';
import { RecordSide, operatingSchema, operatingValue, withOperating } from './util/record-side.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { mapEntries, mapFrom } from './util/schemaless-map.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { structField } from './util/struct-values.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, javaList } from './util/transform-config.js';

const PURPOSE = 'field replacement';
const Keys = { EXCLUDE: 'exclude', INCLUDE: 'include', RENAMES: 'renames' } as const;

function parseRenames(mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2)
      throw ConfigError.invalidValue(Keys.RENAMES, javaList(mappings), `Invalid rename mapping: ${mapping}`);
    renames.set(parts[0] ?? '', parts[1] ?? '');
  }
  return renames;
}

export function replaceFieldConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: Keys.EXCLUDE,
      type: ConfigType.LIST,
      defaultValue: [],
      importance: Importance.MEDIUM,
      documentation: 'Fields to exclude. This takes precedence over the fields to include.',
    })
    .define({
      name: Keys.INCLUDE,
      type: ConfigType.LIST,
      defaultValue: [],
      importance: Importance.MEDIUM,
      documentation: 'Fields to include. If specified, only these fields will be used.',
    })
    .define({
      name: Keys.RENAMES,
      type: ConfigType.LIST,
      defaultValue: [],
      validator: (_name, value) => {
        parseRenames(value as string[]);
      },
      importance: Importance.MEDIUM,
      documentation: 'Field rename mappings.',
    });
  return defineReplaceNullWithDefault(def);
}

export abstract class ReplaceField extends KeyOrValueTransformation {
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private reverseRenames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly schemaCache = new SchemaCache();

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = replaceFieldConfigDef().parse(configs);
    this.exclude = new Set(parsed.get(Keys.EXCLUDE) as string[]);
    this.include = new Set(parsed.get(Keys.INCLUDE) as string[]);
    this.renames = parseRenames(parsed.get(Keys.RENAMES) as string[]);
    this.reverseRenames = new Map([...this.renames].map(([from, to]) => [to, from]));
    this.replaceNullWithDefault = parsed.get(REPLACE_NULL_WITH_DEFAULT_CONFIG) as boolean;
  }

  config(): ConfigDef {
    return replaceFieldConfigDef();
  }

  private keep(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const kept = mapEntries(map).filter(([k]) => this.keep(String(k)));
      return withOperating(
        record,
        this.side,
        null,
        mapFrom(
          map,
          kept.map(([k, v]) => [this.renamed(String(k)), v]),
        ),
      );
    }
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.schemaCache.getOrCompute(struct.schema, (s) => this.updatedSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields ?? []) {
      updated.put(
        field.name,
        structField(struct, this.reverseRenames.get(field.name) ?? field.name, this.replaceNullWithDefault),
      );
    }
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private updatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields ?? [])
      if (this.keep(field.name)) builder.field(this.renamed(field.name), field.schema);
    return builder.build();
  }
}

export class ReplaceFieldKey extends ReplaceField {
  static readonly className = 'org.apache.kafka.connect.transforms.ReplaceField$Key';
  protected readonly side = RecordSide.KEY;
}

export class ReplaceFieldValue extends ReplaceField {
  static readonly className = 'org.apache.kafka.connect.transforms.ReplaceField$Value';
  protected readonly side = RecordSide.VALUE;
}

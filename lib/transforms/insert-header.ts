/**
 * `org.apache.kafka.connect.transforms.InsertHeader`: adds a header whose value is the literal, parsed the
 * way Connect parses header strings (`42` becomes an int8, `true` a boolean, …).
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  type ConnectRecord,
  type SchemaAndValue,
  type Transformation,
  type Validator,
} from '../api/index.js';
import { parseString } from '../common/values.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';

const HEADER_CONFIG = 'header';
const VALUE_LITERAL_CONFIG = 'value.literal';

const nonNull: Validator = (name, value) => {
  if (value === null) throw ConfigError.invalidValue(name, value, 'entry must be non null');
};

export function insertHeaderConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: HEADER_CONFIG,
      type: ConfigType.STRING,
      validator: nonNull,
      importance: Importance.HIGH,
      documentation: 'The name of the header.',
    })
    .define({
      name: VALUE_LITERAL_CONFIG,
      type: ConfigType.STRING,
      validator: nonNull,
      importance: Importance.HIGH,
      documentation: 'The literal value that is to be set as the header value on all records.',
    });
}

export class InsertHeader implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.InsertHeader';

  private header = '';
  private literal: SchemaAndValue = { schema: null, value: null };

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = insertHeaderConfigDef().parse(configs);
    this.header = parsed.get(HEADER_CONFIG) as string;
    this.literal = parseString(parsed.get(VALUE_LITERAL_CONFIG) as string);
  }

  apply<R extends ConnectRecord>(record: R): R {
    return {
      ...record,
      headers: [...record.headers, { key: this.header, value: this.literal.value, schema: this.literal.schema }],
    };
  }

  config(): ConfigDef {
    return insertHeaderConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}

/** `org.apache.kafka.connect.transforms.predicates.HasHeaderKey`: true when at least one header has the name. */
import { ConfigDef, ConfigType, Importance, Validators, type ConnectRecord, type Predicate } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';

const NAME_CONFIG = 'name';

export function hasHeaderKeyConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: NAME_CONFIG,
    type: ConfigType.STRING,
    validator: Validators.nonEmptyString(),
    importance: Importance.MEDIUM,
    documentation: 'The header name.',
  });
}

export class HasHeaderKey implements Predicate {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey';

  private name = '';

  configure(configs: Readonly<Record<string, string>>): void {
    this.name = hasHeaderKeyConfigDef().parse(configs).get(NAME_CONFIG) as string;
  }

  test(record: ConnectRecord): boolean {
    return record.headers.some((h) => h.key === this.name);
  }

  config(): ConfigDef {
    return hasHeaderKeyConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}

  toString(): string {
    return `HasHeaderKey{name='${this.name}'}`;
  }
}

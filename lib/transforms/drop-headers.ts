/** `org.apache.kafka.connect.transforms.DropHeaders`: removes every header with one of the given names. */
import { ConfigDef, ConfigType, Importance, type ConnectRecord, type Transformation } from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';
import { nonEmptyList } from './util/transform-config.js';

const HEADERS_CONFIG = 'headers';

export function dropHeadersConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: HEADERS_CONFIG,
    type: ConfigType.LIST,
    validator: nonEmptyList,
    importance: Importance.HIGH,
    documentation: 'The name of the headers to be removed.',
  });
}

export class DropHeaders implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.DropHeaders';

  private headers = new Set<string>();

  configure(configs: Readonly<Record<string, string>>): void {
    this.headers = new Set(dropHeadersConfigDef().parse(configs).get(HEADERS_CONFIG) as string[]);
  }

  apply<R extends ConnectRecord>(record: R): R {
    return { ...record, headers: record.headers.filter((h) => !this.headers.has(h.key)) };
  }

  config(): ConfigDef {
    return dropHeadersConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}

/** `org.apache.kafka.connect.transforms.Filter`: drops every record; meant to be used with a predicate. */
import { ConfigDef, type ConnectRecord, type Transformation } from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';

export class Filter implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.Filter';

  configure(_configs: Readonly<Record<string, string>>): void {}

  apply<R extends ConnectRecord>(_record: R): R | null {
    return null;
  }

  config(): ConfigDef {
    return new ConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}

/** `org.apache.kafka.connect.transforms.predicates.RecordIsTombstone`: true when the value is null. */
import { ConfigDef, type ConnectRecord, type Predicate } from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';

export class RecordIsTombstone implements Predicate {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone';

  configure(_configs: Readonly<Record<string, string>>): void {}

  test(record: ConnectRecord): boolean {
    return record.value === null || record.value === undefined;
  }

  config(): ConfigDef {
    return new ConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}

  toString(): string {
    return 'RecordIsTombstone{}';
  }
}

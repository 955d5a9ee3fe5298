/**
 * The shape of Connect's `$Key`/`$Value` SMTs: one implementation, two concrete classes that differ only
 * in the side of the record they work on.
 */
import type { ConfigDef, ConnectRecord, Transformation } from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';
import type { RecordSide } from './util/record-side.js';

export abstract class KeyOrValueTransformation implements Transformation {
  protected abstract readonly side: RecordSide;

  abstract configure(configs: Readonly<Record<string, string>>): void;
  abstract apply<R extends ConnectRecord>(record: R): R | null;
  abstract config(): ConfigDef;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}

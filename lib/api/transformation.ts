import type { ConfigDef } from './config-def.js';
import type { ConnectRecord } from './connect-record.js';

/**
 * A single message transform: takes a record, returns a changed record, the same one, or null to drop it.
 * Configured once per task slice with its `transforms.<alias>.` settings. Mirrors `Transformation`.
 */
export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  configure(configs: Readonly<Record<string, string>>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
}

export interface TransformationClass {
  readonly className: string;
  new (): Transformation;
}

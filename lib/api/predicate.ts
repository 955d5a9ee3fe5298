import type { ConfigDef } from './config-def.js';
import type { ConnectRecord } from './connect-record.js';

/** Decides whether a transform applies to a record. Mirrors Connect's `Predicate`. */
export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(configs: Readonly<Record<string, string>>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
}

export interface PredicateClass {
  readonly className: string;
  new (): Predicate;
}

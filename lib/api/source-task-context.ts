import type { OffsetStorageReader } from './offset-storage-reader.js';

/** What a source task may ask of the framework. Mirrors Connect's `SourceTaskContext`. */
export interface SourceTaskContext {
  configs(): Readonly<Record<string, string>>;
  offsetStorageReader(): OffsetStorageReader;
}

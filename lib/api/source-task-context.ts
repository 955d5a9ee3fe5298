import type { OffsetStorageReader } from './offset-storage-reader.js';
import type { TaskRuntimeContext } from './task-runtime.js';

/**
 * What a source task may ask of the framework. Mirrors Connect's `SourceTaskContext`, plus the runtime's
 * {@link TaskRuntimeContext} (API 1.1: time left, logger, AWS clients).
 */
export interface SourceTaskContext extends TaskRuntimeContext {
  configs(): Readonly<Record<string, string>>;
  offsetStorageReader(): OffsetStorageReader;
}

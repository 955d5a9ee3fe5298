import { Connector } from './connector.js';
import type { SourcePartition, SourceOffset } from './source-record.js';

export const ExactlyOnceSupport = { SUPPORTED: 'SUPPORTED', UNSUPPORTED: 'UNSUPPORTED' } as const;
export type ExactlyOnceSupport = (typeof ExactlyOnceSupport)[keyof typeof ExactlyOnceSupport];

/** A connector whose tasks read from another system into Kafka. Mirrors Connect's `SourceConnector`. */
export abstract class SourceConnector extends Connector {
  /** Whether this configuration can deliver exactly once; null when it cannot tell. */
  exactlyOnceSupport(_props: Readonly<Record<string, string>>): ExactlyOnceSupport | null {
    return null;
  }

  /**
   * Called before offsets are altered or reset through the REST API (the connector is STOPPED). Throw to
   * reject; return true when the connector keeps no offsets of its own elsewhere.
   */
  alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean {
    return false;
  }
}

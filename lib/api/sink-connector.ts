import { Connector } from './connector.js';
import type { TopicPartition } from './topic-partition.js';

/** Connect's key for the sink's topic list, copied into each task config. */
export const TOPICS_CONFIG = 'topics';
export const TOPICS_REGEX_CONFIG = 'topics.regex';

/** A connector whose tasks write Kafka records to another system. Mirrors Connect's `SinkConnector`. */
export abstract class SinkConnector extends Connector {
  /** As `SourceConnector.alterOffsets`, for consumer offsets (null = reset that partition). */
  alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return false;
  }
}

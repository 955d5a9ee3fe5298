/**
 * The one port through which the product talks to Kafka. The kafkajs adapter implements it; unit tests
 * use the memory adapter. Offsets are JS numbers (exact up to 2^53).
 */
import type { RecordMetadata } from '../api/record-metadata.js';
import type { TopicPartition } from '../api/topic-partition.js';

export interface KafkaHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

export interface ProduceRecord {
  readonly topic: string;
  /** null: the client's default partitioner (murmur2 of the key, as Java's). */
  readonly partition: number | null;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number | null;
  readonly headers: readonly KafkaHeader[];
}

export interface FetchedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: 'CreateTime' | 'LogAppendTime';
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly KafkaHeader[];
}

/** Read `partition` of `topic` starting at `offset` (the next offset to read). */
export interface FetchPosition extends TopicPartition {
  readonly offset: number;
}

export interface PartitionFetchState extends TopicPartition {
  readonly highWatermark: number;
  readonly logStartOffset: number;
  /** The requested offset was outside [logStartOffset, highWatermark]. */
  readonly offsetOutOfRange: boolean;
  /**
   * Where to fetch next: after the last record read, or past batches that hold no data records
   * (transaction markers, batches emptied by compaction); the requested offset if nothing was read.
   * Continuing from the last record's offset + 1 instead would re-read such batches forever.
   */
  readonly nextOffset: number;
}

export interface FetchResult {
  /** In offset order within each partition. */
  readonly records: readonly FetchedRecord[];
  readonly partitions: readonly PartitionFetchState[];
}

export interface FetchOptions {
  /** Upper bound on bytes returned for the whole request. */
  readonly maxBytes: number;
  /** How long the broker may wait for data when there is none. */
  readonly maxWaitMs: number;
}

export interface NewTopic {
  readonly topic: string;
  /** -1: the broker default. */
  readonly numPartitions: number;
  /** -1: the broker default. */
  readonly replicationFactor: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface GroupOffset extends TopicPartition {
  readonly offset: number;
}

/** Kafka's `compression.type` values for produced batches (`producer` means "as produced": none here). */
export const COMPRESSION_TYPES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionType = (typeof COMPRESSION_TYPES)[number];

export interface SendOptions {
  /** How the batches are compressed (Kafka's `compression.type`); `none` by default. */
  readonly compression?: CompressionType;
}

export interface KafkaPort {
  /** The cluster id the brokers report (shown by `GET /`). */
  clusterId(): Promise<string>;
  /** Produces with acks=all on an idempotent producer; resolves when every record is acknowledged, in input order. */
  send(records: readonly ProduceRecord[], options?: SendOptions): Promise<RecordMetadata[]>;
  /** A group-less fetch at explicit offsets (no consumer group join). */
  fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<FetchResult>;
  listTopics(): Promise<string[]>;
  /** Partition count per existing topic; unknown topics are absent from the map. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  /** Creates the topics that do not exist yet; existing ones are left alone. */
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  /** Earliest or latest offset per partition, keyed `topic-partition`. */
  listOffsets(partitions: readonly TopicPartition[], which: 'earliest' | 'latest'): Promise<Map<string, number>>;
  /** Commits offsets for a group with no active members (the "simple" commit, generation -1). */
  commitGroupOffsets(groupId: string, offsets: readonly GroupOffset[]): Promise<void>;
  fetchGroupOffsets(groupId: string): Promise<GroupOffset[]>;
  /** Deletes the group; a missing group is fine. */
  deleteGroup(groupId: string): Promise<void>;
  /** Releases connections; the port may not be used afterwards. */
  close(): Promise<void>;
}

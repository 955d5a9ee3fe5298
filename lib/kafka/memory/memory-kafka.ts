/**
 * An in-memory Kafka for unit tests: topics with partitions and offsets, consumer-group offsets, the
 * same errors the real adapter throws. It answers at once: `maxWaitMs` is not waited.
 */
import type { RecordMetadata } from '../../api/record-metadata.js';
import type { TopicPartition } from '../../api/topic-partition.js';
import { topicPartitionKey } from '../../api/topic-partition.js';
import { KafkaError, KafkaErrorType } from '../errors.js';
import type {
  FetchedRecord,
  FetchOptions,
  FetchPosition,
  FetchResult,
  GroupOffset,
  KafkaPort,
  NewTopic,
  PartitionFetchState,
  ProduceRecord,
} from '../kafka-port.js';

export interface MemoryKafkaOptions {
  readonly clusterId?: string;
  /** Partitions of topics created with -1 or auto-created; default 1 (the broker default). */
  readonly defaultPartitions?: number;
  /** Create unknown topics on send, as a broker with `auto.create.topics.enable`; default true. */
  readonly autoCreateTopics?: boolean;
  /** Timestamps of records sent without one; default `Date.now`. */
  readonly now?: () => number;
}

interface StoredPartition {
  logStartOffset: number;
  readonly records: FetchedRecord[];
}

/** Rough wire size of a record, for the fetch byte budget. */
function sizeOf(record: FetchedRecord): number {
  let size = 20 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers) size += header.key.length + (header.value?.length ?? 0);
  return size;
}

export class MemoryKafka implements KafkaPort {
  readonly #clusterId: string;
  readonly #defaultPartitions: number;
  readonly #autoCreate: boolean;
  readonly #now: () => number;
  readonly #topics = new Map<string, StoredPartition[]>();
  readonly #groups = new Map<string, Map<string, GroupOffset>>();
  #roundRobin = 0;
  #closed = false;

  constructor(options: MemoryKafkaOptions = {}) {
    this.#clusterId = options.clusterId ?? 'memory-kafka-cluster';
    this.#defaultPartitions = options.defaultPartitions ?? 1;
    this.#autoCreate = options.autoCreateTopics ?? true;
    this.#now = options.now ?? Date.now;
  }

  async clusterId(): Promise<string> {
    this.#open();
    return this.#clusterId;
  }

  async send(records: readonly ProduceRecord[]): Promise<RecordMetadata[]> {
    this.#open();
    // Validate everything first: a failed send appends nothing.
    const placed = records.map((record) => ({ record, partition: this.#partitionFor(record) }));
    return placed.map(({ record, partition }) => {
      const log = this.#partition(record.topic, partition);
      const offset = log.logStartOffset + log.records.length;
      const timestamp = record.timestamp ?? this.#now();
      log.records.push({
        topic: record.topic,
        partition,
        offset,
        timestamp,
        timestampType: 'CreateTime',
        key: record.key === null ? null : Uint8Array.from(record.key),
        value: record.value === null ? null : Uint8Array.from(record.value),
        headers: record.headers.map((h) => ({ key: h.key, value: h.value === null ? null : Uint8Array.from(h.value) })),
      });
      return { topic: record.topic, partition, offset, timestamp };
    });
  }

  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<FetchResult> {
    this.#open();
    const records: FetchedRecord[] = [];
    const partitions: PartitionFetchState[] = [];
    let budget = options.maxBytes;
    for (const position of positions) {
      const log = this.#partition(position.topic, position.partition);
      const highWatermark = log.logStartOffset + log.records.length;
      const state = {
        topic: position.topic,
        partition: position.partition,
        highWatermark,
        logStartOffset: log.logStartOffset,
      };
      if (position.offset < log.logStartOffset || position.offset > highWatermark) {
        partitions.push({ ...state, offsetOutOfRange: true, nextOffset: position.offset });
        continue;
      }
      let next = position.offset;
      // Like a broker, return at least one record even over budget, so a large record cannot stall.
      while (next < highWatermark && (budget > 0 || records.length === 0)) {
        const record = log.records[next - log.logStartOffset]!;
        records.push(record);
        budget -= sizeOf(record);
        next += 1;
      }
      partitions.push({ ...state, offsetOutOfRange: false, nextOffset: next });
    }
    return { records, partitions };
  }

  async listTopics(): Promise<string[]> {
    this.#open();
    return [...this.#topics.keys()].sort();
  }

  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    this.#open();
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const partitions = this.#topics.get(topic);
      if (partitions !== undefined) counts.set(topic, partitions.length);
    }
    return counts;
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    this.#open();
    for (const topic of topics) {
      if (!this.#topics.has(topic.topic)) this.#create(topic.topic, topic.numPartitions);
    }
  }

  async listOffsets(partitions: readonly TopicPartition[], which: 'earliest' | 'latest'): Promise<Map<string, number>> {
    this.#open();
    const offsets = new Map<string, number>();
    for (const tp of partitions) {
      const log = this.#partition(tp.topic, tp.partition);
      offsets.set(
        topicPartitionKey(tp),
        which === 'earliest' ? log.logStartOffset : log.logStartOffset + log.records.length,
      );
    }
    return offsets;
  }

  async commitGroupOffsets(groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    this.#open();
    for (const offset of offsets) this.#partition(offset.topic, offset.partition);
    const group = this.#groups.get(groupId) ?? new Map<string, GroupOffset>();
    for (const { topic, partition, offset } of offsets)
      group.set(topicPartitionKey({ topic, partition }), { topic, partition, offset });
    if (group.size > 0) this.#groups.set(groupId, group);
  }

  async fetchGroupOffsets(groupId: string): Promise<GroupOffset[]> {
    this.#open();
    const group = this.#groups.get(groupId);
    if (group === undefined) return [];
    return [...group.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.#open();
    this.#groups.delete(groupId);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Test aid: drops records before `offset`, as retention or `deleteRecords` would. */
  truncateBefore(tp: TopicPartition, offset: number): void {
    const log = this.#partition(tp.topic, tp.partition);
    const drop = Math.min(Math.max(0, offset - log.logStartOffset), log.records.length);
    log.records.splice(0, drop);
    log.logStartOffset += drop;
  }

  #partitionFor(record: ProduceRecord): number {
    let partitions = this.#topics.get(record.topic);
    if (partitions === undefined) {
      if (!this.#autoCreate) throw this.#unknown(record.topic, record.partition ?? 0);
      partitions = this.#create(record.topic, -1);
    }
    const partition =
      record.partition ??
      (record.key !== null ? stableHash(record.key) % partitions.length : this.#roundRobin++ % partitions.length);
    if (partition < 0 || partition >= partitions.length) throw this.#unknown(record.topic, partition);
    return partition;
  }

  #create(topic: string, numPartitions: number): StoredPartition[] {
    const count = numPartitions > 0 ? numPartitions : this.#defaultPartitions;
    const partitions = Array.from({ length: count }, () => ({ logStartOffset: 0, records: [] }));
    this.#topics.set(topic, partitions);
    return partitions;
  }

  #partition(topic: string, partition: number): StoredPartition {
    const log = this.#topics.get(topic)?.[partition];
    if (log === undefined) throw this.#unknown(topic, partition);
    return log;
  }

  #unknown(topic: string, partition: number): KafkaError {
    return new KafkaError(`${topic}-${partition}: This server does not host this topic-partition`, {
      type: KafkaErrorType.UNKNOWN_TOPIC_OR_PARTITION,
      retriable: true,
      code: 3,
    });
  }

  #open(): void {
    if (this.#closed) throw new Error('MemoryKafka is closed');
  }
}

/** FNV-1a: stable across runs, so a key always lands on the same partition (not Java's murmur2). */
function stableHash(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

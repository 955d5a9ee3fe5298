/**
 * Plans a send: picks each record's partition (Java's default partitioner: murmur2 of the key, and
 * for keyless records one partition per call, like Java's sticky partitioner) and cuts each
 * partition's records into batches below the size limit, keeping input order.
 */
import murmur2 from 'kafkajs/src/producer/partitioners/default/murmur2.js';
import { topicPartitionKey } from '../../api/topic-partition.js';
import type { ProduceRecord } from '../kafka-port.js';
import { KafkaError } from '../errors.js';
import type { BrokerDirectory, TopicInfo } from './broker-directory.js';
import { kafkaErrorFromCode, retryWhile } from './errors.js';
import { estimateRecordSize, type RecordToEncode } from './record-batch.js';

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;
/** While the broker auto-creates a topic, KRaft brokers answer "unknown topic", older ones "no leader". */
const CREATING = new Set([UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE]);
const TOPIC_READY_DEADLINE_MS = 10_000;

export interface Chunk {
  readonly records: RecordToEncode[];
  /** Positions of these records in the caller's input. */
  readonly indexes: number[];
  /** Set once encoded; a retry resends these exact bytes (same sequence number). */
  encoded?: Buffer | undefined;
  sequence?: number | undefined;
}

export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  readonly chunks: Chunk[];
}

export async function planPartitions(
  directory: BrokerDirectory,
  records: readonly ProduceRecord[],
  roundRobin: Map<string, number>,
  maxBatchBytes: number,
): Promise<PartitionQueue[]> {
  const metadata = await readyTopics(directory, [...new Set(records.map((r) => r.topic))]);
  const sticky = new Map<string, number>();
  const queues = new Map<string, PartitionQueue & { bytes: number }>();
  const now = Date.now();
  records.forEach((record, index) => {
    const info = metadata.get(record.topic)!;
    const partition =
      record.partition ??
      (record.key !== null ? keyPartition(record.key, info) : stickyPartition(info, sticky, roundRobin));
    if (!Number.isInteger(partition) || partition < 0 || partition >= info.partitions.length) {
      throw new KafkaError(
        `Partition ${partition} does not exist in topic ${record.topic} (${info.partitions.length} partitions)`,
        {
          type: 'UNKNOWN_TOPIC_OR_PARTITION',
          retriable: false,
        },
      );
    }
    const key = topicPartitionKey({ topic: record.topic, partition });
    let queue = queues.get(key);
    if (queue === undefined) {
      queue = { topic: record.topic, partition, chunks: [], bytes: Number.POSITIVE_INFINITY };
      queues.set(key, queue);
    }
    const toEncode: RecordToEncode = {
      key: record.key,
      value: record.value,
      timestamp: record.timestamp ?? now,
      headers: record.headers,
    };
    const size = estimateRecordSize(toEncode);
    if (queue.bytes + size > maxBatchBytes) {
      queue.chunks.push({ records: [], indexes: [] });
      queue.bytes = 0;
    }
    const chunk = queue.chunks[queue.chunks.length - 1]!;
    chunk.records.push(toEncode);
    chunk.indexes.push(index);
    queue.bytes += size;
  });
  return [...queues.values()].map(({ topic, partition, chunks }) => ({ topic, partition, chunks }));
}

/**
 * Metadata of `topics`, asking the broker to auto-create missing ones (as Java's producer does) and
 * waiting while a new topic has no partitions or leaders yet.
 */
async function readyTopics(directory: BrokerDirectory, topics: string[]): Promise<Map<string, TopicInfo>> {
  const notReady = new Error('topic not ready');
  let fresh = false;
  let lastCode = LEADER_NOT_AVAILABLE;
  return await retryWhile(
    async () => {
      const metadata = await directory.topics(topics, { fresh, allowAutoCreate: true });
      fresh = true;
      for (const topic of topics) {
        const info = metadata.get(topic);
        const code = info?.errorCode ?? LEADER_NOT_AVAILABLE;
        if (code !== 0 && !CREATING.has(code)) throw kafkaErrorFromCode(code, `producing to ${topic}`);
        if (code !== 0 || info === undefined || info.partitions.length === 0) {
          lastCode = code;
          throw notReady;
        }
      }
      return metadata;
    },
    (error) => error === notReady,
    TOPIC_READY_DEADLINE_MS,
  ).catch((error: unknown) => {
    if (error !== notReady) throw error;
    // Still unknown after the wait: the broker does not auto-create topics.
    throw kafkaErrorFromCode(
      lastCode,
      `producing to ${topics.join(', ')} (waited ${TOPIC_READY_DEADLINE_MS} ms for the topic)`,
    );
  });
}

function keyPartition(key: Uint8Array, info: TopicInfo): number {
  const hash = murmur2(Buffer.from(key.buffer, key.byteOffset, key.byteLength));
  return (hash & 0x7fffffff) % info.partitions.length;
}

function stickyPartition(info: TopicInfo, sticky: Map<string, number>, roundRobin: Map<string, number>): number {
  const chosen = sticky.get(info.topic);
  if (chosen !== undefined) return chosen;
  const available = info.partitions.filter((p) => p.leader >= 0);
  const candidates = available.length > 0 ? available : info.partitions;
  const counter = roundRobin.get(info.topic) ?? Math.floor(Math.random() * candidates.length);
  roundRobin.set(info.topic, counter + 1);
  const partition = candidates[counter % candidates.length]!.partition;
  sticky.set(info.topic, partition);
  return partition;
}

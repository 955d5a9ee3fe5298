/**
 * Topic and offset administration over kafkajs brokers: topic listing and creation, partition counts,
 * earliest/latest offsets.
 */
import protocol from 'kafkajs/src/protocol/requests/index.js';
import type { TopicPartition } from '../../api/topic-partition.js';
import { topicPartitionKey } from '../../api/topic-partition.js';
import type { NewTopic } from '../kafka-port.js';
import type { BrokerDirectory } from './broker-directory.js';
import { sendLenient } from './broker-directory.js';
import { kafkaErrorFromCode, retryWhile } from './errors.js';
import { withLeaderRetry } from './leaders.js';
import { requireVersion } from './wire-requests.js';

const API_LIST_OFFSETS = 2;
const API_CREATE_TOPICS = 19;
const TOPIC_ALREADY_EXISTS = 36;
const EARLIEST = -2;
const LATEST = -1;
const READ_UNCOMMITTED = 0;
const CREATE_TIMEOUT_MS = 10_000;

/** Partition counts of the topics that exist; missing ones are left out. */
export async function partitionCounts(
  directory: BrokerDirectory,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (topics.length === 0) return counts;
  // Fresh metadata: callers use this to notice new partitions.
  const metadata = await directory.topics(topics, { fresh: true });
  for (const [topic, info] of metadata) {
    if (info.partitions.length > 0) counts.set(topic, info.partitions.length);
  }
  return counts;
}

/**
 * Creates the topics that do not exist yet, then waits until every partition of them has a leader, so
 * a produce or fetch right after does not fail.
 */
export async function createTopics(directory: BrokerDirectory, topics: readonly NewTopic[]): Promise<void> {
  if (topics.length === 0) return;
  const broker = await directory.anyBroker();
  // CreateTopics v4 is v3's schema plus permission to send -1 for "the broker's default" partition
  // count and replication factor; kafkajs encodes only up to v3, so its v3 encoder is sent as v4.
  requireVersion(broker, API_CREATE_TOPICS, 4, 'CreateTopics');
  const request = protocol.requests.CreateTopics!.protocol({ version: 3 })({
    topics: topics.map((t) => ({
      topic: t.topic,
      numPartitions: t.numPartitions,
      replicationFactor: t.replicationFactor,
      configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
    })),
    validateOnly: false,
    timeout: CREATE_TIMEOUT_MS,
  });
  const response = await sendLenient<{
    topicErrors: Array<{ topic: string; errorCode: number; errorMessage: string | null }>;
  }>(broker, { ...request, request: { ...request.request, apiVersion: 4 } });
  for (const { topic, errorCode, errorMessage } of response.topicErrors) {
    if (errorCode !== 0 && errorCode !== TOPIC_ALREADY_EXISTS) {
      const error = kafkaErrorFromCode(errorCode, `creating topic ${topic}`);
      if (errorMessage !== null && errorMessage !== '') error.message += ` (${errorMessage})`;
      throw error;
    }
  }
  await awaitLeaders(
    directory,
    topics.map((t) => t.topic),
  );
}

async function awaitLeaders(directory: BrokerDirectory, topics: readonly string[]): Promise<void> {
  const notReady = new Error('topic leaders not elected yet');
  await retryWhile(
    async () => {
      const metadata = await directory.topics(topics, { fresh: true });
      const ready = topics.every((topic) => {
        const info = metadata.get(topic);
        return (
          info !== undefined &&
          info.errorCode === 0 &&
          info.partitions.length > 0 &&
          info.partitions.every((p) => p.leader >= 0)
        );
      });
      if (!ready) throw notReady;
    },
    (error) => error === notReady,
    CREATE_TIMEOUT_MS,
  );
}

/** The earliest or latest (high watermark) offset of each partition, keyed `topic-partition`. */
export async function listOffsets(
  directory: BrokerDirectory,
  partitions: readonly TopicPartition[],
  which: 'earliest' | 'latest',
): Promise<Map<string, number>> {
  const offsets = new Map<string, number>();
  if (partitions.length === 0) return offsets;
  const timestamp = which === 'earliest' ? EARLIEST : LATEST;
  await withLeaderRetry(directory, partitions, 'listing offsets of', async (leader, group) => {
    const broker = await directory.broker(leader);
    const byTopic = new Map<string, Array<{ partition: number; timestamp: number }>>();
    for (const tp of group)
      byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), { partition: tp.partition, timestamp }]);
    const request = broker.lookupRequest(
      API_LIST_OFFSETS,
      protocol.requests.ListOffsets!,
    )({
      replicaId: -1,
      isolationLevel: READ_UNCOMMITTED,
      topics: [...byTopic].map(([topic, parts]) => ({ topic, partitions: parts })),
    });
    const response = await sendLenient<{
      responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number; offset: string }> }>;
    }>(broker, request);
    const failed: Array<{ item: TopicPartition; errorCode: number }> = [];
    for (const { topic, partitions: parts } of response.responses) {
      for (const p of parts) {
        if (p.errorCode === 0) offsets.set(topicPartitionKey({ topic, partition: p.partition }), Number(p.offset));
        else failed.push({ item: { topic, partition: p.partition }, errorCode: p.errorCode });
      }
    }
    return failed;
  });
  return offsets;
}

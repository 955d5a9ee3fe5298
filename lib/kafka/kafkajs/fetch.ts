/**
 * The group-less fetch: reads partitions at explicit offsets straight from their leaders, the way a
 * Java consumer with `assign()` + `seek()` does, with no consumer group join.
 */
import type { TopicPartition } from '../../api/topic-partition.js';
import { topicPartitionKey } from '../../api/topic-partition.js';
import type { FetchedRecord, FetchOptions, FetchPosition, FetchResult, PartitionFetchState } from '../kafka-port.js';
import { listOffsets } from './admin.js';
import type { BrokerDirectory } from './broker-directory.js';
import { sendLenient } from './broker-directory.js';
import { kafkaErrorFromCode } from './errors.js';
import { withLeaderRetry } from './leaders.js';
import { decodeRecordSet } from './record-batch.js';
import { ApiKey, fetchRequest, requireVersion, type FetchResponse } from './wire-requests.js';

const OFFSET_OUT_OF_RANGE = 1;

interface PartitionOutcome {
  readonly records: FetchedRecord[];
  readonly state: PartitionFetchState;
}

/** Fetches `positions` (one per partition) and reports, per partition, where to continue. */
export async function fetchAtOffsets(
  directory: BrokerDirectory,
  positions: readonly FetchPosition[],
  options: FetchOptions,
  requestTimeoutMs: number,
): Promise<FetchResult> {
  if (positions.length === 0) return { records: [], partitions: [] };
  const outcomes = new Map<string, PartitionOutcome>();
  const outOfRange: FetchPosition[] = [];
  await withLeaderRetry(directory, positions, 'fetching', async (leader, group, attempt, leaderCount) => {
    const broker = await directory.broker(leader);
    requireVersion(broker, ApiKey.FETCH, 11, 'Fetch');
    // Split the byte budget between leaders, and do not wait twice when retrying.
    const maxBytes = Math.max(1, Math.floor(options.maxBytes / leaderCount));
    const topics = new Map<string, Array<{ partition: number; offset: number; maxBytes: number }>>();
    for (const p of group)
      topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partition: p.partition, offset: p.offset, maxBytes }]);
    const maxWaitMs = attempt === 0 ? options.maxWaitMs : 0;
    const response = await sendLenient<FetchResponse>(
      broker,
      fetchRequest({ maxWaitMs, maxBytes, topics, requestTimeoutMs }),
    );
    if (response.errorCode !== 0) throw kafkaErrorFromCode(response.errorCode, `fetching from broker ${leader}`);
    const requested = new Map(group.map((p) => [topicPartitionKey(p), p]));
    const failed: Array<{ item: FetchPosition; errorCode: number }> = [];
    for (const { topic, partitions } of response.topics) {
      for (const answer of partitions) {
        const position = requested.get(topicPartitionKey({ topic, partition: answer.partition }));
        if (position === undefined) continue;
        if (answer.errorCode === OFFSET_OUT_OF_RANGE) {
          outOfRange.push(position);
        } else if (answer.errorCode !== 0) {
          failed.push({ item: position, errorCode: answer.errorCode });
        } else {
          const decoded =
            answer.records === null
              ? { records: [], nextOffset: position.offset }
              : await decodeRecordSet(answer.records, topic, answer.partition, position.offset);
          outcomes.set(topicPartitionKey(position), {
            records: decoded.records,
            state: {
              topic,
              partition: answer.partition,
              highWatermark: answer.highWatermark,
              logStartOffset: answer.logStartOffset,
              offsetOutOfRange: false,
              nextOffset: decoded.nextOffset,
            },
          });
        }
      }
    }
    return failed;
  });
  if (outOfRange.length > 0) await describeOutOfRange(directory, outOfRange, outcomes);
  const records: FetchedRecord[] = [];
  const partitions: PartitionFetchState[] = [];
  for (const position of positions) {
    const outcome = outcomes.get(topicPartitionKey(position));
    if (outcome === undefined) continue;
    records.push(...outcome.records);
    partitions.push(outcome.state);
  }
  return { records, partitions };
}

/**
 * An out-of-range answer carries no offsets (-1), so the log's bounds are looked up: the caller then
 * applies its reset policy (`auto.offset.reset`) knowing both ends.
 */
async function describeOutOfRange(
  directory: BrokerDirectory,
  positions: readonly FetchPosition[],
  outcomes: Map<string, PartitionOutcome>,
): Promise<void> {
  const partitions: TopicPartition[] = positions.map(({ topic, partition }) => ({ topic, partition }));
  const [earliest, latest] = await Promise.all([
    listOffsets(directory, partitions, 'earliest'),
    listOffsets(directory, partitions, 'latest'),
  ]);
  for (const position of positions) {
    const key = topicPartitionKey(position);
    outcomes.set(key, {
      records: [],
      state: {
        topic: position.topic,
        partition: position.partition,
        highWatermark: latest.get(key) ?? -1,
        logStartOffset: earliest.get(key) ?? -1,
        offsetOutOfRange: true,
        nextOffset: position.offset,
      },
    });
  }
}

/**
 * Consumer-group offsets without joining the group: the "simple" commit (generation -1, no member
 * id) that Kafka accepts for a group with no active members, which is what Java's
 * `Admin.alterConsumerGroupOffsets` sends. It lets `kafka-consumer-groups --describe` and other lag
 * tools show a sink connector's progress.
 */
import type { KjsBroker } from 'kafkajs/internal-types';
import protocol from 'kafkajs/src/protocol/requests/index.js';
import type { GroupOffset } from '../kafka-port.js';
import { KafkaError } from '../errors.js';
import type { BrokerDirectory } from './broker-directory.js';
import { sendLenient } from './broker-directory.js';
import { kafkaErrorFromCode, retryWhile } from './errors.js';

const API_OFFSET_COMMIT = 8;
const API_OFFSET_FETCH = 9;
const API_DELETE_GROUPS = 42;
const GROUP_ID_NOT_FOUND = 69;
/** Coordinator loading / not available / moved: find it again and retry. */
const COORDINATOR_ERRORS = new Set([14, 15, 16]);
const COORDINATOR_DEADLINE_MS = 15_000;

type PartitionErrors = Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number }> }>;

export async function commitGroupOffsets(
  directory: BrokerDirectory,
  groupId: string,
  offsets: readonly GroupOffset[],
): Promise<void> {
  if (offsets.length === 0) return;
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const o of offsets)
    byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: String(o.offset) }]);
  await atCoordinator(directory, groupId, async (coordinator) => {
    const request = coordinator.lookupRequest(
      API_OFFSET_COMMIT,
      protocol.requests.OffsetCommit!,
    )({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      retentionTime: -1,
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    });
    const response = await sendLenient<{ responses: PartitionErrors }>(coordinator, request);
    throwFirstError(response.responses, `committing offsets of group ${groupId} for`);
  });
}

export async function fetchGroupOffsets(directory: BrokerDirectory, groupId: string): Promise<GroupOffset[]> {
  return await atCoordinator(directory, groupId, async (coordinator) => {
    // An empty topic list goes out as null: all topics the group has offsets for (v2+).
    const request = coordinator.lookupRequest(
      API_OFFSET_FETCH,
      protocol.requests.OffsetFetch!,
    )({ groupId, topics: [] });
    const response = await sendLenient<{
      errorCode?: number;
      responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; errorCode: number }> }>;
    }>(coordinator, request);
    if (response.errorCode !== undefined && response.errorCode !== 0) {
      throw kafkaErrorFromCode(response.errorCode, `fetching offsets of group ${groupId}`);
    }
    throwFirstError(response.responses, `fetching offsets of group ${groupId} for`);
    const result: GroupOffset[] = [];
    for (const { topic, partitions } of response.responses) {
      for (const p of partitions) {
        const offset = Number(p.offset);
        if (offset >= 0) result.push({ topic, partition: p.partition, offset });
      }
    }
    return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  });
}

export async function deleteGroup(directory: BrokerDirectory, groupId: string): Promise<void> {
  await atCoordinator(directory, groupId, async (coordinator) => {
    const request = coordinator.lookupRequest(API_DELETE_GROUPS, protocol.requests.DeleteGroups!)([groupId]);
    const response = await sendLenient<{ results: Array<{ groupId: string; errorCode: number }> }>(
      coordinator,
      request,
    );
    for (const { errorCode } of response.results) {
      if (errorCode !== 0 && errorCode !== GROUP_ID_NOT_FOUND)
        throw kafkaErrorFromCode(errorCode, `deleting group ${groupId}`);
    }
  });
}

/** Runs `fn` at the group's coordinator, finding it again while it loads or moves. */
async function atCoordinator<T>(
  directory: BrokerDirectory,
  groupId: string,
  fn: (coordinator: KjsBroker) => Promise<T>,
): Promise<T> {
  return await retryWhile(
    async () => {
      try {
        return await fn(await directory.coordinator(groupId));
      } catch (error) {
        if (error instanceof KafkaError && COORDINATOR_ERRORS.has(error.code ?? -1)) directory.invalidate();
        throw error;
      }
    },
    (error) => error instanceof KafkaError && COORDINATOR_ERRORS.has(error.code ?? -1),
    COORDINATOR_DEADLINE_MS,
  );
}

function throwFirstError(responses: PartitionErrors, context: string): void {
  for (const { topic, partitions } of responses) {
    for (const p of partitions) {
      if (p.errorCode !== 0) throw kafkaErrorFromCode(p.errorCode, `${context} ${topic}-${p.partition}`);
    }
  }
}

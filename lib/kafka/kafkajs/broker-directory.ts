/**
 * Finds brokers, partition leaders and group coordinators on a kafkajs Cluster without its topic
 * bookkeeping: kafkajs refreshes metadata for every topic it ever saw, and fails every refresh once one
 * of them is deleted. Here each call asks only for the topics it needs, tolerating missing ones.
 */
import type { KjsBroker, KjsCluster, KjsProtocolRequest } from 'kafkajs/internal-types';
import protocol from 'kafkajs/src/protocol/requests/index.js';
import { KafkaError } from '../errors.js';
import { kafkaErrorFromCode, retryWhile } from './errors.js';

const API_METADATA = 3;
const COORDINATOR_TYPE_GROUP = 0;
const RETRIABLE_COORDINATOR_CODES = new Set([14, 15, 16]); // loading, not available, not coordinator

export interface PartitionInfo {
  readonly partition: number;
  /** -1 while no leader is known. */
  readonly leader: number;
  readonly errorCode: number;
}

export interface TopicInfo {
  readonly topic: string;
  /** 0, or e.g. 3 (UNKNOWN_TOPIC_OR_PARTITION), 5 (LEADER_NOT_AVAILABLE). */
  readonly errorCode: number;
  readonly partitions: readonly PartitionInfo[];
}

interface MetadataBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack?: string | null;
}

interface MetadataResponse {
  readonly brokers: readonly MetadataBroker[];
  readonly clusterId: string | null;
  readonly topicMetadata: ReadonlyArray<{
    readonly topic: string;
    readonly topicErrorCode: number;
    readonly isInternal?: boolean;
    readonly partitionMetadata: ReadonlyArray<{ partitionId: number; leader: number; partitionErrorCode: number }>;
  }>;
}

/** Sends a request and returns its decoded response without kafkajs's throw-on-first-error parse. */
export async function sendLenient<T>(broker: KjsBroker, request: KjsProtocolRequest): Promise<T> {
  try {
    return (await broker.connectionPool.send({
      ...request,
      response: { decode: request.response.decode, parse: async (data) => data },
      logResponseError: false,
    })) as T;
  } catch (error) {
    // A closed connection is dropped so the next call reconnects (as kafkajs's Broker does); so is
    // one that timed out, which after a Lambda freeze is usually a dead socket nobody closed.
    const name = (error as Error).name;
    if (name === 'KafkaJSConnectionClosedError' || name === 'KafkaJSRequestTimeoutError') await broker.disconnect();
    throw error;
  }
}

export class BrokerDirectory {
  #cluster: KjsCluster;
  readonly #maxAgeMs: number;
  readonly #topics = new Map<string, { info: TopicInfo; at: number }>();
  readonly #coordinators = new Map<string, number>();

  #closed = false;

  constructor(cluster: KjsCluster, metadataMaxAgeMs: number) {
    this.#cluster = cluster;
    this.#maxAgeMs = metadataMaxAgeMs;
  }

  /**
   * Ends the directory: its cluster is returned for disconnecting, and from now on every way to a broker
   * throws instead of connecting, so an operation still in flight cannot open a socket nobody closes.
   */
  close(): KjsCluster {
    this.#closed = true;
    this.invalidate();
    return this.#cluster;
  }

  /** Any connected broker (connecting to a seed broker first if needed). */
  async anyBroker(): Promise<KjsBroker> {
    this.#checkOpen();
    await this.#cluster.connect();
    return await this.#cluster.brokerPool.findConnectedBroker();
  }

  /** The broker with `nodeId`, connected; it must have appeared in a metadata answer. */
  async broker(nodeId: number): Promise<KjsBroker> {
    this.#checkOpen();
    if (this.#cluster.brokerPool.brokers[String(nodeId)] === undefined) {
      throw new KafkaError(`Broker ${nodeId} is not in the known metadata`, {
        type: 'BROKER_NOT_FOUND',
        retriable: true,
      });
    }
    return await this.#cluster.brokerPool.findBroker({ nodeId: String(nodeId) });
  }

  /** Metadata for `topics` (cached up to the max age unless `fresh`); missing topics carry their error code. */
  async topics(
    topics: readonly string[],
    options: { fresh?: boolean; allowAutoCreate?: boolean } = {},
  ): Promise<Map<string, TopicInfo>> {
    const now = Date.now();
    const wanted = [...new Set(topics)];
    const stale = wanted.filter((topic) => {
      const cached = this.#topics.get(topic);
      return (
        options.fresh === true ||
        cached === undefined ||
        cached.info.errorCode !== 0 ||
        now - cached.at > this.#maxAgeMs
      );
    });
    if (stale.length > 0) await this.#refresh(stale, options.allowAutoCreate ?? false);
    const result = new Map<string, TopicInfo>();
    for (const topic of wanted) {
      const cached = this.#topics.get(topic);
      if (cached !== undefined) result.set(topic, cached.info);
    }
    return result;
  }

  /** Asks the cluster for its id (and refreshes the broker list on the way). */
  async clusterId(): Promise<string> {
    const response = await this.#metadata(null, false);
    return response.clusterId ?? '';
  }

  /** Every topic name, internal ones (`__consumer_offsets`, ...) excluded, as Java's `listTopics()`. */
  async topicNames(): Promise<string[]> {
    const response = await this.#metadata(null, false);
    return response.topicMetadata.filter((t) => t.isInternal !== true && t.topicErrorCode === 0).map((t) => t.topic);
  }

  /** Forgets cached leaders and coordinators, e.g. after NOT_LEADER or a dropped connection. */
  invalidate(): void {
    this.#topics.clear();
    this.#coordinators.clear();
  }

  /**
   * Continues on a new cluster (new connections) and returns the old one for disconnecting. A new
   * one, because kafkajs reuses a connection object across reconnects, and the old socket's late
   * 'end' event then fails the requests of the new socket.
   */
  replaceCluster(cluster: KjsCluster): KjsCluster {
    const old = this.#cluster;
    this.#cluster = cluster;
    this.invalidate();
    return old;
  }

  /** The group coordinator of `groupId`, waiting while the offsets topic is still being created. */
  async coordinator(groupId: string, deadlineMs = 15_000): Promise<KjsBroker> {
    const known = this.#coordinators.get(groupId);
    if (known !== undefined) return await this.broker(known);
    const nodeId = await retryWhile(
      async () => {
        const broker = await this.anyBroker();
        const request = broker.lookupRequest(
          10,
          protocol.requests.GroupCoordinator!,
        )({ groupId, coordinatorType: COORDINATOR_TYPE_GROUP });
        const response = await sendLenient<{ errorCode: number; coordinator: MetadataBroker }>(broker, request);
        if (response.errorCode !== 0)
          throw kafkaErrorFromCode(response.errorCode, `finding the coordinator of group ${groupId}`);
        await this.#register([response.coordinator]);
        return response.coordinator.nodeId;
      },
      (error) => error instanceof KafkaError && RETRIABLE_COORDINATOR_CODES.has(error.code ?? -1),
      deadlineMs,
    );
    this.#coordinators.set(groupId, nodeId);
    return await this.broker(nodeId);
  }

  async #refresh(topics: string[], allowAutoCreate: boolean): Promise<void> {
    const response = await this.#metadata(topics, allowAutoCreate);
    const at = Date.now();
    for (const topic of response.topicMetadata) {
      const partitions = topic.partitionMetadata
        .map((p) => ({ partition: p.partitionId, leader: p.leader, errorCode: p.partitionErrorCode }))
        .sort((a, b) => a.partition - b.partition);
      this.#topics.set(topic.topic, { info: { topic: topic.topic, errorCode: topic.topicErrorCode, partitions }, at });
    }
  }

  /** A Metadata request; `null` topics means all topics (kafkajs sends an empty list as null). */
  async #metadata(topics: string[] | null, allowAutoCreate: boolean): Promise<MetadataResponse> {
    const broker = await this.anyBroker();
    const request = broker.lookupRequest(
      API_METADATA,
      protocol.requests.Metadata!,
    )({
      topics: topics ?? [],
      allowAutoTopicCreation: allowAutoCreate,
    });
    const response = await sendLenient<MetadataResponse>(broker, request);
    await this.#register(response.brokers);
    return response;
  }

  #checkOpen(): void {
    if (this.#closed) throw new KafkaError('The Kafka client is closed', { type: 'CLIENT_CLOSED', retriable: false });
  }

  /** Adds brokers kafkajs's pool does not know yet, reusing the seed connection for its own address. */
  async #register(brokers: readonly MetadataBroker[]): Promise<void> {
    const pool = this.#cluster.brokerPool;
    for (const { nodeId, host, port, rack } of brokers) {
      const existing = pool.brokers[String(nodeId)];
      if (existing !== undefined && existing.connectionPool.host === host && existing.connectionPool.port === port)
        continue;
      const seed = pool.seedBroker;
      if (existing !== undefined && existing !== seed) await existing.disconnect(); // the node moved
      if (seed !== undefined && seed.connectionPool.host === host && seed.connectionPool.port === port) {
        seed.nodeId = nodeId;
        pool.brokers[String(nodeId)] = seed;
        continue;
      }
      const connectionPool = await pool.connectionPoolBuilder.build({ host, port, rack: rack ?? null });
      pool.brokers[String(nodeId)] = pool.createBroker({
        connectionPool,
        logger: pool.rootLogger,
        versions: pool.versions,
        nodeId,
      });
    }
  }
}

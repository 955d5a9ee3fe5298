/**
 * The Kafka port on kafkajs 2.2.4. kafkajs provides the connections (TCP/TLS, SASL, API version
 * negotiation, request multiplexing); the group-less fetch, the simple group commit and the
 * idempotent producer are built here on its Cluster internals (see docs in each file).
 *
 * Lifecycle: construct once per process (per Lambda cold start); nothing connects until the first
 * call. A call that fails on its connection (a dead socket after a Lambda freeze) drops the
 * connections and is tried once more before the error reaches the caller.
 */
import type { KjsCluster, KjsClusterOptions } from 'kafkajs/internal-types';
import Cluster from 'kafkajs/src/cluster/index.js';
import loggers from 'kafkajs/src/loggers/index.js';
import defaultSocketFactory from 'kafkajs/src/network/socketFactory.js';
import type { RecordMetadata } from '../../api/record-metadata.js';
import type { TopicPartition } from '../../api/topic-partition.js';
import { KafkaError } from '../errors.js';
import type {
  FetchOptions,
  FetchPosition,
  FetchResult,
  GroupOffset,
  KafkaPort,
  NewTopic,
  ProduceRecord,
  SendOptions,
} from '../kafka-port.js';
import { createTopics, listOffsets, partitionCounts } from './admin.js';
import { BrokerDirectory } from './broker-directory.js';
import { CompressionCodec } from './codecs/index.js';
import { DEFAULTS, type KafkajsKafkaConfig } from './config.js';
import { toKafkaError } from './errors.js';
import { fetchAtOffsets } from './fetch.js';
import { commitGroupOffsets, deleteGroup, fetchGroupOffsets } from './group-offsets.js';
import { jsonLogCreator, KAFKAJS_LEVELS } from './log-creator.js';
import { IdempotentProducer } from './producer.js';

const READ_UNCOMMITTED = 0;

export class KafkajsKafka implements KafkaPort {
  readonly #newCluster: () => KjsCluster;
  readonly #directory: BrokerDirectory;
  readonly #producer: IdempotentProducer;
  readonly #requestTimeoutMs: number;
  #closed = false;

  constructor(config: KafkajsKafkaConfig) {
    const logger = loggers.createLogger({
      level: KAFKAJS_LEVELS[config.logLevel ?? DEFAULTS.logLevel],
      logCreator: jsonLogCreator(),
    });
    this.#requestTimeoutMs = config.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    const clusterOptions: KjsClusterOptions = {
      logger,
      socketFactory: defaultSocketFactory(),
      brokers: [...config.brokers],
      clientId: config.clientId ?? DEFAULTS.clientId,
      connectionTimeout: config.connectionTimeoutMs ?? DEFAULTS.connectionTimeoutMs,
      requestTimeout: this.#requestTimeoutMs,
      enforceRequestTimeout: true,
      retry: config.retry ?? DEFAULTS.retry,
      // Only the producer may create topics, and it asks explicitly per request.
      allowAutoTopicCreation: false,
      maxInFlightRequests: null,
      isolationLevel: READ_UNCOMMITTED,
      ...(config.ssl === undefined ? {} : { ssl: config.ssl }),
      ...(config.sasl === undefined ? {} : { sasl: config.sasl }),
    };
    this.#newCluster = () => new Cluster(clusterOptions);
    this.#directory = new BrokerDirectory(this.#newCluster(), config.metadataMaxAgeMs ?? DEFAULTS.metadataMaxAgeMs);
    this.#producer = new IdempotentProducer(this.#directory, {
      requestTimeoutMs: this.#requestTimeoutMs,
      deliveryTimeoutMs: config.deliveryTimeoutMs ?? DEFAULTS.deliveryTimeoutMs,
      maxBatchBytes: config.maxBatchBytes ?? DEFAULTS.maxBatchBytes,
    });
  }

  clusterId(): Promise<string> {
    return this.#run('describing the cluster', (d) => d.clusterId());
  }

  send(records: readonly ProduceRecord[], options: SendOptions = {}): Promise<RecordMetadata[]> {
    const codec = CompressionCodec[(options.compression ?? 'none').toUpperCase() as keyof typeof CompressionCodec];
    return this.#run('producing records', () => this.#producer.send(records, codec));
  }

  fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<FetchResult> {
    return this.#run('fetching records', (d) => fetchAtOffsets(d, positions, options, this.#requestTimeoutMs));
  }

  listTopics(): Promise<string[]> {
    return this.#run('listing topics', (d) => d.topicNames());
  }

  partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    return this.#run('describing topics', (d) => partitionCounts(d, topics));
  }

  createTopics(topics: readonly NewTopic[]): Promise<void> {
    return this.#run('creating topics', (d) => createTopics(d, topics));
  }

  listOffsets(partitions: readonly TopicPartition[], which: 'earliest' | 'latest'): Promise<Map<string, number>> {
    return this.#run(`listing ${which} offsets`, (d) => listOffsets(d, partitions, which));
  }

  commitGroupOffsets(groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    return this.#run(`committing offsets of group ${groupId}`, (d) => commitGroupOffsets(d, groupId, offsets));
  }

  fetchGroupOffsets(groupId: string): Promise<GroupOffset[]> {
    return this.#run(`fetching offsets of group ${groupId}`, (d) => fetchGroupOffsets(d, groupId));
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.#run(`deleting group ${groupId}`, (d) => deleteGroup(d, groupId));
  }

  async close(): Promise<void> {
    this.#closed = true;
    // The directory refuses connections from now on: an operation in flight fails instead of reconnecting.
    await this.#directory.close().disconnect();
  }

  async #run<T>(operation: string, fn: (directory: BrokerDirectory) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error(`KafkajsKafka is closed (${operation})`);
    try {
      return await fn(this.#directory);
    } catch (error) {
      const wrapped = toKafkaError(error, operation);
      // Kafka's own retriable errors (a moved leader, a loading coordinator) were already retried
      // where they occur; what is left for here is the connection itself, e.g. a dead socket in a
      // thawed Lambda, which fresh connections cure.
      if (this.#closed || !(wrapped instanceof KafkaError) || !wrapped.retriable || wrapped.code !== null)
        throw wrapped;
      await this.#dropConnections();
      try {
        return await fn(this.#directory);
      } catch (second) {
        throw toKafkaError(second, operation);
      }
    }
  }

  async #dropConnections(): Promise<void> {
    const old = this.#directory.replaceCluster(this.#newCluster());
    // The producer keeps its id and sequences: the broker keeps producer state across reconnects
    // (`producer.id.expiration.ms`), which is what lets a resent batch be deduplicated.
    try {
      await old.disconnect();
    } catch {
      // Already broken: the new cluster connects afresh either way.
    }
  }
}

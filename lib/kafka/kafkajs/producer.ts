/**
 * An idempotent, acks=all producer on kafkajs connections. It replaces kafkajs's own producer, which
 * cannot send a header with a null value, reorders headers, and reports offsets per partition rather
 * than per record. One batch per partition is in flight at a time; a retried batch keeps its sequence
 * number, so the broker drops the duplicate if the first attempt had in fact been written.
 */
import { setTimeout as delay } from 'node:timers/promises';
import protocol from 'kafkajs/src/protocol/requests/index.js';
import type { RecordMetadata } from '../../api/record-metadata.js';
import { topicPartitionKey } from '../../api/topic-partition.js';
import type { ProduceRecord } from '../kafka-port.js';
import { KafkaError } from '../errors.js';
import type { BrokerDirectory } from './broker-directory.js';
import { sendLenient } from './broker-directory.js';
import { kafkaErrorFromCode, retryWhile, toKafkaError } from './errors.js';
import { LEADERSHIP_ERRORS } from './leaders.js';
import { planPartitions, type PartitionQueue } from './produce-plan.js';
import { encodeCompressedRecordBatch } from './record-batch.js';
import { ApiKey, produceRequest, requireVersion, type ProduceResponse } from './wire-requests.js';

const MESSAGE_TOO_LARGE = 10;
const DUPLICATE_SEQUENCE_NUMBER = 46;
/** The broker forgot or rejected our producer state: start a new producer id. */
const PRODUCER_STATE_ERRORS = new Set([45, 47, 59]);
/** Worth retrying as they are, after a pause (besides leadership errors). */
const TRANSIENT_ERRORS = new Set([7, 13, 19, 20]);
const CONNECTION_FAILURE = -1;
const API_INIT_PRODUCER_ID = 22;
const COORDINATOR_LOADING = new Set([14, 15]);

export interface ProducerSettings {
  readonly requestTimeoutMs: number;
  /** Total time a `send` may keep retrying before it fails. */
  readonly deliveryTimeoutMs: number;
  /** Upper bound of one record batch; brokers reject batches over `message.max.bytes` (1 MiB). */
  readonly maxBatchBytes: number;
}

export class IdempotentProducer {
  readonly #directory: BrokerDirectory;
  readonly #settings: ProducerSettings;
  #producerId = -1;
  #producerEpoch = 0;
  readonly #sequences = new Map<string, number>();
  readonly #roundRobin = new Map<string, number>();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(directory: BrokerDirectory, settings: ProducerSettings) {
    this.#directory = directory;
    this.#settings = settings;
  }

  /**
   * Sends in call order (sequence numbers demand it); resolves with one metadata per record. `codec`
   * compresses the batches (Kafka's codec ids: 0 none … 4 zstd).
   */
  send(records: readonly ProduceRecord[], codec = 0): Promise<RecordMetadata[]> {
    const run = this.#tail.then(() => this.#send(records, codec));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Starts over with a new producer id (the broker rejected our producer state). */
  reset(): void {
    this.#producerId = -1;
    this.#sequences.clear();
  }

  async #send(records: readonly ProduceRecord[], codec: number): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const queues = await planPartitions(this.#directory, records, this.#roundRobin, this.#settings.maxBatchBytes);
    const results = new Array<RecordMetadata>(records.length);
    const deadline = Date.now() + this.#settings.deliveryTimeoutMs;
    let pause = 50;
    while (queues.some((q) => q.chunks.length > 0)) {
      if (this.#producerId < 0) {
        await this.#initProducerId();
        for (const queue of queues) for (const chunk of queue.chunks) chunk.encoded = undefined;
      }
      const retry = await this.#round(
        queues.filter((q) => q.chunks.length > 0),
        results,
        codec,
      );
      if (retry === undefined) continue;
      if (Date.now() + pause > deadline) throw retry;
      await delay(pause);
      pause = Math.min(pause * 2, 1000);
    }
    return results;
  }

  /** Sends the head batch of every queue; returns an error worth retrying after a pause, if any. */
  async #round(queues: PartitionQueue[], results: RecordMetadata[], codec: number): Promise<KafkaError | undefined> {
    const metadata = await this.#directory.topics(queues.map((q) => q.topic));
    const byLeader = new Map<number, PartitionQueue[]>();
    for (const queue of queues) {
      const leader = metadata.get(queue.topic)?.partitions.find((p) => p.partition === queue.partition)?.leader ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), queue]);
    }
    let retry: KafkaError | undefined;
    await Promise.all(
      [...byLeader].map(async ([leader, group]) => {
        const outcome =
          leader < 0 ? new Map(group.map((q) => [q, 5])) : await this.#sendTo(leader, group, results, codec);
        for (const [queue, errorCode] of outcome) {
          const error = this.#handleFailure(queue, errorCode);
          if (error !== undefined) retry = error;
        }
      }),
    );
    return retry;
  }

  /** One Produce to one leader; returns the error code of each queue whose head batch failed. */
  async #sendTo(
    leader: number,
    queues: PartitionQueue[],
    results: RecordMetadata[],
    codec: number,
  ): Promise<Map<PartitionQueue, number>> {
    const failures = new Map<PartitionQueue, number>();
    const batches = new Map<string, Array<{ partition: number; batch: Buffer }>>();
    for (const queue of queues) {
      const head = queue.chunks[0]!;
      if (head.encoded === undefined) {
        const key = topicPartitionKey(queue);
        const baseSequence = this.#sequences.get(key) ?? 0;
        const state = { producerId: this.#producerId, producerEpoch: this.#producerEpoch, baseSequence };
        head.encoded = await encodeCompressedRecordBatch(head.records, state, codec);
        head.sequence = baseSequence;
      }
      batches.set(queue.topic, [
        ...(batches.get(queue.topic) ?? []),
        { partition: queue.partition, batch: head.encoded },
      ]);
    }
    let response: ProduceResponse;
    try {
      const broker = await this.#directory.broker(leader);
      requireVersion(broker, ApiKey.PRODUCE, 7, 'Produce');
      const request = produceRequest(batches, this.#settings.requestTimeoutMs, this.#settings.requestTimeoutMs);
      response = await sendLenient<ProduceResponse>(broker, request);
    } catch (error) {
      const wrapped = toKafkaError(error, `producing to broker ${leader}`);
      if (!(wrapped instanceof KafkaError) || !wrapped.retriable) throw wrapped;
      for (const queue of queues) failures.set(queue, CONNECTION_FAILURE);
      return failures;
    }
    const byKey = new Map(queues.map((q) => [topicPartitionKey(q), q]));
    for (const { topic, partitions } of response.topics) {
      for (const answer of partitions) {
        const queue = byKey.get(topicPartitionKey({ topic, partition: answer.partition }));
        if (queue === undefined) continue;
        if (answer.errorCode === 0 || answer.errorCode === DUPLICATE_SEQUENCE_NUMBER) {
          this.#acknowledge(queue, answer.errorCode === 0 ? answer.baseOffset : -1, answer.logAppendTime, results);
        } else {
          failures.set(queue, answer.errorCode);
        }
      }
    }
    return failures;
  }

  #acknowledge(queue: PartitionQueue, baseOffset: number, logAppendTime: number, results: RecordMetadata[]): void {
    const head = queue.chunks.shift()!;
    head.records.forEach((record, i) => {
      results[head.indexes[i]!] = {
        topic: queue.topic,
        partition: queue.partition,
        offset: baseOffset < 0 ? -1 : baseOffset + i,
        timestamp: logAppendTime >= 0 ? logAppendTime : record.timestamp,
      };
    });
    const next = (head.sequence ?? 0) + head.records.length;
    this.#sequences.set(topicPartitionKey(queue), next > 0x7fffffff ? next - 0x80000000 : next);
  }

  /** Decides what a failed head batch needs; returns the error if the round should pause and retry. */
  #handleFailure(queue: PartitionQueue, errorCode: number): KafkaError | undefined {
    const where = `producing to ${queue.topic}-${queue.partition}`;
    if (errorCode === CONNECTION_FAILURE) {
      this.#directory.invalidate();
      return new KafkaError(`${where}: connection failed`, { type: 'CONNECTION', retriable: true });
    }
    if (LEADERSHIP_ERRORS.has(errorCode) || TRANSIENT_ERRORS.has(errorCode)) {
      this.#directory.invalidate();
      return kafkaErrorFromCode(errorCode, where);
    }
    if (PRODUCER_STATE_ERRORS.has(errorCode)) {
      // Unsent-looking batches get new sequences under a new producer id (a duplicate is possible,
      // as in Java's producer after such an error: at-least-once).
      this.reset();
      return kafkaErrorFromCode(errorCode, where);
    }
    const head = queue.chunks[0]!;
    if (errorCode === MESSAGE_TOO_LARGE && head.records.length > 1) {
      // Nothing of a rejected batch was written: split it and send the halves with fresh sequences.
      const half = Math.ceil(head.records.length / 2);
      queue.chunks.splice(
        0,
        1,
        { records: head.records.slice(0, half), indexes: head.indexes.slice(0, half) },
        { records: head.records.slice(half), indexes: head.indexes.slice(half) },
      );
      return undefined;
    }
    throw kafkaErrorFromCode(errorCode, where);
  }

  async #initProducerId(): Promise<void> {
    const { producerId, producerEpoch } = await retryWhile(
      async () => {
        const broker = await this.#directory.anyBroker();
        const request = broker.lookupRequest(
          API_INIT_PRODUCER_ID,
          protocol.requests.InitProducerId!,
        )({ transactionTimeout: 60_000 });
        const response = await sendLenient<{ errorCode: number; producerId: string; producerEpoch: number }>(
          broker,
          request,
        );
        if (response.errorCode !== 0)
          throw kafkaErrorFromCode(response.errorCode, 'initializing the idempotent producer');
        return response;
      },
      // A fresh cluster creates its transaction state topic on the first request.
      (error) => error instanceof KafkaError && COORDINATOR_LOADING.has(error.code ?? -1),
      this.#settings.deliveryTimeoutMs,
    );
    this.#producerId = Number(producerId);
    this.#producerEpoch = producerEpoch;
    this.#sequences.clear();
  }
}

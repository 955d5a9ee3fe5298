/**
 * The dead letter queue of sink connectors (`errors.deadletterqueue.*`): records that failed conversion or
 * transformation, with their original key, value, headers and timestamp, plus Connect's `__connect.errors.*`
 * context headers when enabled. Queued records are produced before the slice commits offsets, so a failed
 * record is never skipped without being recorded.
 */
import { ConnectError } from '../api/errors.js';
import type { DeadLetterQueueConfig } from '../common/connector-config.js';
import type { FetchedRecord, KafkaHeader, KafkaPort, ProduceRecord, SendOptions } from '../kafka/kafka-port.js';
import type { Stage } from './stage.js';

export interface DlqContext {
  readonly connector: string;
  readonly task: number;
}

const encoder = new TextEncoder();

export class DeadLetterQueue {
  private readonly queued: ProduceRecord[] = [];
  private topicReady = false;

  private constructor(
    private readonly topic: string,
    private readonly replicationFactor: number,
    private readonly contextHeaders: boolean,
    private readonly context: DlqContext,
  ) {}

  /** The connector's DLQ, or null when `errors.deadletterqueue.topic.name` is empty. */
  static fromConfig(config: DeadLetterQueueConfig, context: DlqContext): DeadLetterQueue | null {
    const topic = config.topic.trim();
    if (topic === '') return null;
    return new DeadLetterQueue(topic, config.replicationFactor, config.contextHeaders, context);
  }

  report(raw: FetchedRecord, stage: Stage, className: string, error: unknown): void {
    const headers: KafkaHeader[] = [...raw.headers];
    if (this.contextHeaders) {
      const add = (key: string, value: string): void =>
        void headers.push({ key: `__connect.errors.${key}`, value: encoder.encode(value) });
      add('topic', raw.topic);
      add('partition', String(raw.partition));
      add('offset', String(raw.offset));
      add('connector.name', this.context.connector);
      add('task.id', String(this.context.task));
      add('stage', stage);
      add('class.name', className);
      if (error instanceof Error) {
        const root = rootCause(error);
        add('exception.class.name', root.name);
        add('exception.message', root.message);
        add('exception.stacktrace', root.stack ?? `${root.name}: ${root.message}`);
      }
      // The outermost error's details: what the plugin that reported the record said about it.
      if (error instanceof ConnectError)
        for (const [key, value] of Object.entries(error.details)) add(`details.${key}`, value);
    }
    this.queued.push({
      topic: this.topic,
      partition: null,
      key: raw.key,
      value: raw.value,
      timestamp: raw.timestamp,
      headers,
    });
  }

  get pending(): number {
    return this.queued.length;
  }

  /** Produces every queued record (creating the topic once if needed), compressed as the task's producer is. */
  async flush(kafka: KafkaPort, options: SendOptions = {}): Promise<void> {
    if (this.queued.length === 0) return;
    if (!this.topicReady) {
      // Connect creates a missing DLQ topic with one partition and the configured replication factor;
      // a single-broker cluster cannot hold more replicas than it has brokers, so cap it there.
      await kafka
        .createTopics([{ topic: this.topic, numPartitions: 1, replicationFactor: this.replicationFactor }])
        .catch(async () => {
          await kafka.createTopics([{ topic: this.topic, numPartitions: 1, replicationFactor: -1 }]);
        });
      this.topicReady = true;
    }
    await kafka.send(this.queued.splice(0), options);
  }
}

function rootCause(error: Error): Error {
  let current = error;
  for (let depth = 0; current.cause instanceof Error && depth < 10; depth++) current = current.cause;
  return current;
}

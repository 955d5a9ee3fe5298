/**
 * `io.confluent.connect.s3.S3SinkTask`: buffers records per Kafka partition ({@link TopicPartitionWriter})
 * and uploads whole objects to S3.
 *
 * Offsets: `preCommit` returns, per partition, only the offset after the last record that is in an
 * uploaded object (or was skipped). Buffered records are never committed; a slice that ends with open
 * files drops them and the next slice reads them again from Kafka, starting at the same offset, so a
 * deterministic partitioner writes the same keys again: a crash between upload and commit rewrites
 * identical objects instead of adding new ones.
 */
import {
  ConnectError,
  DataError,
  SinkTask,
  type PartitionOffsets,
  type SinkRecord,
  type TopicPartition,
  topicPartitionKey,
} from 'lambda-connect/api';
import { createS3Client, S3ObjectStore, type ObjectStore } from './object-store.js';
import { createPartitioner } from './partitioner.js';
import { recordEncoders } from './record-format.js';
import { NULL_VALUES_CONFIG, NullValueBehavior, parseS3SinkConfig, type S3SinkConfig } from './s3-sink-config.js';
import { TopicPartitionWriter } from './topic-partition-writer.js';
import { S3_PLUGIN_VERSION } from './version.js';

export class S3SinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.s3.S3SinkTask';

  private config: S3SinkConfig | undefined;
  private store: ObjectStore | undefined;
  private readonly writers = new Map<string, TopicPartitionWriter>();

  version(): string {
    return S3_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.config = parseS3SinkConfig(props);
    this.store = this.createStore(this.config);
  }

  /** The store objects go to; tests override it with a memory store. */
  protected createStore(config: S3SinkConfig): ObjectStore {
    return new S3ObjectStore(createS3Client(config, this.context), config.bucket, config.partSize);
  }

  /** The clock the Wallclock extractor and scheduled rotation read. */
  protected now(): number {
    return Date.now();
  }

  override open(partitions: readonly TopicPartition[]): void {
    const config = this.started();
    for (const tp of partitions) {
      const encoders = recordEncoders(config);
      this.writers.set(
        topicPartitionKey(tp),
        new TopicPartitionWriter(
          tp,
          config,
          createPartitioner(config.partitioner),
          encoders,
          this.store as ObjectStore,
        ),
      );
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const config = this.started();
    for (const record of records) {
      const writer = this.writers.get(topicPartitionKey({ topic: record.topic, partition: record.kafkaPartition }));
      if (writer === undefined)
        throw new ConnectError(
          `S3SinkTask got a record of ${record.topic}-${record.kafkaPartition}, a partition it was not assigned`,
        );
      if (record.value === null || record.value === undefined) {
        if (config.nullValues === NullValueBehavior.FAIL) {
          throw new ConnectError(
            `Null valued records are not writeable with current ${NULL_VALUES_CONFIG} 'settings. (${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}; set ${NULL_VALUES_CONFIG}=ignore to skip them)`,
          );
        }
        writer.skip(record);
        continue;
      }
      await this.writeOrReport(writer, record);
    }
  }

  /** A record the partitioner or format cannot handle goes to the DLQ when one is configured, else fails the task. */
  private async writeOrReport(writer: TopicPartitionWriter, record: SinkRecord): Promise<void> {
    try {
      await writer.write(record, this.now());
    } catch (error) {
      const reporter = this.context?.errantRecordReporter() ?? null;
      if (!(error instanceof DataError) || reporter === null) throw error;
      await reporter(record, error);
      writer.skip(record);
    }
  }

  override async preCommit(currentOffsets: PartitionOffsets): Promise<PartitionOffsets> {
    const safe: PartitionOffsets = new Map();
    const now = this.now();
    for (const [key, entry] of currentOffsets) {
      const offset = await this.writers.get(key)?.preCommit(now);
      if (offset !== undefined && offset !== null) safe.set(key, { tp: entry.tp, offset });
    }
    return safe;
  }

  /** Open files are dropped: their records were not committed, so the next reader of the partition writes them. */
  override close(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.writers.delete(topicPartitionKey(tp));
  }

  stop(): void {
    this.writers.clear();
    this.store?.close();
    this.store = undefined;
  }

  private started(): S3SinkConfig {
    if (this.config === undefined || this.store === undefined) throw new ConnectError('S3SinkTask is not started');
    return this.config;
  }
}

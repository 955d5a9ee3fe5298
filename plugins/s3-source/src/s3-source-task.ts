/**
 * `io.confluent.connect.s3.source.S3SourceTask`: restores the partition folders assigned to this task.
 *
 * - `start` parses the config; the first `poll` lists `<topics.dir>/` for topic and partition folders,
 *   keeps this task's share (see folder-assignment.ts), reads their stored offsets and lists each folder.
 * - `poll` returns up to `record.batch.max.size` records of one folder, taking the folders in turn, and
 *   null once every listed object is read; the bucket is listed again only after `s3.poll.interval.ms`.
 *   A slice therefore ends soon after the task catches up, and the next slice lists afresh.
 * - Offsets are the folder's (see source-offsets.ts): a new task resumes after the last stored one.
 */
import { SourceTask, type SourceRecord } from 'lambda-connect/api';
import type { Bucket } from './bucket.js';
import { assignedTask } from './folder-assignment.js';
import { FolderReader } from './folder-reader.js';
import { parsePartitionFolder } from './object-key.js';
import { S3Bucket } from './s3-bucket.js';
import { parseS3SourceConfig, parseTaskShare, type S3SourceConfig } from './s3-source-config.js';
import { FOLDER_FIELD, folderPartition, parsePosition } from './source-offsets.js';
import { PLUGIN_VERSION } from './version.js';

export class S3SourceTask extends SourceTask {
  static readonly className = 'io.confluent.connect.s3.source.S3SourceTask';

  private config: S3SourceConfig | undefined;
  private share = { index: 0, count: 1 };
  private bucket: Bucket | undefined;
  private readonly readers = new Map<string, FolderReader>();
  /** The folder to read first at the next poll: folders take turns. */
  private turn = 0;
  private lastListing: number | null = null;

  version(): string {
    return PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.config = parseS3SourceConfig(props);
    this.share = parseTaskShare(props);
    this.bucket = this.openBucket(this.config);
  }

  async poll(): Promise<SourceRecord[] | null> {
    const config = this.required(this.config);
    const idle = [...this.readers.values()].every((r) => r.idle);
    if (this.lastListing === null || (idle && this.now() - this.lastListing >= config.pollIntervalMs))
      await this.discover();
    const readers = [...this.readers.values()];
    for (let tried = 0; tried < readers.length; tried++) {
      const reader = readers[this.turn++ % readers.length] as FolderReader;
      const records = await reader.read(config.batchMaxSize);
      if (records.length > 0) return records;
    }
    return null;
  }

  async stop(): Promise<void> {
    const readers = [...this.readers.values()];
    this.readers.clear();
    await Promise.all(readers.map((r) => r.close()));
    this.bucket?.close();
    this.bucket = undefined;
  }

  /** The bucket adapter; tests substitute an in-memory one. */
  protected openBucket(config: S3SourceConfig): Bucket {
    return S3Bucket.fromConfig(config, this.context);
  }

  /** The clock for the poll interval; tests substitute their own. */
  protected now(): number {
    return Date.now();
  }

  /** Lists the topic and partition folders, adds this task's new ones at their stored offsets, lists each idle folder. */
  private async discover(): Promise<void> {
    const config = this.required(this.config);
    const bucket = this.required(this.bucket);
    this.lastListing = this.now();
    const topics = await bucket.list(`${config.topicsDir}${config.delimiter}`, config.delimiter);
    const folders: string[] = [];
    for (const topicFolder of topics.prefixes) {
      for (const folder of (await bucket.list(topicFolder, config.delimiter)).prefixes) {
        const parsed = parsePartitionFolder(folder, config.topicsDir, config.delimiter);
        if (
          parsed !== null &&
          assignedTask(parsed.topic, parsed.partition, this.share.count) === this.share.index &&
          !this.readers.has(folder)
        )
          folders.push(folder);
      }
    }
    const reader = this.context?.offsetStorageReader();
    const offsets = reader === undefined ? new Map() : await reader.offsets(folders.map(folderPartition));
    for (const [partition, offset] of offsets) {
      const folder = String(partition[FOLDER_FIELD]);
      this.readers.set(folder, new FolderReader(bucket, folder, config, parsePosition(offset ?? null)));
    }
    for (const folder of folders)
      if (!this.readers.has(folder))
        this.readers.set(folder, new FolderReader(bucket, folder, config, parsePosition(null)));
    for (const folderReader of this.readers.values()) if (folderReader.idle) await folderReader.refresh();
  }

  private required<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('S3SourceTask.poll called before start');
    return value;
  }
}

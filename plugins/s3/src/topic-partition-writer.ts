/**
 * One Kafka partition's open objects, as Confluent's `TopicPartitionWriter`: records are encoded into one
 * open file per encoded partition; the files of the partition are uploaded together (rotated) when
 * `flush.size` records are buffered, when a record's time is `rotate.interval.ms` past the first one's (or
 * its encoded partition changes), or at a `rotate.schedule.interval.ms` boundary. Only then does the
 * committable offset move: to the offset after the last record in the uploaded objects.
 *
 * Slices: a slice that ends with open files drops them (`close`) and the next slice reads those records
 * again from the committed offset, so every object starts at the same offset and gets the same key.
 * See docs/decisions/0017-s3-sink.md.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ConnectError, type SinkRecord, type TopicPartition } from 'lambda-connect/api';
import type { ObjectStore } from './object-store.js';
import { objectKey } from './object-keys.js';
import type { Partitioner } from './partitioner.js';
import type { EncodedRecord, RecordEncoder } from './record-format.js';
import type { S3SinkConfig } from './s3-sink-config.js';
import { ValueSchemas } from './schema-compatibility.js';
import { nextTimeAdjustedByDay } from './zoned-time.js';

const gzipAsync = promisify(gzip);
/** Objects uploaded at once per rotation (many encoded partitions make many objects). */
const UPLOAD_CONCURRENCY = 8;

interface OpenFile {
  readonly startOffset: number;
  readonly partitionedPath: string;
  /** Container formats: each encoder's writer schema for this file (null for line formats). */
  readonly writerSchemas: ReadonlyArray<string | null>;
  /** Encoded lines per encoder (value, keys, headers), in the encoders' order. */
  readonly chunks: EncodedRecord[][];
}

/** An object ready to upload. */
export interface PendingObject {
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
}

export class TopicPartitionWriter {
  private files = new Map<string, OpenFile>();
  private recordCount = 0;
  private baseTimestamp: number | null = null;
  private currentEncoded: string | null = null;
  /** `schema.compatibility`: which value schema change rotates, and the projection of the other records. */
  private readonly valueSchemas: ValueSchemas;
  /** The offset after the last record handled (buffered or skipped). */
  private nextOffset: number | null = null;
  /** The offset safe to commit: everything before it is in S3 or was skipped. */
  private committable: number | null = null;
  /** A rotation was decided but its upload failed: retried before anything else. */
  private rotationPending = false;
  private scheduledBoundary: number | null = null;

  constructor(
    readonly tp: TopicPartition,
    private readonly config: S3SinkConfig,
    private readonly partitioner: Partitioner,
    private readonly encoders: readonly RecordEncoder[],
    private readonly store: ObjectStore,
  ) {
    this.valueSchemas = new ValueSchemas(config.schemaCompatibility);
  }

  /**
   * Buffers one record, rotating before or after it when due. Redelivered records (already handled) are
   * skipped. The formats get the record projected to its open object's value schema (`schema.compatibility`).
   * A `DataError` (partitioner, schema, projection, format) comes before the record is appended: only a
   * rotation decided before it stays, which a re-read makes again at the same record.
   */
  async write(record: SinkRecord, nowMs: number): Promise<void> {
    if (this.nextOffset !== null && record.kafkaOffset < this.nextOffset) return;
    if (this.rotationPending) await this.commitFiles();
    const timestamp = this.partitioner.timestampExtractor?.(record, nowMs) ?? null;
    const encoded = this.partitioner.encodePartition(record, nowMs);
    const recordTime = record.timestamp ?? nowMs;
    const schemaChange = this.valueSchemas.shouldChange(record, encoded);
    if (this.recordCount > 0 && (schemaChange || this.rotateOnTime(encoded, timestamp, recordTime)))
      await this.rotate();
    let projected = this.valueSchemas.project(record, encoded);
    let schemas = this.writerSchemas(projected);
    if (this.recordCount > 0 && this.writerSchemaChanged(encoded, schemas)) {
      // The record opens new objects: it keeps its own value schema.
      await this.rotate();
      projected = record;
      schemas = this.writerSchemas(record);
    }
    const lines = this.encoders.map((e) => e.encode(projected));
    this.append(record, encoded, lines, schemas);
    this.valueSchemas.opened(encoded, projected.valueSchema);
    this.baseTimestamp ??= timestamp;
    if (this.recordCount === 1 && this.config.rotateScheduleIntervalMs > 0) {
      this.scheduledBoundary = nextTimeAdjustedByDay(
        Math.min(recordTime, nowMs),
        this.config.rotateScheduleIntervalMs,
        this.config.partitioner.timezone,
      );
    }
    if (this.recordCount >= this.config.flushSize) await this.rotate();
  }

  /** A record that is not written (a skipped null): committable once nothing is buffered before it. */
  skip(record: SinkRecord): void {
    if (this.nextOffset !== null && record.kafkaOffset < this.nextOffset) return;
    this.nextOffset = record.kafkaOffset + 1;
    if (this.recordCount === 0) this.committable = this.nextOffset;
  }

  /**
   * The offset to commit, after uploading what is due: a failed rotation, or open files whose scheduled
   * boundary the wall clock has passed. Null when nothing new is safe to commit.
   */
  async preCommit(nowMs: number): Promise<number | null> {
    const scheduledDue = this.scheduledBoundary !== null && nowMs >= this.scheduledBoundary;
    try {
      if (this.recordCount > 0 && (this.rotationPending || scheduledDue)) await this.rotate();
    } catch (error) {
      // An outage here must not fail the commit of what is already uploaded; the next put or
      // preCommit uploads again (the rotation stays pending).
      if (!(error instanceof ConnectError && error.retriable)) throw error;
    }
    return this.committable;
  }

  /** Buffered records not yet uploaded (dropped by `close`; the next slice reads them again). */
  get buffered(): number {
    return this.recordCount;
  }

  private rotateOnTime(encoded: string, timestamp: number | null, recordTime: number): boolean {
    const periodic =
      this.config.rotateIntervalMs > 0 &&
      this.partitioner.timestampExtractor !== null &&
      ((timestamp !== null &&
        this.baseTimestamp !== null &&
        timestamp - this.baseTimestamp >= this.config.rotateIntervalMs) ||
        (this.config.rotateOnPartitionChange && encoded !== this.currentEncoded));
    // Scheduled boundaries cut files at the record's Kafka time (deterministic on re-reads); the wall
    // clock only uploads idle files (preCommit).
    const scheduled = this.scheduledBoundary !== null && recordTime >= this.scheduledBoundary;
    return periodic || scheduled;
  }

  private writerSchemas(record: SinkRecord): Array<string | null> {
    return this.encoders.map((e) => e.writerSchema?.(record) ?? null);
  }

  /**
   * Container formats hold one writer schema per object: a record whose writer schema differs from its
   * open file's (a key schema change with AvroFormat keys; values are settled by `schema.compatibility`
   * before) closes the open objects.
   */
  private writerSchemaChanged(encoded: string, schemas: ReadonlyArray<string | null>): boolean {
    const current = this.files.get(encoded)?.writerSchemas;
    return current !== undefined && schemas.some((s, i) => s !== current[i]);
  }

  private append(
    record: SinkRecord,
    encoded: string,
    lines: EncodedRecord[],
    schemas: ReadonlyArray<string | null>,
  ): void {
    let file = this.files.get(encoded);
    if (file === undefined) {
      file = {
        startOffset: record.kafkaOffset,
        partitionedPath: this.partitioner.generatePartitionedPath(this.tp.topic, encoded),
        writerSchemas: schemas,
        chunks: this.encoders.map(() => []),
      };
      this.files.set(encoded, file);
    }
    lines.forEach((line, i) => file.chunks[i]?.push(line));
    this.recordCount++;
    this.currentEncoded = encoded;
    this.nextOffset = record.kafkaOffset + 1;
  }

  private async rotate(): Promise<void> {
    this.rotationPending = true;
    await this.commitFiles();
  }

  /** Uploads every open file; only when all are in S3 do the buffers clear and the committable offset move. */
  private async commitFiles(): Promise<void> {
    const objects = await this.pendingObjects();
    const queue = [...objects];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift())
        await this.store.put(next.key, next.body, next.contentType);
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, worker));
    this.files = new Map();
    this.recordCount = 0;
    this.baseTimestamp = null;
    this.currentEncoded = null;
    this.valueSchemas.clear();
    this.scheduledBoundary = null;
    this.rotationPending = false;
    this.committable = this.nextOffset;
  }

  /** The objects of the open files: one per file and encoder, gzipped when configured. */
  async pendingObjects(): Promise<PendingObject[]> {
    const objects: PendingObject[] = [];
    for (const file of this.files.values()) {
      for (const [i, encoder] of this.encoders.entries()) {
        const body = await this.body(encoder, file.chunks[i] ?? [], file.writerSchemas[i] ?? null);
        const key = objectKey(
          this.config,
          file.partitionedPath,
          this.tp.topic,
          this.tp.partition,
          file.startOffset,
          encoder.view + encoder.extension,
        );
        objects.push({ key, body, contentType: contentTypeOf(encoder.extension) });
      }
    }
    return objects;
  }

  /** One object's bytes: a container file (Avro, compressed by its codec) or the lines, gzipped when configured. */
  private async body(encoder: RecordEncoder, chunks: readonly EncodedRecord[], schema: string | null): Promise<Buffer> {
    if (encoder.container !== undefined && schema !== null) return encoder.container(chunks, schema);
    const raw = joinLines(chunks as ReadonlyArray<string | Buffer>);
    return this.config.compression === 'gzip' ? gzipAsync(raw, { level: this.config.compressionLevel }) : raw;
  }
}

function joinLines(lines: ReadonlyArray<string | Buffer>): Buffer {
  if (lines.every((l) => typeof l === 'string')) return Buffer.from(lines.join(''), 'utf8');
  return Buffer.concat(lines.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l)));
}

function contentTypeOf(extension: string): string {
  if (extension.endsWith('.gz')) return 'application/gzip';
  if (extension === '.avro') return 'avro/binary';
  if (extension.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  return extension === '.json' ? 'application/json' : 'application/octet-stream';
}

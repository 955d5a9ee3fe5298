/**
 * Reads one partition folder (`<topics.dir>/<topic>/partition=<p>/`): its objects in start-offset order,
 * each record produced back to its original topic and partition, from where the stored offset says
 * reading stands. The folder is one source partition; its offset advances with every record.
 *
 * Flushing and offset rules: the folder's position moves in memory as records are returned; the framework
 * stores a record's offset once Kafka acknowledged it, so a task that dies resumes right after the last
 * acknowledged record whose offset was stored (never before it, never after an unacknowledged one).
 */
import { ConnectError, DataError, sourceRecord, type SourcePartition, type SourceRecord } from 'lambda-connect/api';
import type { Bucket } from './bucket.js';
import { ObjectCursor, type ObjectSet } from './object-cursor.js';
import { byStartOffset, LineEncoding, ObjectView, parseObjectKey, type ObjectName } from './object-key.js';
import { Formats, type S3SourceConfig } from './s3-source-config.js';
import { folderPartition, positionOffset, type Position } from './source-offsets.js';

export class FolderReader {
  readonly partition: SourcePartition;
  private pending: ObjectSet[] = [];
  private cursor: ObjectCursor | null = null;
  private readonly separator: Buffer;

  constructor(
    private readonly bucket: Bucket,
    readonly folder: string,
    private readonly config: S3SourceConfig,
    private position: Position,
  ) {
    this.partition = folderPartition(folder);
    this.separator = Buffer.from(config.byteArraySeparator, 'utf8');
    if (position.lastFileRead !== null && this.parse(position.lastFileRead) === null) {
      throw new ConnectError(
        `The stored offset of folder ${folder} names ${position.lastFileRead}, which is not an object of this format in that folder`,
      );
    }
  }

  /** Nothing open and nothing listed left to read. */
  get idle(): boolean {
    return this.cursor === null && this.pending.length === 0;
  }

  /** Lists the folder again: the objects after the position, in order, up to the first still missing a required sidecar. */
  async refresh(): Promise<void> {
    if (this.cursor !== null) return;
    const names = (await this.bucket.list(this.folder)).keys
      .map((key) => this.parse(key))
      .filter((n): n is ObjectName => n !== null);
    const sidecars = new Map<string, ObjectName>();
    for (const name of names)
      if (name.view !== ObjectView.VALUES) sidecars.set(`${name.view}:${name.startOffset}`, name);
    const values = names.filter((n) => n.view === ObjectView.VALUES && this.isAfterPosition(n)).sort(byStartOffset);
    const pending: ObjectSet[] = [];
    for (const name of values) {
      const keys = this.sidecar(sidecars, ObjectView.KEYS, name);
      const headers = this.sidecar(sidecars, ObjectView.HEADERS, name);
      // The sink uploads an object and its sidecars one after the other: wait for a required one.
      if ((this.config.requireKeys && keys === null) || (this.config.requireHeaders && headers === null)) break;
      pending.push({ values: name, keys, headers });
    }
    this.pending = pending;
  }

  /** Up to `max` records, in order; fewer (or none) when the listed objects run out. */
  async read(max: number): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    while (records.length < max) {
      const cursor = this.cursor ?? (await this.openNext());
      if (cursor === null) break;
      const record = await cursor.next();
      if (record === null) {
        await this.closeCursor();
        continue;
      }
      const { values } = cursor.objects;
      this.position = { lastFileRead: values.key, fileOffset: record.index, eof: record.last };
      records.push(
        sourceRecord({
          topic: values.topic,
          kafkaPartition: values.partition,
          keySchema: record.key.schema,
          key: record.key.value,
          valueSchema: record.value.schema,
          value: record.value.value,
          headers: record.headers,
          sourcePartition: this.partition,
          sourceOffset: positionOffset(this.position),
        }),
      );
      if (record.last) await this.closeCursor();
    }
    return records;
  }

  async close(): Promise<void> {
    await this.closeCursor();
    this.pending = [];
  }

  private async openNext(): Promise<ObjectCursor | null> {
    const next = this.pending.shift();
    if (next === undefined) return null;
    const resuming = this.position.lastFileRead === next.values.key && !this.position.eof;
    this.cursor = await ObjectCursor.open(this.bucket, next, this.separator, resuming ? this.position.fileOffset : 0);
    return this.cursor;
  }

  private async closeCursor(): Promise<void> {
    const cursor = this.cursor;
    this.cursor = null;
    await cursor?.close();
  }

  private parse(key: string): ObjectName | null {
    const name = parseObjectKey(key, this.config.delimiter, this.config.byteArrayExtension);
    if (name === null || name.view !== ObjectView.VALUES) return name;
    // Only the configured format's objects are records to restore.
    return name.encoding === formatEncoding(this.config) ? name : null;
  }

  private isAfterPosition(name: ObjectName): boolean {
    const { lastFileRead, eof } = this.position;
    if (lastFileRead === null) return true;
    if (name.key === lastFileRead) return !eof;
    const last = this.parse(lastFileRead) as ObjectName;
    return byStartOffset(name, last) > 0;
  }

  private sidecar(sidecars: ReadonlyMap<string, ObjectName>, view: ObjectView, values: ObjectName): ObjectName | null {
    const name = sidecars.get(`${view}:${values.startOffset}`) ?? null;
    if (
      name !== null &&
      (name.encoding === null ||
        name.encoding === LineEncoding.AVRO ||
        name.encoding === LineEncoding.PARQUET ||
        (view === ObjectView.HEADERS && name.encoding !== LineEncoding.JSON))
    ) {
      throw new DataError(
        `The ${view} object ${name.key} is in a format this S3 source cannot read: the sink's ${view}.format.class must be JsonFormat${view === ObjectView.KEYS ? ' or ByteArrayFormat' : ''}`,
      );
    }
    return name;
  }
}

function formatEncoding(config: S3SourceConfig): LineEncoding {
  if (config.format === Formats.AVRO) return LineEncoding.AVRO;
  if (config.format === Formats.PARQUET) return LineEncoding.PARQUET;
  return config.format === Formats.JSON ? LineEncoding.JSON : LineEncoding.BYTES;
}

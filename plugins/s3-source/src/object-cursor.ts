/**
 * Reads one object's records, together with its keys and headers sidecars when it has them: line i of
 * each belongs to record i. Reads one record ahead so the record that ends the object is known (its
 * offset says `eof`), and skips the records a stored offset says were already produced.
 */
import { DataError, type Header } from 'lambda-connect/api';
import type { Bucket } from './bucket.js';
import { AvroReader } from './avro-reader.js';
import { ParquetReader } from './parquet-reader.js';
import { decodeData, decodeHeaders, type Decoded } from './line-decoders.js';
import { LineReader } from './line-reader.js';
import { LineEncoding, type ObjectName } from './object-key.js';

export interface ObjectSet {
  readonly values: ObjectName;
  readonly keys: ObjectName | null;
  readonly headers: ObjectName | null;
}

export interface ObjectRecord {
  readonly key: Decoded;
  readonly value: Decoded;
  readonly headers: readonly Header[];
  /** 1-based: the number of the object's records produced once this one is. */
  readonly index: number;
  /** Whether this is the object's last record. */
  readonly last: boolean;
}

interface Lines {
  readonly value: Buffer;
  readonly key: Buffer | null;
  readonly headers: Buffer | null;
}

/** Lines of JSON or bytes, or the records of a container format (Avro, Parquet) as Avro binary. */
type RecordReader = LineReader | AvroReader | ParquetReader;

const NO_KEY: Decoded = Object.freeze({ schema: null, value: null });
const NO_HEADERS: readonly Header[] = Object.freeze([]);

export class ObjectCursor {
  private ahead: Lines | null = null;
  private index = 0;

  private constructor(
    readonly objects: ObjectSet,
    private readonly values: RecordReader,
    private readonly keys: RecordReader | null,
    private readonly headers: RecordReader | null,
  ) {}

  /** Opens the object and its sidecars, positioned after the first `skip` records. */
  static async open(
    bucket: Bucket,
    objects: ObjectSet,
    byteArraySeparator: Buffer,
    skip: number,
  ): Promise<ObjectCursor> {
    const reader = async (name: ObjectName | null): Promise<RecordReader | null> => {
      if (name === null) return null;
      if (name.encoding === LineEncoding.AVRO)
        return AvroReader.open(await bucket.read(name.key), `Object ${name.key}`);
      if (name.encoding === LineEncoding.PARQUET)
        return ParquetReader.open(await bucket.read(name.key), `Object ${name.key}`);
      // JSON is newline-delimited whatever the byte array separator is.
      const separator = name.encoding === LineEncoding.JSON ? NEWLINE : byteArraySeparator;
      return new LineReader(await bucket.read(name.key), separator, name.gzip, `Object ${name.key}`);
    };
    const cursor = new ObjectCursor(
      objects,
      (await reader(objects.values)) as RecordReader,
      await reader(objects.keys),
      await reader(objects.headers),
    );
    try {
      for (let i = 0; i < skip; i++) {
        if ((await cursor.readLines()) === null)
          throw new DataError(
            `Object ${objects.values.key} has ${i} records, fewer than the ${skip} the stored offset says were produced`,
          );
      }
      cursor.index = skip;
      cursor.ahead = await cursor.readLines();
    } catch (error) {
      await cursor.close();
      throw error;
    }
    return cursor;
  }

  /** The next record, or null when the object has no more. */
  async next(): Promise<ObjectRecord | null> {
    const lines = this.ahead;
    if (lines === null) return null;
    this.ahead = await this.readLines();
    this.index++;
    const where = (name: ObjectName): string => `Object ${name.key} record ${this.index}`;
    const { values, keys, headers } = this.objects;
    return {
      value:
        this.values instanceof AvroReader || this.values instanceof ParquetReader
          ? this.values.decode(lines.value)
          : decodeData(lines.value, values.encoding as LineEncoding, where(values)),
      key:
        keys === null || lines.key === null
          ? NO_KEY
          : decodeData(lines.key, keys.encoding as LineEncoding, where(keys)),
      headers: headers === null || lines.headers === null ? NO_HEADERS : decodeHeaders(lines.headers, where(headers)),
      index: this.index,
      last: this.ahead === null,
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.values.close(), this.keys?.close(), this.headers?.close()]);
  }

  /** One line of each object; the sidecars must end exactly where the values end. */
  private async readLines(): Promise<Lines | null> {
    const value = this.values.buffered() ?? (await this.values.next());
    const key = this.keys === null ? null : (this.keys.buffered() ?? (await this.keys.next()));
    const headers = this.headers === null ? null : (this.headers.buffered() ?? (await this.headers.next()));
    const mismatch = (reader: RecordReader | null, line: Buffer | null): boolean =>
      reader !== null && (line === null) !== (value === null);
    if (mismatch(this.keys, key) || mismatch(this.headers, headers)) {
      throw new DataError(
        `Object ${this.objects.values.key} and its sidecar objects hold different numbers of records (values ${this.values.count}, keys ${this.keys?.count ?? '-'}, headers ${this.headers?.count ?? '-'})`,
      );
    }
    return value === null ? null : { value, key, headers };
  }
}

const NEWLINE = Buffer.from('\n');

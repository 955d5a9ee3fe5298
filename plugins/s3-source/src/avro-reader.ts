/**
 * The records of an AvroFormat object (an Avro Object Container File, as the S3 sink writes it), read as
 * a `LineReader` reads lines: each record's Avro binary in order, then null. The writer schema in the
 * file's header becomes the records' Connect schema through the schema-registry plugin's `AvroData`, so
 * values come back with their schema (Structs for records).
 */
import { Readable } from 'node:stream';
import { AvroData, type AvroSchema } from '@lambda-connect/schema-registry';
import avro from 'avsc';
import CRC32 from 'crc-32';
import { DataError, type Schema } from 'lambda-connect/api';
import snappy from 'snappyjs';
import type { Decoded } from './line-decoders.js';

/** Confluent's S3 sink defaults for the AvroData options (`enhanced.avro.schema.support`, `connect.meta.data`). */
const data = new AvroData({
  enhancedSchemaSupport: true,
  connectMetaData: true,
  allowOptionalMapKeys: false,
  flattenSingletonUnions: true,
  scrubInvalidNames: false,
});

/** A snappy element expands at most 64 bytes from 3: what a corrupt block may claim is bounded by this. */
const MAX_SNAPPY_EXPANSION = 32;

/**
 * Avro's snappy codec: a raw snappy block, then the CRC-32 (IEEE) of the uncompressed data, 4 bytes
 * big-endian. A wrong checksum fails the block, as Java's `SnappyCodec` does.
 */
export function snappyBlockData(block: Buffer): Buffer {
  if (block.length < 4) throw new Error(`snappy block of ${block.length} bytes has no checksum`);
  const data = snappy.uncompress(block.subarray(0, block.length - 4), (block.length - 4) * MAX_SNAPPY_EXPANSION);
  const expected = block.readUInt32BE(block.length - 4);
  const actual = CRC32.buf(data) >>> 0;
  if (actual !== expected)
    throw new Error(`snappy block checksum mismatch: CRC-32 ${actual.toString(16)}, expected ${expected.toString(16)}`);
  return data;
}

/** avsc's codecs (null, deflate) and Avro's snappy. */
const CODECS = {
  ...avro.streams.BlockDecoder.defaultCodecs(),
  snappy: (block: Buffer, callback: (error: Error | null, data?: Buffer) => void) => {
    let data: Buffer;
    try {
      data = snappyBlockData(block);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, data);
  },
};

export class AvroReader {
  /** Records returned so far. */
  count = 0;

  private constructor(
    private readonly records: readonly Buffer[],
    private readonly writer: AvroSchema,
    private readonly schema: Schema,
  ) {}

  /** Reads and splits the whole object (objects hold `flush.size` records); `DataError` when it is not Avro. */
  static async open(source: AsyncIterable<Uint8Array>, name: string): Promise<AvroReader> {
    // The file's schema is parsed by AvroData (wrapped unions, 64-bit longs); each record is decoded and
    // kept as its Avro binary again, which ObjectCursor hands back one at a time like a line.
    let writer: AvroSchema | null = null;
    const decoder = new avro.streams.BlockDecoder({
      codecs: CODECS,
      parseHook: (schema: unknown) => {
        writer = data.parseSchema(JSON.stringify(schema));
        return writer.type;
      },
    });
    const records: Buffer[] = [];
    try {
      const done = (async () => {
        for await (const record of decoder)
          records.push((writer as AvroSchema | null)?.type.toBuffer(record) as Buffer);
      })();
      Readable.from(source, { objectMode: false })
        .on('error', (e) => decoder.destroy(e))
        .pipe(decoder);
      await done;
    } catch (error) {
      // avsc wraps a codec's error (a snappy checksum mismatch) as its `cause`.
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error ? `: ${cause.message}` : '';
      throw new DataError(`${name} is not an Avro container file: ${(error as Error).message}${detail}`, {
        cause: error,
      });
    }
    if (writer === null) throw new DataError(`${name} has no Avro writer schema`);
    return new AvroReader(records, writer, data.toConnectSchema(writer));
  }

  buffered(): Buffer | null {
    const record = this.records[this.count];
    if (record === undefined) return null;
    this.count++;
    return record;
  }

  next(): Promise<Buffer | null> {
    return Promise.resolve(this.buffered());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** One record's value (or key) with the Connect schema of the file's writer schema. */
  decode(record: Buffer): Decoded {
    return { schema: this.schema, value: data.toConnectData(this.schema, this.writer, record) };
  }
}

/**
 * Decompression of record batches by codec id (bits 0-2 of a batch's attributes), for every codec Kafka
 * defines. kafkajs knows only gzip unless the application registers codecs, and topics written by Java
 * producers with `compression.type=snappy|lz4|zstd` are common, so all of them are decoded here.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

/** Kafka's compression codec ids, as in a batch's attributes. */
export const CompressionCodec = {
  NONE: 0,
  GZIP: 1,
  SNAPPY: 2,
  LZ4: 3,
  ZSTD: 4,
} as const;
export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

const NAMES: Readonly<Record<number, string>> = { 0: 'none', 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };

const gunzipAsync = promisify(gunzip);

/** Kafka's name of a codec id (`compression.type` spelling), or `codec <id>` for an unknown one. */
export function codecName(codecId: number): string {
  return NAMES[codecId] ?? `codec ${codecId}`;
}

/** Decompresses the records part of a batch compressed with `codecId`; throws on unknown ids and corrupt data. */
export async function decompress(codecId: number, compressed: Buffer): Promise<Buffer> {
  switch (codecId) {
    case CompressionCodec.NONE:
      return compressed;
    case CompressionCodec.GZIP:
      return await gunzipAsync(compressed);
    // The pure-JS decoders load on first use: most topics never need them, and lz4js alone allocates
    // 5 MB of buffers when loaded, which a cold start should not pay for nothing.
    case CompressionCodec.SNAPPY:
      return (await import('./snappy.js')).decompressSnappy(compressed);
    case CompressionCodec.LZ4:
      return (await import('./lz4.js')).decompressLz4(compressed);
    case CompressionCodec.ZSTD:
      return (await import('./zstd.js')).decompressZstd(compressed);
    default:
      throw new Error(`Unknown compression codec id ${codecId} (Kafka defines 0 to 4)`);
  }
}

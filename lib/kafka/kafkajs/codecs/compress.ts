/**
 * Compression of produced record batches (`compression.type`), in the formats Kafka's Java client
 * writes, so every consumer reads them: gzip; snappy in snappy-java's xerial stream framing; lz4 as an
 * LZ4 frame of independent 64 KB blocks with the header checksum Kafka ≥ 0.10 expects; zstd through
 * Node's own encoder (Node ≥ 22.15, as in the Lambda nodejs22.x runtime), since no pure-JS encoder is
 * maintained.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CompressionCodec, codecName } from './decompress.js';

const gzipAsync = promisify(zlib.gzip);

type NodeZstdCompress = (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
const nodeZstdCompress = (zlib as unknown as { zstdCompress?: NodeZstdCompress }).zstdCompress;

/** Whether this Node can write `codecId` (zstd needs Node's own encoder). */
export function canCompress(codecId: number): boolean {
  if (codecId === CompressionCodec.ZSTD) return typeof nodeZstdCompress === 'function';
  return codecId >= CompressionCodec.NONE && codecId <= CompressionCodec.LZ4;
}

/** Compresses the records part of a batch with `codecId`. */
export async function compress(codecId: number, input: Buffer): Promise<Buffer> {
  switch (codecId) {
    case CompressionCodec.NONE:
      return input;
    case CompressionCodec.GZIP:
      return await gzipAsync(input);
    case CompressionCodec.SNAPPY:
      return (await import('./snappy.js')).compressSnappy(input);
    case CompressionCodec.LZ4:
      return (await import('./lz4.js')).compressLz4(input);
    case CompressionCodec.ZSTD: {
      const encode = nodeZstdCompress;
      if (encode === undefined) throw new Error(`zstd compression needs Node ≥ 22.15 (this is ${process.version})`);
      return await new Promise<Buffer>((resolve, reject) =>
        encode(input, (error, result) => (error === null ? resolve(result) : reject(error))),
      );
    }
    default:
      throw new Error(`unknown compression ${codecName(codecId)}`);
  }
}

/**
 * Zstandard. Kafka's Java client (zstd-jni) streams its frames, so they usually carry no content size;
 * both decoders here grow their output as they go. Node's own zstd (Node ≥ 22.15, which the Lambda
 * nodejs22.x runtime has) is native and fast; fzstd, pure JS, serves older Node.
 */
import zlib from 'node:zlib';
import { decompress as fzstdDecompress } from 'fzstd';

type NodeZstdDecompress = (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;

const nodeZstd = (zlib as unknown as { zstdDecompress?: NodeZstdDecompress }).zstdDecompress;

/** Node's zstd decoder, or undefined on a Node without one. */
export const decompressZstdNative: ((input: Buffer) => Promise<Buffer>) | undefined =
  typeof nodeZstd === 'function'
    ? (input) => new Promise((resolve, reject) => nodeZstd(input, (error, result) => (error === null ? resolve(result) : reject(error))))
    : undefined;

/** The pure-JS decoder (fzstd). */
export function decompressZstdPortable(input: Buffer): Buffer {
  const output = fzstdDecompress(input);
  return Buffer.from(output.buffer, output.byteOffset, output.length);
}

/** Decodes zstd frames with Node's decoder when there is one, else with fzstd. */
export async function decompressZstd(input: Buffer): Promise<Buffer> {
  return decompressZstdNative === undefined ? decompressZstdPortable(input) : await decompressZstdNative(input);
}

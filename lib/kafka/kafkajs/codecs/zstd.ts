/**
 * Zstandard. Kafka's Java client (zstd-jni) streams its frames, so they usually carry no content size;
 * both decoders here grow their output as they go. Node's own zstd (Node ≥ 22.15, which the Lambda
 * nodejs22.x runtime has) is native and fast; fzstd, pure JS, serves older Node.
 *
 * Node's decoder cannot be given a whole batch: it stops after the first frame (dropping the rest of a
 * batch of concatenated frames) and returns what it has, without an error, for a frame cut short. So the
 * frames are found here, by walking their headers and block headers (RFC 8878 §3.1), which also catches
 * truncation and skips skippable frames; each complete frame then goes to Node's decoder alone, and its
 * output is checked against the frame's content size when the frame states one.
 */
import zlib from 'node:zlib';
import { decompress as fzstdDecompress } from 'fzstd';

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50 to 0x184D2A5F, then a length and that many bytes. */
const SKIPPABLE_MAGIC = 0x184d2a50;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const BLOCK_RLE = 1;
const BLOCK_RESERVED = 3;
/** A block's size may not exceed 128 KB (the maximum block size). */
const MAX_BLOCK_SIZE = 128 * 1024;
const DICTIONARY_ID_SIZES = [0, 1, 2, 4] as const;

type NodeZstdDecompressSync = (input: Buffer) => Buffer;

const nodeZstd = (zlib as unknown as { zstdDecompressSync?: NodeZstdDecompressSync }).zstdDecompressSync;

/** A zstd frame found in the input: where it ends and the content size its header states, if any. */
interface Frame {
  readonly start: number;
  readonly end: number;
  readonly contentSize: number | undefined;
}

/**
 * Node's zstd decoder, frame by frame, or undefined on a Node without one. Synchronous, like the other
 * pure-JS codecs: it takes under a millisecond for a megabyte, where the callback form, which works in
 * 16 KB steps on the thread pool, takes several (bench/zstd-decode.ts measures both).
 */
export const decompressZstdNative: ((input: Buffer) => Buffer) | undefined =
  typeof nodeZstd === 'function' ? (input) => decodeFrames(input, nodeZstd) : undefined;

/** The pure-JS decoder (fzstd), after the same check of the frames' structure. */
export function decompressZstdPortable(input: Buffer): Buffer {
  const frames = zstdFrames(input);
  if (frames.length === 0) return Buffer.alloc(0);
  let output: Uint8Array;
  try {
    output = fzstdDecompress(input);
  } catch (error) {
    throw new Error(`Corrupt zstd frame: ${(error as Error).message}`, { cause: error });
  }
  const decoded = Buffer.from(output.buffer, output.byteOffset, output.length);
  checkSizes(frames, decoded.length);
  return decoded;
}

/** Decodes zstd frames with Node's decoder when there is one, else with fzstd. */
export function decompressZstd(input: Buffer): Buffer {
  return decompressZstdNative === undefined ? decompressZstdPortable(input) : decompressZstdNative(input);
}

function decodeFrames(input: Buffer, decode: NodeZstdDecompressSync): Buffer {
  const parts: Buffer[] = [];
  for (const frame of zstdFrames(input)) {
    let content: Buffer;
    try {
      content = decode(input.subarray(frame.start, frame.end));
    } catch (error) {
      throw new Error(`Corrupt zstd frame at byte ${frame.start}: ${(error as Error).message}`, { cause: error });
    }
    checkSizes([frame], content.length);
    parts.push(content);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Total decoded size against the frames' stated content sizes, when every frame states one. */
function checkSizes(frames: readonly Frame[], decoded: number): void {
  let expected = 0;
  for (const frame of frames) {
    if (frame.contentSize === undefined) return;
    expected += frame.contentSize;
  }
  if (decoded !== expected) throw new Error(`zstd frames decoded to ${decoded} bytes, their headers say ${expected}`);
}

/** The zstd frames in `input`, skippable frames left out; throws on a truncated or malformed one. */
export function zstdFrames(input: Buffer): Frame[] {
  const frames: Frame[] = [];
  let position = 0;
  while (position < input.length) {
    const magic = readUint32(input, position, 'frame magic');
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const end = position + 8 + readUint32(input, position + 4, 'skippable frame length');
      if (end > input.length)
        throw new Error(`Truncated zstd skippable frame at byte ${position}: ends at byte ${end} of ${input.length}`);
      position = end;
      continue;
    }
    if (magic !== FRAME_MAGIC) {
      throw new Error(
        `Not a zstd frame at byte ${position}: magic 0x${magic.toString(16)}, expected 0x${FRAME_MAGIC.toString(16)}`,
      );
    }
    const frame = walkFrame(input, position);
    frames.push(frame);
    position = frame.end;
  }
  return frames;
}

function walkFrame(input: Buffer, start: number): Frame {
  const descriptor = readByte(input, start + 4, 'frame header');
  const contentSizeFlag = descriptor >> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  const checksum = (descriptor & 0x04) !== 0;
  if ((descriptor & 0x08) !== 0)
    throw new Error(`Corrupt zstd frame header at byte ${start}: reserved bit set (0x${descriptor.toString(16)})`);
  let position = start + 5 + (singleSegment ? 0 : 1) + DICTIONARY_ID_SIZES[descriptor & 0x03]!;
  const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag]!;
  if (position + contentSizeBytes > input.length) throw new Error(`Truncated zstd frame header at byte ${start}`);
  let contentSize: number | undefined;
  if (contentSizeBytes === 1) contentSize = input[position]!;
  else if (contentSizeBytes === 2) contentSize = input.readUInt16LE(position) + 256;
  else if (contentSizeBytes === 4) contentSize = input.readUInt32LE(position);
  else if (contentSizeBytes === 8) contentSize = Number(input.readBigUInt64LE(position));
  position += contentSizeBytes;
  for (;;) {
    if (position + 3 > input.length)
      throw new Error(`Truncated zstd frame at byte ${start}: no block header at byte ${position} of ${input.length}`);
    const header = input.readUIntLE(position, 3);
    const last = (header & 1) !== 0;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === BLOCK_RESERVED || (type !== BLOCK_RLE && size > MAX_BLOCK_SIZE)) {
      throw new Error(`Corrupt zstd block at byte ${position}: type ${type}, ${size} bytes`);
    }
    const end = position + 3 + (type === BLOCK_RLE ? 1 : size);
    if (end > input.length)
      throw new Error(`Truncated zstd block at byte ${position}: ends at byte ${end} of ${input.length}`);
    position = end;
    if (last) break;
  }
  if (checksum) {
    if (position + 4 > input.length)
      throw new Error(`Truncated zstd frame at byte ${start}: no checksum at byte ${position} of ${input.length}`);
    position += 4;
  }
  return { start, end: position, contentSize };
}

function readUint32(input: Buffer, position: number, what: string): number {
  if (position + 4 > input.length)
    throw new Error(`Truncated zstd frame: no ${what} at byte ${position} of ${input.length}`);
  return input.readUInt32LE(position);
}

function readByte(input: Buffer, position: number, what: string): number {
  if (position >= input.length)
    throw new Error(`Truncated zstd frame: no ${what} at byte ${position} of ${input.length}`);
  return input[position]!;
}

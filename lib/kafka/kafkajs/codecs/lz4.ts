/**
 * LZ4 as Kafka writes it: the LZ4 *frame* format (magic 0x184D2204). Java's client writes one frame of
 * independent 64 KB blocks with a header checksum and no block checksums, content size or content
 * checksum; librdkafka may set the content size and a content checksum. The frame is parsed here and
 * only the blocks go to lz4js, because lz4js's own frame decoder reads block checksums from the wrong
 * place (before the block instead of after it) and verifies no checksum at all.
 */
import lz4 from 'lz4js';
import xxh32 from 'lz4js/xxh32.js';

const FRAME_MAGIC = 0x184d2204;
/** Skippable frames: magic 0x184D2A50 to 0x184D2A5F, then a length and that many bytes. */
const SKIPPABLE_MAGIC = 0x184d2a50;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const VERSION_MASK = 0xc0;
const VERSION_01 = 0x40;
const FLAG_BLOCK_CHECKSUM = 0x10;
const FLAG_CONTENT_SIZE = 0x08;
const FLAG_CONTENT_CHECKSUM = 0x04;
const FLAG_DICTIONARY_ID = 0x01;
const UNCOMPRESSED_BLOCK = 0x80000000;
const END_MARK = 0;
/** Block maximum sizes by the BD byte's bits 4-6. */
const BLOCK_MAX_SIZES = new Map([
  [4, 64 * 1024],
  [5, 256 * 1024],
  [6, 1024 * 1024],
  [7, 4 * 1024 * 1024],
]);
/**
 * An LZ4 sequence expands at most about 255 times (every 0xFF length byte adds 255 bytes), so a block
 * cannot decode to more than this multiple of its size: it bounds what a corrupt frame makes us allocate.
 */
const MAX_EXPANSION = 256;

interface FrameHeader {
  readonly flags: number;
  readonly blockMaxSize: number;
  readonly contentSize: number | undefined;
  /** Where the first block starts. */
  readonly end: number;
}

/** Decodes every LZ4 frame in `input` (Kafka writes one; skippable frames are skipped). */
export function decompressLz4(input: Buffer): Buffer {
  const parts: Buffer[] = [];
  let position = 0;
  while (position < input.length) {
    const magic = readUint32(input, position, 'frame magic');
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      position += 8 + readUint32(input, position + 4, 'skippable frame length');
      continue;
    }
    if (magic !== FRAME_MAGIC) {
      throw new Error(
        `Not an LZ4 frame at byte ${position}: magic 0x${magic.toString(16)}, expected 0x${FRAME_MAGIC.toString(16)}`,
      );
    }
    const frame = decodeFrame(input, position);
    parts.push(frame.content);
    position = frame.end;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function decodeFrame(input: Buffer, start: number): { content: Buffer; end: number } {
  const header = readHeader(input, start);
  const output = Buffer.allocUnsafe(header.contentSize ?? outputBound(input, header));
  const blockChecksums = (header.flags & FLAG_BLOCK_CHECKSUM) !== 0;
  let position = header.end;
  let written = 0;
  for (;;) {
    const word = readUint32(input, position, 'block size');
    position += 4;
    if (word === END_MARK) break;
    const size = (word & ~UNCOMPRESSED_BLOCK) >>> 0;
    const blockEnd = position + size;
    if (size > header.blockMaxSize || blockEnd > input.length) {
      throw new Error(
        `Corrupt LZ4 block at byte ${position - 4}: ${size} bytes (block maximum ${header.blockMaxSize}, ${input.length - position} left)`,
      );
    }
    if (blockChecksums)
      verify(readUint32(input, blockEnd, 'block checksum'), input, position, size, `block at byte ${position - 4}`);
    if ((word & UNCOMPRESSED_BLOCK) === 0) {
      written = decodeBlock(input, position, size, output, written, header.blockMaxSize);
    } else {
      if (written + size > output.length)
        throw new Error(`LZ4 frame holds more than the ${output.length} bytes its header says`);
      written += input.copy(output, written, position, blockEnd);
    }
    position = blockEnd + (blockChecksums ? 4 : 0);
  }
  if (header.contentSize !== undefined && written !== header.contentSize) {
    throw new Error(`LZ4 frame decoded to ${written} bytes, its header says ${header.contentSize}`);
  }
  const content = output.subarray(0, written);
  if ((header.flags & FLAG_CONTENT_CHECKSUM) !== 0) {
    verify(readUint32(input, position, 'content checksum'), content, 0, content.length, 'content');
    position += 4;
  }
  return { content, end: position };
}

function readHeader(input: Buffer, start: number): FrameHeader {
  const flags = readByte(input, start + 4);
  const blockMaxSize = BLOCK_MAX_SIZES.get((readByte(input, start + 5) >> 4) & 0x07);
  if ((flags & VERSION_MASK) !== VERSION_01)
    throw new Error(`Unsupported LZ4 frame version (flags 0x${flags.toString(16)})`);
  if ((flags & FLAG_DICTIONARY_ID) !== 0) throw new Error('LZ4 frames with a dictionary are not supported');
  if (blockMaxSize === undefined)
    throw new Error(`Invalid LZ4 block maximum size (BD 0x${readByte(input, start + 5).toString(16)})`);
  let end = start + 6;
  let contentSize: number | undefined;
  if ((flags & FLAG_CONTENT_SIZE) !== 0) {
    if (end + 8 > input.length) throw new Error('Truncated LZ4 frame header');
    contentSize = Number(input.readBigUInt64LE(end));
    end += 8;
    if (contentSize > input.length * MAX_EXPANSION)
      throw new Error(`Corrupt LZ4 frame header: content size ${contentSize} from ${input.length} bytes`);
  }
  // The header checksum is the second byte of XXH32 over the descriptor (flags to content size).
  const expected = (xxh32.hash(0, input, start + 4, end - start - 4) >>> 8) & 0xff;
  const actual = readByte(input, end);
  if (actual !== expected)
    throw new Error(`Corrupt LZ4 frame header: checksum 0x${actual.toString(16)}, computed 0x${expected.toString(16)}`);
  return { flags, blockMaxSize, contentSize, end: end + 1 };
}

/** Without a content size in the header, sizes the output by walking the block headers first. */
function outputBound(input: Buffer, header: FrameHeader): number {
  const blockChecksums = (header.flags & FLAG_BLOCK_CHECKSUM) !== 0;
  let bound = 0;
  let position = header.end;
  for (;;) {
    const word = readUint32(input, position, 'block size');
    if (word === END_MARK) return bound;
    const size = (word & ~UNCOMPRESSED_BLOCK) >>> 0;
    const compressed = (word & UNCOMPRESSED_BLOCK) === 0;
    bound += compressed ? Math.min(header.blockMaxSize, size * MAX_EXPANSION) : size;
    position += 4 + size + (blockChecksums ? 4 : 0);
  }
}

function decodeBlock(
  input: Buffer,
  start: number,
  size: number,
  output: Buffer,
  written: number,
  blockMaxSize: number,
): number {
  const end = lz4.decompressBlock(input, output, start, size, written);
  // lz4js drops bytes past the output silently, so a corrupt block shows only in where it ended.
  if (!Number.isInteger(end) || end < written || end - written > blockMaxSize || end > output.length) {
    throw new Error(
      `Corrupt LZ4 block at byte ${start - 4}: it decodes past its ${blockMaxSize}-byte maximum or the frame's size`,
    );
  }
  return end;
}

function verify(expected: number, data: Uint8Array, start: number, length: number, what: string): void {
  const actual = xxh32.hash(0, data, start, length);
  if (actual !== expected)
    throw new Error(`LZ4 ${what} checksum mismatch: 0x${actual.toString(16)}, expected 0x${expected.toString(16)}`);
}

function readUint32(input: Buffer, position: number, what: string): number {
  if (position + 4 > input.length)
    throw new Error(`Truncated LZ4 frame: no ${what} at byte ${position} of ${input.length}`);
  return input.readUInt32LE(position);
}

function readByte(input: Buffer, position: number): number {
  if (position >= input.length) throw new Error(`Truncated LZ4 frame header at byte ${position}`);
  return input[position]!;
}

/** FLG of the frames written here: version 01, independent blocks, no checksums or content size. */
const WRITE_FLAGS = VERSION_01 | 0x20;
/** BD of the frames written here: 64 KB blocks (code 4), as Kafka's Java client writes. */
const WRITE_BD = 4 << 4;
const WRITE_BLOCK_SIZE = 64 * 1024;

/** Encodes `input` as one LZ4 frame of independent 64 KB blocks, as Kafka's Java client writes it. */
export function compressLz4(input: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(FRAME_MAGIC, 0);
  header[4] = WRITE_FLAGS;
  header[5] = WRITE_BD;
  header[6] = (xxh32.hash(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const hashTable = new Uint32Array(1 << 16);
  // LZ4's bound for one block: incompressible input grows by at most 1/255 plus 16 bytes.
  const scratch = Buffer.alloc(WRITE_BLOCK_SIZE + Math.ceil(WRITE_BLOCK_SIZE / 255) + 16);
  for (let start = 0; start < input.length; start += WRITE_BLOCK_SIZE) {
    const length = Math.min(WRITE_BLOCK_SIZE, input.length - start);
    hashTable.fill(0);
    const compressed = lz4.compressBlock(input, scratch, start, length, hashTable);
    const size = Buffer.alloc(4);
    if (compressed > 0 && compressed < length) {
      size.writeUInt32LE(compressed);
      parts.push(size, Buffer.from(scratch.subarray(0, compressed)));
    } else {
      size.writeUInt32LE((length | UNCOMPRESSED_BLOCK) >>> 0);
      parts.push(size, input.subarray(start, start + length));
    }
  }
  const end = Buffer.alloc(4);
  end.writeUInt32LE(END_MARK);
  parts.push(end);
  return Buffer.concat(parts);
}

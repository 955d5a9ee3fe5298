/**
 * Snappy as Kafka writes it. Java's client writes snappy-java's "xerial" stream: an 8-byte magic
 * (0x82 "SNAPPY" 0x00), two int32 version fields, then chunks of [int32 big-endian length][raw snappy
 * block]. librdkafka and older clients write one raw snappy block with no framing. The magic tells
 * which, as snappy-java's own reader decides.
 */
import snappy from 'snappyjs';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** The magic plus the version and compatible-version int32s. */
const XERIAL_HEADER_LENGTH = XERIAL_MAGIC.length + 8;

/**
 * A snappy element expands at most 64 bytes from 3 (a 2-byte-offset copy), so a block cannot decode to
 * more than this multiple of its size: it bounds what a corrupt length prefix makes us allocate.
 */
const MAX_EXPANSION = 32;

/** Decodes a xerial-framed snappy stream, or a single raw snappy block. */
export function decompressSnappy(input: Buffer): Buffer {
  return hasXerialMagic(input, 0) ? decompressXerial(input) : decompressBlock(input, 0);
}

function decompressXerial(input: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let position = XERIAL_HEADER_LENGTH;
  if (input.length < position) throw new Error(`Truncated xerial snappy header: ${input.length} bytes`);
  while (position < input.length) {
    // snappy-java reads concatenated streams, each with its own header, as one.
    if (hasXerialMagic(input, position)) {
      position += XERIAL_HEADER_LENGTH;
      continue;
    }
    if (position + 4 > input.length)
      throw new Error(`Truncated xerial snappy chunk header at byte ${position} of ${input.length}`);
    const length = input.readInt32BE(position);
    const start = position + 4;
    if (length < 0 || start + length > input.length) {
      throw new Error(
        `Corrupt xerial snappy chunk at byte ${position}: length ${length}, ${input.length - start} bytes left`,
      );
    }
    chunks.push(decompressBlock(input.subarray(start, start + length), position));
    position = start + length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function decompressBlock(block: Buffer, at: number): Buffer {
  try {
    return snappy.uncompress(block, block.length * MAX_EXPANSION);
  } catch (error) {
    throw new Error(`Corrupt snappy block at byte ${at} (${block.length} bytes): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function hasXerialMagic(input: Buffer, position: number): boolean {
  return (
    input.length >= position + XERIAL_MAGIC.length &&
    XERIAL_MAGIC.equals(input.subarray(position, position + XERIAL_MAGIC.length))
  );
}

/** snappy-java's default chunk size: each chunk is compressed on its own. */
const XERIAL_CHUNK = 32 * 1024;
/** The header Java's client writes: magic, version 1, compatible version 1. */
const XERIAL_HEADER = Buffer.concat([XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]);

/** Encodes `input` as a xerial-framed snappy stream, as Kafka's Java client writes it. */
export function compressSnappy(input: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (let start = 0; start < input.length; start += XERIAL_CHUNK) {
    const block = snappy.compress(input.subarray(start, Math.min(start + XERIAL_CHUNK, input.length)));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import lz4 from 'lz4js';
import xxh32 from 'lz4js/xxh32.js';
import { decompressLz4 } from '../../../../lib/kafka/kafkajs/codecs/lz4.js';
import { repeatingData, sampleData } from './sample-data.js';

const BLOCK_SIZES = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 } as const;

interface FrameOptions {
  readonly blockSizeId?: keyof typeof BLOCK_SIZES;
  readonly blockChecksum?: boolean;
  readonly contentSize?: boolean;
  readonly contentChecksum?: boolean;
  /** Store every block uncompressed. */
  readonly stored?: boolean;
}

/**
 * An LZ4 frame of independent blocks, written here (lz4js encodes blocks only): by default the way
 * Kafka's Java client writes one, 64 KB blocks with no checksums but the header's and no content size.
 */
function lz4Frame(data: Buffer, options: FrameOptions = {}): Buffer {
  const blockSizeId = options.blockSizeId ?? 4;
  const flags =
    0x40 |
    0x20 |
    (options.blockChecksum ? 0x10 : 0) |
    (options.contentSize ? 0x08 : 0) |
    (options.contentChecksum ? 0x04 : 0);
  const descriptor = Buffer.alloc(options.contentSize ? 10 : 2);
  descriptor[0] = flags;
  descriptor[1] = blockSizeId << 4;
  if (options.contentSize) descriptor.writeBigUInt64LE(BigInt(data.length), 2);
  const parts = [
    u32(0x184d2204),
    descriptor,
    Buffer.from([(xxh32.hash(0, descriptor, 0, descriptor.length) >>> 8) & 0xff]),
  ];
  const blockSize = BLOCK_SIZES[blockSizeId];
  for (let start = 0; start < data.length; start += blockSize) {
    const length = Math.min(blockSize, data.length - start);
    const scratch = Buffer.alloc(length + Math.ceil(length / 255) + 16);
    const compressed = options.stored ? 0 : lz4.compressBlock(data, scratch, start, length, new Uint32Array(1 << 16));
    const stored = compressed === 0 || compressed >= length;
    const block = stored ? data.subarray(start, start + length) : scratch.subarray(0, compressed);
    parts.push(u32(stored ? 0x80000000 | length : compressed), block);
    if (options.blockChecksum) parts.push(u32(xxh32.hash(0, block, 0, block.length)));
  }
  parts.push(u32(0));
  if (options.contentChecksum) parts.push(u32(xxh32.hash(0, data, 0, data.length)));
  return Buffer.concat(parts);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}

function flip(buffer: Buffer, at: number): void {
  buffer.writeUInt8(buffer.readUInt8(at) ^ 0xff, at);
}

/** Bytes where the frame's blocks start, after magic, descriptor and header checksum. */
const firstBlockAt = (frame: Buffer): number => 4 + ((frame[4]! & 0x08) !== 0 ? 10 : 2) + 1;

test('a frame as Java writes it (independent 64 KB blocks, no checksums, no content size) decodes, many blocks deep', () => {
  const data = sampleData(300_000);
  const frame = lz4Frame(data);
  assert.ok(frame.length < data.length, 'the sample compresses');
  assert.deepEqual(decompressLz4(frame), data);
});

test('content size, block checksums and a content checksum are read and verified', () => {
  const data = sampleData(600_000, 7);
  for (const blockSizeId of [4, 5, 6, 7] as const) {
    const frame = lz4Frame(data, { blockSizeId, contentSize: true, blockChecksum: true, contentChecksum: true });
    assert.deepEqual(decompressLz4(frame), data, `block size id ${blockSizeId}`);
  }
});

test('stored (uncompressed) blocks, an empty frame, skippable frames and concatenated frames decode', () => {
  const first = sampleData(100_000, 3);
  const second = sampleData(70_000, 4);
  assert.deepEqual(decompressLz4(lz4Frame(first, { stored: true, blockChecksum: true })), first);
  assert.deepEqual(decompressLz4(lz4Frame(Buffer.alloc(0))), Buffer.alloc(0));
  const skippable = Buffer.concat([u32(0x184d2a5a), u32(3), Buffer.from([1, 2, 3])]);
  assert.deepEqual(
    decompressLz4(Buffer.concat([lz4Frame(first), skippable, lz4Frame(second, { contentSize: true })])),
    Buffer.concat([first, second]),
  );
});

// `lz4 -B4 -BD --content-size` (lz4 CLI 1.9.4) of repeatingData(150_000, 200): 64 KB *linked* blocks
// whose matches reach back into earlier blocks, plus a content checksum (the CLI's default).
const LINKED_BLOCKS_FRAME =
  'BCJNGExA8EkCAAAAAAAa0wEAAP+5PHUwvbceNHiGsrQbkcl2cgNX+2voqr1jPyYuJRJehFVMlsl4UtDG27Ddtu1KKePq4zmF4QAD' +
  'n29ZnKbGdPclxB6XvELFeSHoBqH/DeEA6JNlqKquz4G0EmLzfPyBOuj3ylVJeDfMaZWHsp51d6gKUZPLaAqPwwK9jGjA2aqqc43M' +
  'xLKsddMFTxdXJdNRT5D82eDFXh6+0FbtzAknh6AvGQLrPqLt66H1gGytiNj3h2EINspL/bisNoCGb2HTSUwgsOM2U7XGKtvIAP//' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '//////////////////////////////////////8gUKx10wVPCgEAAA94////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '///////////////////////////////////////////////////////////////////////////////////////////////////o' +
  'UELFeSHoHAEAAP+5BqH/DeEA6JNlqKquz4G0EmLzfPyBOuj3ylVJeDfMaZWHsp51d6gKUZPLaAqPwwK9jGjA2aqqc43MxLKsddMF' +
  'TxdXJdNRT5D82eDFXh6+0FbtzAknh6AvGQLrPqLt66H1gGytiNj3h2EINspL/bisNoCGb2HTSUwgsOM2U7XGKts8dTC9tx40eIay' +
  'tBuRyXZyA1f7a+iqvWM/Ji4lEl6EVUyWyXhS0MbbsN227Uop4+rjOYXhAAOfb1mcpsZ09yXEHpe8QsV5IejIAP//////////////' +
  '//////////////////////////////////////////////////////////////////////////////////9ZUFO1xirbAAAAACuw' +
  'q8E=';

test('linked blocks (matches into earlier blocks) and the lz4 tool’s own frames decode', () => {
  const frame = Buffer.from(LINKED_BLOCKS_FRAME, 'base64');
  assert.equal(frame[4]! & 0x20, 0, 'the fixture really has linked blocks');
  assert.deepEqual(decompressLz4(frame), repeatingData(150_000, 200));
});

test('lz4js’s own frame decoder misreads block checksums: the reason frames are parsed here', () => {
  const data = sampleData(100_000, 9);
  const frame = lz4Frame(data, { blockChecksum: true });
  let misread: Uint8Array | Error;
  try {
    misread = lz4.decompress(frame);
  } catch (error) {
    misread = error as Error;
  }
  assert.ok(misread instanceof Error || !Buffer.from(misread).equals(data), 'lz4js reads the checksum as block data');
  assert.deepEqual(decompressLz4(frame), data);
});

test('corrupt frames fail with errors that say what is wrong', () => {
  const data = sampleData(200_000, 5);
  const frame = lz4Frame(data, { blockChecksum: true, contentChecksum: true });
  const corrupt = (mutate: (copy: Buffer) => void): Buffer => {
    const copy = Buffer.from(frame);
    mutate(copy);
    return copy;
  };
  assert.throws(() => decompressLz4(Buffer.from('not lz4 at all')), /Not an LZ4 frame at byte 0/);
  assert.throws(() => decompressLz4(corrupt((c) => (c[5] = 0x50))), /frame header: checksum/);
  assert.throws(
    () => decompressLz4(frame.subarray(0, frame.length - 1000)),
    /LZ4 block at byte \d+|Truncated LZ4 frame/,
  );
  assert.throws(
    () => decompressLz4(corrupt((c) => flip(c, firstBlockAt(c) + 50))),
    /block at byte \d+ checksum mismatch/,
  );
  assert.throws(() => decompressLz4(corrupt((c) => flip(c, c.length - 1))), /content checksum mismatch/);
});

test('a frame with a dictionary or a block that decodes past its maximum is refused', () => {
  const descriptor = Buffer.from([0x40 | 0x20 | 0x01, 0x40]);
  const withDictionary = Buffer.concat([
    u32(0x184d2204),
    descriptor,
    u32(99),
    Buffer.from([(xxh32.hash(0, descriptor, 0, 2) >>> 8) & 0xff]),
  ]);
  assert.throws(() => decompressLz4(withDictionary), /dictionary/);
  // One literal, then a match of offset 1 and length 15 + 255 * 300 + 4: far more than a 64 KB block.
  const bomb = Buffer.from([0x1f, 0x61, 0x01, 0x00, ...Array<number>(300).fill(0xff), 0x00, 0x00]);
  const header = lz4Frame(Buffer.alloc(0)).subarray(0, 7);
  assert.throws(
    () => decompressLz4(Buffer.concat([header, u32(bomb.length), bomb, u32(0)])),
    /decodes past its 65536-byte maximum/,
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decompressZstd, decompressZstdNative, decompressZstdPortable } from '../../../../lib/kafka/kafkajs/codecs/zstd.js';
import { JAVA_COMPRESSED, JAVA_LARGE_REPEAT, JAVA_ZSTD_LARGE, javaFixtureBody } from './java-fixtures.js';
import { sampleData } from './sample-data.js';

/** Every zstd decoder this Node has: fzstd always, Node's own from Node 22.15; and the one in use. */
const decoders: Array<[string, (input: Buffer) => Buffer | Promise<Buffer>]> = [
  ['fzstd', decompressZstdPortable],
  ...(decompressZstdNative === undefined ? [] : [['node:zlib', decompressZstdNative] as [string, (input: Buffer) => Promise<Buffer>]]),
  ['decompressZstd', decompressZstd],
];

const MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const MAX_BLOCK = 128 * 1024;

/**
 * A zstd frame of raw and RLE blocks (no compressor here; fzstd only decodes), with a 1 MB window and
 * optionally a 4-byte content size. Enough to check frame handling: sizes, block walking, concatenation.
 */
function zstdFrame(blocks: ReadonlyArray<Buffer | { rle: number; count: number }>, contentSize?: number): Buffer {
  const header = contentSize === undefined ? Buffer.from([0x00, 0x50]) : Buffer.from([0x80, 0x50, 0, 0, 0, 0]);
  if (contentSize !== undefined) header.writeUInt32LE(contentSize, 2);
  const parts: Buffer[] = [MAGIC, header];
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1 ? 1 : 0;
    const [type, size, body] = Buffer.isBuffer(block) ? [0, block.length, block] : [1, block.count, Buffer.from([block.rle])];
    parts.push(Buffer.from([(size << 3) | (type << 1) | last, (size >> 5) & 0xff, (size >> 13) & 0xff]), body);
  });
  return Buffer.concat(parts);
}

/** Splits `data` into raw blocks, with an RLE block of `count` bytes after each. */
function rawAndRle(data: Buffer, count: number): { blocks: Array<Buffer | { rle: number; count: number }>; content: Buffer } {
  const blocks: Array<Buffer | { rle: number; count: number }> = [];
  const content: Buffer[] = [];
  for (let start = 0; start < data.length; start += MAX_BLOCK) {
    const raw = data.subarray(start, start + MAX_BLOCK);
    blocks.push(raw, { rle: start % 251, count });
    content.push(raw, Buffer.alloc(count, start % 251));
  }
  return { blocks, content: Buffer.concat(content) };
}

for (const [name, decode] of decoders) {
  test(`${name}: frames the Java client (zstd-jni) streamed, without a content size, decode; 1.3 MB too`, async () => {
    const small = Buffer.from(JAVA_COMPRESSED.zstd, 'base64');
    const large = Buffer.from(JAVA_ZSTD_LARGE, 'base64');
    assert.equal(large[4]! & 0xe0, 0, 'the fixture has no content size (and is not single-segment)');
    assert.deepEqual(await decode(small), javaFixtureBody());
    const decoded = await decode(large);
    assert.equal(decoded.length, javaFixtureBody().length * JAVA_LARGE_REPEAT);
    assert.ok(decoded.length > 1024 * 1024);
    assert.deepEqual(decoded, Buffer.concat(Array<Buffer>(JAVA_LARGE_REPEAT).fill(javaFixtureBody())));
  });

  test(`${name}: a 1.5 MB frame of many blocks decodes with and without a content size`, async () => {
    const { blocks, content } = rawAndRle(sampleData(1_200_000), 30_000);
    assert.equal(content.length, 1_500_000);
    assert.deepEqual(await decode(zstdFrame(blocks)), content);
    assert.deepEqual(await decode(zstdFrame(blocks, content.length)), content);
  });

  test(`${name}: concatenated frames and skippable frames decode as one`, async () => {
    const first = sampleData(10_000, 3);
    const second = sampleData(20_000, 4);
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9]);
    assert.deepEqual(await decode(Buffer.concat([zstdFrame([first]), skippable, zstdFrame([second], second.length)])), Buffer.concat([first, second]));
  });

  test(`${name}: corrupt and truncated frames fail`, async () => {
    const frame = Buffer.from(JAVA_COMPRESSED.zstd, 'base64');
    await assert.rejects(async () => decode(Buffer.from('definitely not zstd')), Error);
    await assert.rejects(async () => decode(frame.subarray(0, frame.length - 20)), Error);
  });
}

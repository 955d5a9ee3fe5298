import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import {
  decompressZstd,
  decompressZstdNative,
  decompressZstdPortable,
  zstdFrames,
} from '../../../../lib/kafka/kafkajs/codecs/zstd.js';
import { JAVA_COMPRESSED, JAVA_LARGE_REPEAT, JAVA_ZSTD_LARGE, javaFixtureBody } from './java-fixtures.js';
import { sampleData } from './sample-data.js';

/** Every zstd decoder this Node has: fzstd always, Node's own from Node 22.15; and the one in use. */
const decoders: Array<[string, (input: Buffer) => Buffer]> = [
  ['fzstd', decompressZstdPortable],
  ...(decompressZstdNative === undefined
    ? []
    : [['node:zlib', decompressZstdNative] as [string, (input: Buffer) => Buffer]]),
  ['decompressZstd', decompressZstd],
];

/** zstd's ZSTD_c_checksumFlag parameter (Node 20's types do not list Node's zstd constants). */
const ZSTD_C_CHECKSUM_FLAG = 201;

/** Node's zstd encoder (Node ≥ 22.15), for frames with real compressed blocks and a content checksum. */
const nodeZstdCompressSync = (zlib as unknown as { zstdCompressSync?: (input: Buffer, options?: object) => Buffer })
  .zstdCompressSync;

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
    const [type, size, body] = Buffer.isBuffer(block)
      ? [0, block.length, block]
      : [1, block.count, Buffer.from([block.rle])];
    parts.push(Buffer.from([(size << 3) | (type << 1) | last, (size >> 5) & 0xff, (size >> 13) & 0xff]), body);
  });
  return Buffer.concat(parts);
}

/** Splits `data` into raw blocks, with an RLE block of `count` bytes after each. */
function rawAndRle(
  data: Buffer,
  count: number,
): { blocks: Array<Buffer | { rle: number; count: number }>; content: Buffer } {
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
    assert.deepEqual(
      await decode(Buffer.concat([zstdFrame([first]), skippable, zstdFrame([second], second.length)])),
      Buffer.concat([first, second]),
    );
  });

  test(`${name}: corrupt and truncated frames fail`, async () => {
    const frame = Buffer.from(JAVA_COMPRESSED.zstd, 'base64');
    await assert.rejects(async () => decode(Buffer.from('definitely not zstd')), Error);
    await assert.rejects(async () => decode(frame.subarray(0, frame.length - 20)), Error);
  });

  // Regression: Node 22's decoder, given a whole batch, decoded only the first of concatenated frames
  // and returned whatever it had, without an error, for a frame cut short.
  test(`${name}: concatenated frames of compressed blocks (the Java client's) decode whole, at any position`, async () => {
    const small = Buffer.from(JAVA_COMPRESSED.zstd, 'base64');
    const large = Buffer.from(JAVA_ZSTD_LARGE, 'base64');
    const body = javaFixtureBody();
    const largeBody = Buffer.concat(Array<Buffer>(JAVA_LARGE_REPEAT).fill(body));
    assert.equal(zstdFrames(Buffer.concat([small, large, small])).length, 3);
    assert.deepEqual(await decode(Buffer.concat([small, large, small])), Buffer.concat([body, largeBody, body]));
    assert.deepEqual(
      await decode(Buffer.concat([large, small, small, small])),
      Buffer.concat([largeBody, body, body, body]),
    );
  });

  test(`${name}: a batch cut anywhere short of its end fails as truncated, never decoding to less`, async () => {
    const small = Buffer.from(JAVA_COMPRESSED.zstd, 'base64');
    const whole = Buffer.concat([small, small]);
    const cuts = [
      1,
      4,
      5,
      8,
      small.length >> 1,
      small.length - 1,
      small.length + 3,
      small.length + 6,
      whole.length - 10,
      whole.length - 1,
    ];
    for (const cut of cuts) {
      await assert.rejects(
        async () => decode(whole.subarray(0, cut)),
        /^Error: Truncated zstd (skippable )?(frame|block)/,
        `cut at byte ${cut} of ${whole.length}`,
      );
    }
  });

  test(`${name}: malformed frames fail with errors that say what is wrong and where`, async () => {
    const frame = zstdFrame([sampleData(1_000)]);
    const notZstd = Buffer.concat([frame, Buffer.from('trailing junk')]);
    await assert.rejects(
      async () => decode(notZstd),
      new RegExp(`^Error: Not a zstd frame at byte ${frame.length}: magic 0x`),
    );
    const reservedBlock = Buffer.from(frame);
    reservedBlock[6] = reservedBlock[6]! | 0x06;
    await assert.rejects(async () => decode(reservedBlock), /^Error: Corrupt zstd block at byte 6: type 3/);
    const skippableTooLong = Buffer.from([0x5f, 0x2a, 0x4d, 0x18, 200, 0, 0, 0, 1, 2, 3]);
    await assert.rejects(
      async () => decode(Buffer.concat([frame, skippableTooLong])),
      /^Error: Truncated zstd skippable frame/,
    );
    const wrongSize = zstdFrame([sampleData(1_000)], 999);
    await assert.rejects(async () => decode(wrongSize), /^Error: .*zstd/);
  });

  test(`${name}: an empty input or skippable frames alone decode to nothing`, async () => {
    assert.equal((await decode(Buffer.alloc(0))).length, 0);
    assert.equal((await decode(Buffer.from([0x50, 0x2a, 0x4d, 0x18, 1, 0, 0, 0, 7]))).length, 0);
  });
}

if (nodeZstdCompressSync !== undefined) {
  const encode = nodeZstdCompressSync;
  test('Node’s own frames (content size, checksum) concatenated decode whole with every decoder; a corrupt one fails', async () => {
    const parts = [sampleData(300_000, 5), sampleData(10_000, 6), sampleData(700_000, 7)];
    const frames = parts.map((part) => encode(part, { params: { [ZSTD_C_CHECKSUM_FLAG]: 1 } }));
    for (const [name, decode] of decoders) {
      assert.deepEqual(await decode(Buffer.concat(frames)), Buffer.concat(parts), name);
    }
    const corrupt = Buffer.concat(frames);
    const at = frames[0]!.length + 200;
    corrupt[at] = corrupt[at]! ^ 0xff;
    await assert.rejects(
      async () => decompressZstd(corrupt),
      new RegExp(`^Error: Corrupt zstd frame at byte ${frames[0]!.length}: `),
    );
  });
}

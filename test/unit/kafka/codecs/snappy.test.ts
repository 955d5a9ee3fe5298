import assert from 'node:assert/strict';
import { test } from 'node:test';
import snappy from 'snappyjs';
import { decompressSnappy } from '../../../../lib/kafka/kafkajs/codecs/snappy.js';
import { sampleData } from './sample-data.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

/** A stream in snappy-java's xerial framing, as Kafka's Java client writes it (32 KB chunks by default). */
function xerialStream(data: Buffer, chunkSize = 32 * 1024): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(1, 0); // version
  header.writeInt32BE(1, 4); // compatible version
  const parts: Buffer[] = [XERIAL_MAGIC, header];
  for (let start = 0; start < data.length; start += chunkSize) {
    const block = snappy.compress(data.subarray(start, start + chunkSize));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

test('one raw snappy block (librdkafka, older clients) decodes', () => {
  const data = sampleData(150_000);
  const block = snappy.compress(data);
  assert.ok(block.length < data.length);
  assert.deepEqual(decompressSnappy(block), data);
});

test('a xerial-framed stream of many chunks decodes, also with chunk sizes other than the default', () => {
  const data = sampleData(300_000, 2);
  assert.deepEqual(decompressSnappy(xerialStream(data)), data);
  assert.deepEqual(decompressSnappy(xerialStream(data, 100_000)), data);
  assert.deepEqual(decompressSnappy(xerialStream(Buffer.alloc(0))), Buffer.alloc(0));
});

test('concatenated xerial streams, each with its own header, decode as one (as snappy-java reads them)', () => {
  const first = sampleData(40_000, 3);
  const second = sampleData(50_000, 4);
  assert.deepEqual(
    decompressSnappy(Buffer.concat([xerialStream(first), xerialStream(second)])),
    Buffer.concat([first, second]),
  );
});

test('corrupt snappy fails with errors that say what is wrong and where', () => {
  const stream = xerialStream(sampleData(100_000, 5));
  assert.throws(() => decompressSnappy(stream.subarray(0, 12)), /Truncated xerial snappy header/);
  assert.throws(
    () => decompressSnappy(stream.subarray(0, stream.length - 10)),
    /Corrupt xerial snappy chunk at byte \d+: length \d+, \d+ bytes left/,
  );
  assert.throws(() => decompressSnappy(stream.subarray(0, 18)), /Truncated xerial snappy chunk header at byte 16/);
  const negative = Buffer.from(stream);
  negative.writeInt32BE(-5, 16);
  assert.throws(() => decompressSnappy(negative), /Corrupt xerial snappy chunk at byte 16: length -5/);
  const garbled = Buffer.from(stream);
  garbled.fill(0xff, 21, 40);
  assert.throws(() => decompressSnappy(garbled), /Corrupt snappy block at byte 16/);
  assert.throws(() => decompressSnappy(Buffer.from([0xff, 0xff, 0xff])), /Corrupt snappy block at byte 0/);
});

test('a block claiming a huge length is refused before anything that size is allocated', () => {
  // Varint 0x7fffffff (about 2 GB) followed by one literal byte.
  const claim = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07, 0x00, 0x61]);
  assert.throws(() => decompressSnappy(claim), /Corrupt snappy block at byte 0 \(7 bytes\): .*too big/);
});

/**
 * Compression of produced batches: each codec's output decodes back to its input through the decoders
 * (which check the xerial magic, the LZ4 header checksum…), in the framing Kafka's Java client writes.
 * The broker's acceptance of these batches is checked in test/integration/kafka/compression.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canCompress, compress, CompressionCodec, decompress } from '../../../../lib/kafka/kafkajs/codecs/index.js';
import {
  encodeCompressedRecordBatch,
  decodeRecordSet,
  batchCodecs,
} from '../../../../lib/kafka/kafkajs/record-batch.js';

const INPUTS: ReadonlyArray<readonly [string, Buffer]> = [
  ['5 bytes', Buffer.from('hello')],
  ['300 KB of repeats (several blocks)', Buffer.from('abc'.repeat(100_000))],
  [
    '300 KB of noise (incompressible blocks)',
    Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 3)) % 251)),
  ],
];
const CODECS = [
  ['gzip', CompressionCodec.GZIP],
  ['snappy', CompressionCodec.SNAPPY],
  ['lz4', CompressionCodec.LZ4],
  ['zstd', CompressionCodec.ZSTD],
] as const;

describe('compression of produced batches', () => {
  for (const [name, codec] of CODECS) {
    test(`${name}: output decodes to the input`, async () => {
      if (!canCompress(codec)) {
        // zstd writes only on Node ≥ 22.15: elsewhere it must fail clearly, not write garbage.
        await assert.rejects(compress(codec, Buffer.from('x')), /zstd compression needs Node/);
        return;
      }
      for (const [label, input] of INPUTS) {
        const compressed = await compress(codec, input);
        assert.deepEqual(await decompress(codec, compressed), input, `${name}, ${label}`);
      }
    });
  }

  test('snappy is xerial-framed and lz4 is one frame of 64 KB blocks, as Java writes them', async () => {
    const snappy = await compress(CompressionCodec.SNAPPY, Buffer.from('abc'.repeat(100_000)));
    assert.deepEqual([...snappy.subarray(0, 8)], [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
    const lz4 = await compress(CompressionCodec.LZ4, Buffer.from('abc'.repeat(100_000)));
    assert.equal(lz4.readUInt32LE(0), 0x184d2204);
    assert.equal(lz4[4], 0x60, 'FLG: version 01, independent blocks, no checksums');
    assert.equal(lz4[5], 0x40, 'BD: 64 KB blocks');
  });

  test('a compressed batch carries its codec and decodes record for record', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({
      key: i % 3 === 0 ? null : Buffer.from(`k${i}`),
      value: Buffer.from(`value ${i} `.repeat(i % 7)),
      timestamp: 1_700_000_000_000 + i,
      headers: i % 2 === 0 ? [] : [{ key: 'h', value: Buffer.from(String(i)) }],
    }));
    for (const [name, codec] of CODECS) {
      if (!canCompress(codec)) continue;
      const batch = await encodeCompressedRecordBatch(
        records,
        { producerId: 7, producerEpoch: 0, baseSequence: 0 },
        codec,
      );
      assert.deepEqual(batchCodecs(batch), [codec], name);
      const decoded = await decodeRecordSet(batch, 't', 0, 0);
      assert.deepEqual(
        decoded.records.map((r) => [
          r.offset,
          r.timestamp,
          r.key === null ? null : Buffer.from(r.key).toString(),
          Buffer.from(r.value ?? []).toString(),
          r.headers.length,
        ]),
        records.map((r, i) => [
          i,
          r.timestamp,
          r.key === null ? null : r.key.toString(),
          r.value.toString(),
          r.headers.length,
        ]),
        name,
      );
    }
  });
});

/** Record batches compressed with each of Kafka's codecs, decoded as a Fetch response's record set. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
import type { FetchedRecord } from '../../../../lib/kafka/kafka-port.js';
import { codecName, CompressionCodec, decompress } from '../../../../lib/kafka/kafkajs/codecs/index.js';
import {
  batchCodecs,
  decodeRecordSet,
  encodeRecordBatch,
  type RecordToEncode,
} from '../../../../lib/kafka/kafkajs/record-batch.js';
import { JAVA_COMPRESSED, javaFixtureBody, javaFixtureRecords, RECORDS_START } from './java-fixtures.js';

const producer = { producerId: 7, producerEpoch: 0, baseSequence: 0 };

/** A v2 batch at `baseOffset` whose records part is `body`, compressed with `codecId`. */
function compressedBatch(
  records: readonly RecordToEncode[],
  codecId: number,
  body: Buffer,
  baseOffset: number,
): Buffer {
  const plain = encodeRecordBatch(records, producer);
  const batch = Buffer.concat([plain.subarray(0, RECORDS_START), body]);
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt16BE(codecId, 21);
  batch.writeUInt32BE(crc32C(batch.subarray(21)), 17);
  return batch;
}

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));

function comparable(record: FetchedRecord): unknown {
  return {
    offset: record.offset,
    timestamp: record.timestamp,
    key: hex(record.key),
    value: hex(record.value),
    headers: record.headers.map((h) => [h.key, hex(h.value)]),
  };
}

function expected(records: readonly RecordToEncode[], baseOffset: number): unknown[] {
  return records.map((r, i) => ({
    offset: baseOffset + i,
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: r.headers.map((h) => [h.key, hex(h.value)]),
  }));
}

const JAVA_CODECS = [
  ['gzip', CompressionCodec.GZIP],
  ['snappy', CompressionCodec.SNAPPY],
  ['lz4', CompressionCodec.LZ4],
  ['zstd', CompressionCodec.ZSTD],
] as const;

for (const [name, codecId] of JAVA_CODECS) {
  test(`a batch the Java client compressed with ${name} decodes to every record: keys, values, nulls, headers, offsets`, async () => {
    const compressed = Buffer.from(JAVA_COMPRESSED[name], 'base64');
    assert.equal(codecName(codecId), name);
    assert.deepEqual(await decompress(codecId, compressed), javaFixtureBody());
    const batch = compressedBatch(javaFixtureRecords(), codecId, compressed, 500);
    assert.deepEqual(batchCodecs(batch), [codecId]);
    const decoded = await decodeRecordSet(batch, 'orders', 1, 500);
    assert.deepEqual(decoded.records.map(comparable), expected(javaFixtureRecords(), 500));
    assert.equal(decoded.nextOffset, 540);
  });
}

test('a record set mixing codecs decodes in order, and batchCodecs reports each batch’s codec', async () => {
  const records = javaFixtureRecords();
  const plain = encodeRecordBatch(records, producer);
  plain.writeBigInt64BE(40n, 0);
  const all = Buffer.concat([
    compressedBatch(records, CompressionCodec.ZSTD, Buffer.from(JAVA_COMPRESSED.zstd, 'base64'), 0),
    plain,
    compressedBatch(records, CompressionCodec.LZ4, Buffer.from(JAVA_COMPRESSED.lz4, 'base64'), 80),
  ]);
  assert.deepEqual(batchCodecs(all), [CompressionCodec.ZSTD, CompressionCodec.NONE, CompressionCodec.LZ4]);
  assert.deepEqual(
    batchCodecs(all.subarray(0, all.length - 10)),
    [CompressionCodec.ZSTD, CompressionCodec.NONE],
    'a truncated last batch is not counted',
  );
  const decoded = await decodeRecordSet(all, 't', 0, 20);
  assert.deepEqual(
    decoded.records.map((r) => r.offset),
    Array.from({ length: 100 }, (_, i) => 20 + i),
  );
  assert.equal(decoded.nextOffset, 120);
});

test('a corrupt compressed batch fails non-retriably, naming the codec, the partition and the offset, with the cause', async () => {
  for (const [name, codecId] of JAVA_CODECS) {
    const compressed = Buffer.from(JAVA_COMPRESSED[name], 'base64');
    const corrupt = Buffer.concat([
      compressed.subarray(0, 10),
      Buffer.alloc(40, 0xa5),
      compressed.subarray(50, compressed.length - 30),
    ]);
    const batch = compressedBatch(javaFixtureRecords(), codecId, corrupt, 1234);
    await assert.rejects(
      decodeRecordSet(batch, 'payments', 3, 1234),
      (error: Error & { type?: string; retriable?: boolean }) => {
        assert.equal(error.name, 'KafkaError');
        assert.equal(error.type, 'UNSUPPORTED_COMPRESSION_TYPE');
        assert.equal(error.retriable, false);
        assert.match(
          error.message,
          new RegExp(`^Cannot decompress the ${name} batch at offset 1234 of payments-3: .+`),
        );
        assert.ok(error.cause instanceof Error, `${name}: the decoder's error is kept as the cause`);
        return true;
      },
    );
  }
});

test('codec ids Kafka does not define fail the same way', async () => {
  const batch = compressedBatch(javaFixtureRecords(), 5, Buffer.from('whatever'), 0);
  await assert.rejects(
    decodeRecordSet(batch, 't', 0, 0),
    /Cannot decompress the codec 5 batch at offset 0 of t-0: Unknown compression codec id 5/,
  );
});

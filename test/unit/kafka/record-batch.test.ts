import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
import { decodeRecordSet, encodeRecordBatch, type RecordToEncode } from '../../../lib/kafka/kafkajs/record-batch.js';

const producer = { producerId: 42, producerEpoch: 3, baseSequence: 17 };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function records(count: number, from = 0): RecordToEncode[] {
  return Array.from({ length: count }, (_, i) => ({
    key: i % 2 === 0 ? bytes(`k${from + i}`) : null,
    value: i % 3 === 0 ? null : bytes(`v${from + i}`),
    timestamp: 1_700_000_000_000 + (from + i) * 10,
    headers: [
      { key: 'h', value: bytes(String(from + i)) },
      { key: 'null', value: null },
    ],
  }));
}

/** Places a batch at `baseOffset` (the broker assigns it on append). */
function at(baseOffset: number, batch: Buffer): Buffer {
  const copy = Buffer.from(batch);
  copy.writeBigInt64BE(BigInt(baseOffset), 0);
  return copy;
}

test('a batch round-trips keys, values, nulls, headers and timestamps, with a valid CRC and producer fields', async () => {
  const input = records(5);
  const batch = encodeRecordBatch(input, producer);
  assert.equal(batch.readUInt32BE(17), crc32C(batch.subarray(21)));
  assert.equal(batch.readInt32BE(8), batch.length - 12);
  assert.equal(batch.readBigInt64BE(43), 42n);
  assert.equal(batch.readInt16BE(51), 3);
  assert.equal(batch.readInt32BE(53), 17);
  const decoded = await decodeRecordSet(at(100, batch), 't', 2, 100);
  assert.equal(decoded.nextOffset, 105);
  assert.deepEqual(
    decoded.records.map((r) => [
      r.topic,
      r.partition,
      r.offset,
      r.timestamp,
      r.timestampType,
      r.key && Buffer.from(r.key).toString(),
      r.value && Buffer.from(r.value).toString(),
      r.headers.length,
    ]),
    input.map((r, i) => [
      't',
      2,
      100 + i,
      r.timestamp,
      'CreateTime',
      r.key && Buffer.from(r.key).toString(),
      r.value && Buffer.from(r.value).toString(),
      2,
    ]),
  );
  assert.equal(decoded.records[0]!.headers[1]!.value, null);
});

test('records before the fetch offset are dropped; nextOffset covers the whole batch', async () => {
  const decoded = await decodeRecordSet(at(10, encodeRecordBatch(records(4), producer)), 't', 0, 12);
  assert.deepEqual(
    decoded.records.map((r) => r.offset),
    [12, 13],
  );
  assert.equal(decoded.nextOffset, 14);
});

test('a truncated trailing batch is ignored, as the broker cuts responses at max bytes', async () => {
  const first = at(0, encodeRecordBatch(records(2), producer));
  const second = at(2, encodeRecordBatch(records(2, 2), producer));
  const decoded = await decodeRecordSet(Buffer.concat([first, second.subarray(0, second.length - 5)]), 't', 0, 0);
  assert.deepEqual(
    decoded.records.map((r) => r.offset),
    [0, 1],
  );
  assert.equal(decoded.nextOffset, 2);
});

test('control batches (transaction markers) yield no records but move nextOffset past them', async () => {
  const data = at(0, encodeRecordBatch(records(2), producer));
  const marker = at(2, encodeRecordBatch(records(1), producer));
  marker.writeInt16BE(0x20, 21); // attributes: control batch
  const decoded = await decodeRecordSet(Buffer.concat([data, marker]), 't', 0, 0);
  assert.deepEqual(
    decoded.records.map((r) => r.offset),
    [0, 1],
  );
  assert.equal(decoded.nextOffset, 3);
  const onlyMarker = await decodeRecordSet(marker, 't', 0, 2);
  assert.deepEqual(onlyMarker, { records: [], nextOffset: 3 });
});

test('LogAppendTime batches report the broker’s time for every record', async () => {
  const batch = at(0, encodeRecordBatch(records(3), producer));
  batch.writeInt16BE(0x08, 21);
  const maxTimestamp = Number(batch.readBigInt64BE(35));
  const decoded = await decodeRecordSet(batch, 't', 0, 0);
  assert.deepEqual(
    decoded.records.map((r) => [r.timestamp, r.timestampType]),
    [0, 1, 2].map(() => [maxTimestamp, 'LogAppendTime']),
  );
});

test('gzip-compressed batches (as Java producers may write) are decompressed', async () => {
  const plain = encodeRecordBatch(records(3), producer);
  const recordsStart = 61; // after the fixed batch header and the record count
  const compressed = gzipSync(plain.subarray(recordsStart));
  const batch = Buffer.concat([plain.subarray(0, recordsStart), compressed]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt16BE(1, 21); // attributes: gzip
  const decoded = await decodeRecordSet(batch, 't', 0, 0);
  assert.deepEqual(
    decoded.records.map((r) => r.value && Buffer.from(r.value).toString()),
    [null, 'v1', 'v2'],
  );
});

test('a batch whose records are not what its codec says fails with a clear, non-retriable error', async () => {
  const batch = encodeRecordBatch(records(1), producer);
  batch.writeInt16BE(4, 21); // zstd, but the records are stored uncompressed
  await assert.rejects(decodeRecordSet(batch, 't', 3, 0), (error: Error & { type?: string; retriable?: boolean }) => {
    assert.equal(error.type, 'UNSUPPORTED_COMPRESSION_TYPE');
    assert.equal(error.retriable, false);
    assert.match(error.message, /t-3/);
    return true;
  });
});

/**
 * ParquetFormat cross-checked with an independent implementation, Apache Arrow's pyarrow, on a real
 * S3-compatible server (moto): the S3 sink's objects read by pyarrow give the same values and the types
 * parquet-avro gives the Connect schema (every primitive, optional, nested struct, arrays, maps, decimal,
 * date/time/timestamp, bytes); objects pyarrow writes (the Avro-equivalent Arrow schema, no Avro metadata)
 * are restored by the S3 source with the same values.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SourceRecord } from 'lambda-connect/api';
import { MemoryObjectStore } from '../../../s3/src/object-store.js';
import { createPartitioner } from '../../../s3/src/partitioner.js';
import { recordEncoders } from '../../../s3/src/record-format.js';
import { parseS3SinkConfig } from '../../../s3/src/s3-sink-config.js';
import { TopicPartitionWriter } from '../../../s3/src/topic-partition-writer.js';
import { TYPES, typesValue } from '../../../s3/test/fixtures/parquet-types.js';
import { sinkRecord } from '../../../s3/test/fixtures/records.js';
import { Formats, S3SourceTask } from '../../src/index.js';
import { startMotoS3, type MotoS3 } from '../helpers/moto.js';
import { pyarrowDescribe, pyarrowWrite, requirePyarrowVenv, tagged } from '../reference/pyarrow.js';

let moto: MotoS3;
before(async () => {
  requirePyarrowVenv();
  moto = await startMotoS3();
});
after(async () => {
  await moto?.close();
});

/** What pyarrow reports for the type table written through AvroData and parquet-avro's mapping. */
const ARROW_TYPES: Array<[string, string, boolean]> = [
  ['i8', 'int32', false],
  ['i16', 'int32', false],
  ['i32', 'int32', false],
  ['i64', 'int64', false],
  ['f32', 'float', false],
  ['f64', 'double', false],
  ['flag', 'bool', false],
  ['text', 'string', false],
  ['raw', 'binary', false],
  ['maybe', 'string', true],
  ['maybe_long', 'int64', true],
  ['address', 'struct<street: string not null, zip: int32>', false],
  ['old_address', 'struct<line: string not null>', true],
  ['tags', 'list<element: string not null>', false],
  ['scores', 'list<element: double>', true],
  ['lines', 'list<element: struct<street: string not null, zip: int32> not null>', false],
  // parquet-avro's map layout (`attrs (MAP) { repeated group key_value {...} }`) as Arrow prints it.
  ['attrs', "map<string, int64 ('attrs')>", false],
  ['by_id', 'list<element: struct<key: int32 not null, value: string not null> not null>', false],
  ['amount', 'decimal256(64, 2)', false],
  ['day', 'date32[day]', false],
  ['time', 'time32[ms]', false],
  ['at', 'timestamp[ms, tz=UTC]', false],
];

/** The sink's objects for `count` type-table records, flush.size 20, in `codec`. */
async function sinkObjects(topic: string, count: number, codec: string): Promise<Map<string, Buffer>> {
  const config = parseS3SinkConfig({
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    topics: topic,
    's3.bucket.name': 'unused',
    'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
    'parquet.codec': codec,
    'flush.size': '20',
  });
  const store = new MemoryObjectStore();
  const writer = new TopicPartitionWriter(
    { topic, partition: 0 },
    config,
    createPartitioner(config.partitioner),
    recordEncoders(config),
    store,
  );
  for (let o = 0; o < count; o++)
    await writer.write(sinkRecord({ topic, offset: o, value: typesValue(o), valueSchema: TYPES }), 1_700_000_000_000);
  return store.objects;
}

async function restore(bucket: string): Promise<SourceRecord[]> {
  const task = new S3SourceTask();
  task.initialize({
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async () => null,
      offsets: async (ps) => new Map(ps.map((p) => [p, null])),
    }),
  });
  task.start({ ...moto.connectorConfig(bucket), 'format.class': Formats.PARQUET });
  try {
    const restored: SourceRecord[] = [];
    for (let batch = await task.poll(); batch !== null; batch = await task.poll()) restored.push(...batch);
    return restored;
  } finally {
    await task.stop();
  }
}

describe('ParquetFormat against pyarrow on moto', () => {
  test("the sink's objects: pyarrow reads the same values, with parquet-avro's types, for snappy and gzip", async () => {
    const bucket = `pq-sink-${process.pid}`;
    await moto.createBucket(bucket);
    for (const [codec, arrowCodec] of [
      ['snappy', 'SNAPPY'],
      ['gzip', 'GZIP'],
    ] as const) {
      const objects = await sinkObjects(`types-${codec}`, 40, codec);
      const ext = codec === 'gzip' ? 'gz' : codec;
      assert.deepEqual(
        [...objects.keys()],
        [0, 20].map(
          (o) => `topics/types-${codec}/partition=0/types-${codec}+0+${String(o).padStart(10, '0')}.${ext}.parquet`,
        ),
      );
      await moto.putObjects(bucket, objects);
      const files = await pyarrowDescribe(moto.endpoint, bucket, [...objects.keys()]);
      files.forEach((file, f) => {
        assert.deepEqual(file.types, ARROW_TYPES, file.key);
        assert.deepEqual(file.codecs, [arrowCodec], file.key);
        assert.ok(file.metadata.includes('parquet.avro.schema'), file.key);
        assert.deepEqual(
          file.rows,
          Array.from({ length: 20 }, (_, i) => tagged(TYPES, typesValue(f * 20 + i))),
          file.key,
        );
      });
    }
  });

  test("pyarrow's objects (no Avro metadata): the S3 source restores the same values in offset order", async () => {
    const bucket = `pq-arrow-${process.pid}`;
    await moto.createBucket(bucket);
    // What crosses to Python is JSON (where -0 is 0): compare as JSON too.
    const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const rows = Array.from({ length: 40 }, (_, i) => json(tagged(TYPES, typesValue(i))));
    for (const [start, compression, ext] of [
      [0, 'snappy', '.snappy'],
      [20, 'gzip', '.gz'],
    ] as const) {
      await pyarrowWrite({
        endpoint: moto.endpoint,
        bucket,
        key: `topics/arrow/partition=3/arrow+3+${String(start).padStart(10, '0')}${ext}.parquet`,
        compression,
        rows: rows.slice(start, start + 20),
      });
    }
    const restored = await restore(bucket);
    assert.equal(restored.length, 40);
    restored.forEach((record, i) => {
      assert.equal(record.topic, 'arrow');
      assert.equal(record.kafkaPartition, 3);
      assert.ok(record.valueSchema !== null && record.valueSchema !== undefined);
      assert.deepEqual(json(tagged(record.valueSchema, record.value)), rows[i], `record ${i}`);
    });
    assert.deepEqual(restored[39]?.sourceOffset, {
      lastFileRead: 'topics/arrow/partition=3/arrow+3+0000000020.gz.parquet',
      fileOffset: '20',
      eof: 'true',
    });
  });
});

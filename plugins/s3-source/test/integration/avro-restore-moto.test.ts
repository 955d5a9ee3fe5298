/**
 * AvroFormat objects restored from a real S3-compatible server (moto): the S3 sink's own AvroFormat writer
 * (plugins/s3) writes Struct records (int, string, optional, decimal, timestamp) across a schema change;
 * the S3 source reads the container files back with their Connect schema, in offset order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BigDecimal,
  Decimal,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
  TimestampType,
  type SinkRecord,
  type SourceRecord,
} from 'lambda-connect/api';
import { MemoryObjectStore } from '../../../s3/src/object-store.js';
import { createPartitioner } from '../../../s3/src/partitioner.js';
import { recordEncoders } from '../../../s3/src/record-format.js';
import { parseS3SinkConfig } from '../../../s3/src/s3-sink-config.js';
import { TopicPartitionWriter } from '../../../s3/src/topic-partition-writer.js';
import { Formats, S3SourceTask } from '../../src/index.js';
import { startMotoS3, type MotoS3 } from '../helpers/moto.js';

let moto: MotoS3;
before(async () => {
  moto = await startMotoS3();
});
after(async () => {
  await moto?.close();
});

const v1 = new SchemaBuilder('struct')
  .name('shop.Order')
  .version(1)
  .field('id', Schemas.INT32)
  .field('customer', Schemas.STRING)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('amount', Decimal.schema(2))
  .field('at', LogicalTimestamp.SCHEMA)
  .build();
const v2 = new SchemaBuilder('struct').name('shop.Order').version(2).field('id', Schemas.INT32).build();

function record(offset: number): SinkRecord {
  const valueSchema = offset < 25 ? v1 : v2;
  const value =
    offset < 25
      ? new Struct(v1)
          .put('id', offset)
          .put('customer', `c${offset % 3}`)
          .put('note', offset % 2 === 0 ? `n${offset}` : null)
          .put('amount', BigDecimal.parse(`${offset}.05`))
          .put('at', new Date(1_700_000_000_000 + offset))
      : new Struct(v2).put('id', offset);
  return {
    topic: 'orders',
    kafkaPartition: 0,
    kafkaOffset: offset,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    timestamp: 1_700_000_000_000,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: 'orders',
    originalKafkaPartition: 0,
    originalKafkaOffset: offset,
  };
}

/** 45 records through the sink's writer (flush.size 10, a schema change at offset 25): its objects. */
async function sinkObjects(codec: string): Promise<Map<string, Buffer>> {
  const config = parseS3SinkConfig({
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    topics: 'orders',
    's3.bucket.name': 'unused',
    'format.class': 'AvroFormat',
    'avro.codec': codec,
    'flush.size': '10',
  });
  const store = new MemoryObjectStore();
  const writer = new TopicPartitionWriter(
    { topic: 'orders', partition: 0 },
    config,
    createPartitioner(config.partitioner),
    recordEncoders(config),
    store,
  );
  for (let o = 0; o < 45; o++) await writer.write(record(o), 1_700_000_000_000);
  return store.objects;
}

describe('S3SourceTask restoring AvroFormat objects on moto', () => {
  for (const codec of ['deflate', 'snappy'])
    test(`avro.codec=${codec}: values come back as Structs with their schema, across the schema change, in order`, async (t) => {
      const objects = await sinkObjects(codec);
      assert.deepEqual(
        [...objects.keys()].map((k) => k.slice(k.lastIndexOf('+') + 1)),
        ['0000000000.avro', '0000000010.avro', '0000000020.avro', '0000000025.avro', '0000000035.avro'],
      );
      const bucket = `avro-restore-${codec}-${process.pid}`;
      await moto.createBucket(bucket);
      await moto.putObjects(bucket, objects);
      const task = new S3SourceTask();
      task.initialize({
        configs: () => ({}),
        offsetStorageReader: () => ({
          offset: async () => null,
          offsets: async (ps) => new Map(ps.map((p) => [p, null])),
        }),
      });
      task.start({ ...moto.connectorConfig(bucket), 'format.class': Formats.AVRO });
      t.after(() => task.stop());
      const restored: SourceRecord[] = [];
      for (let batch = await task.poll(); batch !== null; batch = await task.poll()) restored.push(...batch);
      assert.equal(restored.length, 45);
      restored.forEach((r, o) => {
        const original = record(o);
        const value = r.value as Struct;
        assert.ok(value instanceof Struct, `offset ${o} is a Struct`);
        assert.equal(r.valueSchema?.name, 'shop.Order');
        assert.deepEqual(
          (r.valueSchema?.fields ?? []).map((f) => f.name),
          (original.valueSchema?.fields ?? []).map((f) => f.name),
        );
        const expected = original.value as Struct;
        for (const field of expected.schema.fields ?? []) {
          const got = value.get(field.name);
          const want = expected.get(field.name);
          if (want instanceof BigDecimal)
            assert.equal((got as BigDecimal).toString(), want.toString(), `${o}.${field.name}`);
          else if (want instanceof Date) assert.equal((got as Date).getTime(), want.getTime(), `${o}.${field.name}`);
          else assert.equal(got, want, `${o}.${field.name}`);
        }
      });
    });
});

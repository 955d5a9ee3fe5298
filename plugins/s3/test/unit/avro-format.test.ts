import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  ConfigError,
  DataError,
  Decimal,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
} from 'lambda-connect/api';
import { AvroCodecName, avroContainer, snappyBlock } from '../../src/avro-container.js';
import { MemoryObjectStore } from '../../src/object-store.js';
import { createPartitioner } from '../../src/partitioner.js';
import { RecordView, recordEncoder } from '../../src/record-format.js';
import { FormatClass, parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { TopicPartitionWriter } from '../../src/topic-partition-writer.js';
import { decodeContainer } from '../fixtures/avro-files.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';

const AVRO = FormatClass.AVRO;
const schema = new SchemaBuilder('struct')
  .name('shop.Order')
  .field('id', Schemas.INT32)
  .field('name', Schemas.STRING)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('amount', Decimal.schema(2))
  .field('at', LogicalTimestamp.SCHEMA)
  .build();
const order = (id: number, note: string | null = null) =>
  new Struct(schema)
    .put('id', id)
    .put('name', `o${id}`)
    .put('note', note)
    .put('amount', BigDecimal.parse('12.34'))
    .put('at', new Date(1_700_000_000_000 + id));

describe('AvroFormat config', () => {
  test('the class, its short name and the avro keys with their defaults', () => {
    const config = parseS3SinkConfig(sinkConfig({ 'format.class': 'AvroFormat' }));
    assert.equal(config.format, AVRO);
    assert.deepEqual(config.avro, { codec: 'null', enhancedSchemaSupport: true, connectMetaData: true });
    const full = parseS3SinkConfig(sinkConfig({ 'format.class': AVRO, 'avro.codec': 'deflate' }));
    assert.equal(full.avro.codec, 'deflate');
  });

  test('snappy is taken; bzip2, xz and zstandard are refused, naming the codecs that work', () => {
    assert.equal(parseS3SinkConfig(sinkConfig({ 'format.class': AVRO, 'avro.codec': 'snappy' })).avro.codec, 'snappy');
    for (const codec of ['bzip2', 'xz', 'zstandard']) {
      assert.throws(
        () => parseS3SinkConfig(sinkConfig({ 'format.class': AVRO, 'avro.codec': codec })),
        (e: unknown) =>
          e instanceof ConfigError && new RegExp(`${codec} is not supported.*snappy, deflate or null`).test(e.message),
      );
    }
  });
});

describe('avroContainer', () => {
  test('null, deflate and snappy files decode with avsc, over several 64 KB blocks', async () => {
    const data = recordEncoder(RecordView.VALUE, AVRO, parseS3SinkConfig(sinkConfig({ 'format.class': AVRO })));
    const records = Array.from({ length: 5_000 }, (_, i) =>
      sinkRecord({ offset: i, value: order(i, 'x'.repeat(100)), valueSchema: schema }),
    );
    const text = data.writerSchema?.(records[0] ?? sinkRecord({ offset: 0, value: null })) ?? '';
    const encoded = records.map((r) => data.encode(r) as Buffer);
    for (const codec of [AvroCodecName.NULL, AvroCodecName.DEFLATE, AvroCodecName.SNAPPY]) {
      const file = await decodeContainer(avroContainer(text, encoded, codec));
      assert.equal(file.codec, codec);
      assert.equal(file.values.length, 5_000);
      assert.deepEqual((file.values[4_999] as { id: number }).id, 4_999);
    }
    // Every block ends with the file's sync marker (also the header's last 16 bytes): ~750 KB make 12 blocks.
    const file = avroContainer(text, encoded, AvroCodecName.NULL);
    const sync = file.subarray(file.length - 16);
    let markers = 0;
    for (let at = file.indexOf(sync); at !== -1; at = file.indexOf(sync, at + 16)) markers++;
    assert.equal(markers - 1, Math.ceil(file.length / 64_000), `${markers} markers in ${file.length} bytes`);
  });

  test("snappy blocks end with the CRC-32 of the uncompressed data, big-endian (Avro's SnappyCodec)", () => {
    const raw = Buffer.from('abcabcabcabcabcabcabcabc-snappy-in-avro', 'utf8');
    const block = snappyBlock(raw);
    // crc32("...") as zlib computes it (an implementation other than the sink's crc-32 package).
    assert.equal(block.readUInt32BE(block.length - 4), crc32(raw));
    assert.ok(block.length - 4 < raw.length, 'the repeated text compresses');
  });
});

describe('AvroFormat encoder', () => {
  const config = parseS3SinkConfig(sinkConfig({ 'format.class': AVRO }));
  const encoder = recordEncoder(RecordView.VALUE, AVRO, config);

  test('.avro, the writer schema from AvroData with Connect metadata and logical types', () => {
    assert.equal(encoder.extension, '.avro');
    const written = JSON.parse(
      encoder.writerSchema?.(sinkRecord({ offset: 0, value: order(1), valueSchema: schema })) ?? '',
    );
    assert.equal(written.name, 'Order');
    assert.equal(written.namespace, 'shop');
    assert.equal(written['connect.name'], 'shop.Order');
    const amount = written.fields.find((f: { name: string }) => f.name === 'amount');
    assert.equal(amount.type.logicalType, 'decimal');
    assert.equal(amount.type.scale, 2);
  });

  test('a record without a value schema is a DataError naming the converter to use', () => {
    assert.throws(
      () => encoder.writerSchema?.(sinkRecord({ offset: 4, value: { id: 1 } })),
      (e: unknown) =>
        e instanceof DataError && /AvroFormat needs a value schema: orders-0@4.*value\.converter/.test(e.message),
    );
  });
});

describe('AvroFormat in a partition writer', () => {
  test('a schema change rotates: each object holds one schema, keys start at the change', async () => {
    const config = parseS3SinkConfig(sinkConfig({ 'format.class': AVRO, 'flush.size': '100' }));
    const store = new MemoryObjectStore();
    const writer = new TopicPartitionWriter(
      { topic: 'orders', partition: 0 },
      config,
      createPartitioner(config.partitioner),
      [recordEncoder(RecordView.VALUE, AVRO, config)],
      store,
    );
    const v2 = new SchemaBuilder('struct').name('shop.Order').version(2).field('id', Schemas.INT32).build();
    const now = 1_700_000_000_000;
    await writer.write(sinkRecord({ offset: 0, value: order(0), valueSchema: schema }), now);
    await writer.write(sinkRecord({ offset: 1, value: order(1, 'n'), valueSchema: schema }), now);
    await writer.write(sinkRecord({ offset: 2, value: new Struct(v2).put('id', 2), valueSchema: v2 }), now);
    assert.equal(writer.buffered, 1);
    assert.deepEqual([...store.objects.keys()], ['topics/orders/partition=0/orders+0+0000000000.avro']);
    const first = await decodeContainer(
      store.objects.get('topics/orders/partition=0/orders+0+0000000000.avro') ?? Buffer.alloc(0),
    );
    assert.deepEqual(
      first.values.map((v) => (v as { note: string | null }).note),
      [null, 'n'],
    );
    const pending = await writer.pendingObjects();
    assert.deepEqual(
      pending.map((p) => [p.key, p.contentType]),
      [['topics/orders/partition=0/orders+0+0000000002.avro', 'avro/binary']],
    );
    assert.equal(
      ((await decodeContainer(pending[0]?.body ?? Buffer.alloc(0))).schema as { fields: unknown[] }).fields.length,
      1,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as zlib from 'node:zlib';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { ConfigError, DataError, SchemaBuilder, Schemas, Struct } from 'lambda-connect/api';
import { MemoryObjectStore } from '../../src/object-store.js';
import { parquetCodecAvailable } from '../../src/parquet-format.js';
import { createPartitioner } from '../../src/partitioner.js';
import { RecordView, recordEncoder, type RecordEncoder } from '../../src/record-format.js';
import { FormatClass, parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { TopicPartitionWriter } from '../../src/topic-partition-writer.js';
import { TYPES, typesValue } from '../fixtures/parquet-types.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';

const PARQUET = FormatClass.PARQUET;

function encoderFor(overrides: Record<string, string> = {}): RecordEncoder {
  return recordEncoder(
    RecordView.VALUE,
    PARQUET,
    parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat', ...overrides })),
  );
}

async function fileOf(encoder: RecordEncoder, count: number): Promise<Buffer> {
  const records = Array.from({ length: count }, (_, i) =>
    sinkRecord({ offset: i, value: typesValue(i), valueSchema: TYPES }),
  );
  const schema = encoder.writerSchema?.(records[0] ?? sinkRecord({ offset: 0, value: null })) ?? '';
  return (
    encoder.container?.(
      records.map((r) => encoder.encode(r)),
      schema,
    ) ?? Buffer.alloc(0)
  );
}

function arrayBuffer(body: Buffer): ArrayBuffer {
  return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
}

/** The column chunks' codecs of a file, as its footer names them. */
function codecsOf(body: Buffer): Set<string> {
  const metadata = parquetMetadata(arrayBuffer(body));
  return new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? '?')));
}

describe('ParquetFormat config', () => {
  test('the class, its short name, parquet.codec defaulting to snappy, and the extensions', () => {
    const config = parseS3SinkConfig(
      sinkConfig({ 'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat' }),
    );
    assert.equal(config.format, PARQUET);
    assert.equal(config.parquetCodec, 'snappy');
    assert.equal(encoderFor().extension, '.snappy.parquet');
    assert.equal(encoderFor({ 'parquet.codec': 'none' }).extension, '.parquet');
    assert.equal(encoderFor({ 'parquet.codec': 'UNCOMPRESSED' }).extension, '.parquet');
    // zstd is node:zlib's from Node.js 22.15 (Lambda's nodejs22.x); older runtimes refuse it at validation.
    if (parquetCodecAvailable('zstd')) assert.equal(encoderFor({ 'parquet.codec': 'ZSTD' }).extension, '.zstd.parquet');
    else assert.throws(() => encoderFor({ 'parquet.codec': 'zstd' }), /zstd needs Node\.js 22\.15 or later/);
    assert.equal(encoderFor({ 'parquet.codec': 'gzip' }).extension, '.gz.parquet');
    assert.equal(encoderFor({ 'parquet.codec': 'brotli' }).extension, '.br.parquet');
    // s3.compression.type does not wrap Parquet (its pages are compressed by parquet.codec).
    assert.equal(encoderFor({ 's3.compression.type': 'gzip', 'parquet.codec': 'none' }).extension, '.parquet');
  });

  test('lz4 and unknown codecs are refused naming the supported ones', () => {
    for (const codec of ['lz4', 'lzo', 'lz4_raw', 'bogus']) {
      assert.throws(
        () => parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat', 'parquet.codec': codec })),
        (e: unknown) =>
          e instanceof ConfigError && /parquet\.codec/.test(e.message) && /none, snappy, gzip/.test(e.message),
      );
    }
  });
});

describe('ParquetFormat files', () => {
  test('every codec writes a file hyparquet reads back with the same values', async () => {
    for (const [codec, name] of [
      ['none', 'UNCOMPRESSED'],
      ['snappy', 'SNAPPY'],
      ['gzip', 'GZIP'],
      ['brotli', 'BROTLI'],
      ...(parquetCodecAvailable('zstd') ? ([['zstd', 'ZSTD']] as const) : []),
    ] as const) {
      const body = await fileOf(encoderFor({ 'parquet.codec': codec }), 50);
      assert.equal(body.subarray(0, 4).toString(), 'PAR1');
      assert.deepEqual([...codecsOf(body)], [name]);
      const rows = await parquetReadObjects({
        file: arrayBuffer(body),
        compressors: {
          GZIP: (input) => gunzipSync(input),
          BROTLI: (input) => brotliDecompressSync(input),
          ZSTD: (input) =>
            (zlib as unknown as { zstdDecompressSync: (b: Uint8Array) => Buffer }).zstdDecompressSync(input),
        },
      });
      assert.equal(rows.length, 50);
      const row = rows[7] as Record<string, unknown>;
      assert.equal(row['i32'], 2_000_000_000 - 7);
      assert.equal(row['i64'], -1_234_567_890_123n * 8n);
      assert.equal(row['text'], 'héllo 7 ✓');
      assert.equal(row['maybe'], null);
      assert.deepEqual(row['address'], { street: '7 Main St', zip: null });
      assert.deepEqual(row['tags'], ['a', 't7']);
      assert.deepEqual(row['attrs'], { k: 7n, big: 1n << 60n });
      assert.deepEqual(row['by_id'], [
        { key: 7, value: 'id7' },
        { key: -1, value: 'minus one' },
      ]);
      assert.deepEqual(row['day'], new Date(Date.UTC(2026, 0, 8)));
      assert.equal((rows[0] as Record<string, unknown>)['i64'], 9_007_199_254_740_993n);
    }
  });

  test("the schema is parquet-avro's: optional fields, groups, 3-level lists, key_value maps, logical types", async () => {
    const body = await fileOf(encoderFor(), 3);
    const metadata = parquetMetadata(arrayBuffer(body));
    const tree = parquetSchema(metadata);
    const child = (name: string) => tree.children.find((c) => c.element.name === name);
    assert.equal(child('maybe')?.element.repetition_type, 'OPTIONAL');
    assert.equal(child('i8')?.element.type, 'INT32');
    assert.equal(child('text')?.element.converted_type, 'UTF8');
    assert.equal(child('raw')?.element.converted_type, undefined);
    assert.deepEqual(
      child('tags')?.children.map((c) => [c.element.name, c.element.repetition_type, c.children[0]?.element.name]),
      [['list', 'REPEATED', 'element']],
    );
    assert.deepEqual(
      child('attrs')?.children[0]?.children.map((c) => c.element.name),
      ['key', 'value'],
    );
    assert.equal(child('attrs')?.children[0]?.element.name, 'key_value');
    assert.deepEqual(child('amount')?.element.logical_type, { type: 'DECIMAL', precision: 64, scale: 2 });
    assert.equal(child('day')?.element.converted_type, 'DATE');
    assert.equal(child('time')?.element.converted_type, 'TIME_MILLIS');
    assert.equal(child('at')?.element.converted_type, 'TIMESTAMP_MILLIS');
    const avro = metadata.key_value_metadata?.find((kv) => kv.key === 'parquet.avro.schema')?.value ?? '';
    assert.equal(JSON.parse(avro)['connect.name'], 'shop.Everything');
  });

  test('the same records give the same bytes (a replayed slice rewrites an identical object)', async () => {
    const a = await fileOf(encoderFor(), 200);
    const b = await fileOf(encoderFor(), 200);
    assert.ok(a.equals(b));
  });

  test('records without a schema, non-struct schemas and null values are DataErrors naming the fix', () => {
    const encoder = encoderFor();
    assert.throws(
      () => encoder.writerSchema?.(sinkRecord({ offset: 4, value: { id: 1 } })),
      (e: unknown) =>
        e instanceof DataError && /ParquetFormat needs a value schema: orders-0@4.*value\.converter/.test(e.message),
    );
    assert.throws(
      () => encoder.encode(sinkRecord({ offset: 5, value: 'x', valueSchema: Schemas.STRING })),
      (e: unknown) => e instanceof DataError && /ParquetFormat writes structs/.test(e.message),
    );
    const optional = SchemaBuilder.struct().name('a.B').optional().field('x', Schemas.INT32).build();
    assert.throws(
      () => encoder.encode(sinkRecord({ offset: 6, value: null, valueSchema: optional })),
      (e: unknown) =>
        e instanceof DataError && /null value: orders-0@6.*behavior\.on\.null\.values=ignore/.test(e.message),
    );
  });
});

describe('ParquetFormat in a partition writer', () => {
  test('a schema change rotates: each object holds one schema and is named by its first offset', async () => {
    const config = parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat', 'flush.size': '100' }));
    const store = new MemoryObjectStore();
    const writer = new TopicPartitionWriter(
      { topic: 'orders', partition: 0 },
      config,
      createPartitioner(config.partitioner),
      [recordEncoder(RecordView.VALUE, PARQUET, config)],
      store,
    );
    const v2 = SchemaBuilder.struct().name('shop.Order').version(2).field('id', Schemas.INT32).build();
    const now = 1_700_000_000_000;
    await writer.write(sinkRecord({ offset: 0, value: typesValue(0), valueSchema: TYPES }), now);
    await writer.write(sinkRecord({ offset: 1, value: typesValue(1), valueSchema: TYPES }), now);
    await writer.write(sinkRecord({ offset: 2, value: new Struct(v2).put('id', 2), valueSchema: v2 }), now);
    assert.equal(writer.buffered, 1);
    const first = 'topics/orders/partition=0/orders+0+0000000000.snappy.parquet';
    assert.deepEqual([...store.objects.keys()], [first]);
    const rows = await parquetReadObjects({ file: arrayBuffer(store.objects.get(first) ?? Buffer.alloc(0)) });
    assert.deepEqual(
      rows.map((r) => r['maybe']),
      ['m0', null],
    );
    const pending = await writer.pendingObjects();
    assert.deepEqual(
      pending.map((p) => [p.key, p.contentType]),
      [['topics/orders/partition=0/orders+0+0000000002.snappy.parquet', 'application/vnd.apache.parquet']],
    );
    const second = await parquetReadObjects({ file: arrayBuffer(pending[0]?.body ?? Buffer.alloc(0)) });
    assert.deepEqual(second, [{ id: 2 }]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { DataError, SchemaType } from 'lambda-connect/api';
import { RecordView, recordEncoder } from '../../../s3/src/record-format.js';
import { FormatClass, parseS3SinkConfig } from '../../../s3/src/s3-sink-config.js';
import { TYPES, typesValue } from '../../../s3/test/fixtures/parquet-types.js';
import { sinkConfig, sinkRecord } from '../../../s3/test/fixtures/records.js';
import { SchemaBuilder, Schemas, Struct, type SourceOffset, type SourceRecord } from 'lambda-connect/api';
import { Formats, MemoryBucket, S3SourceTask, type Bucket, type S3SourceConfig } from '../../src/index.js';
import { ParquetReader } from '../../src/parquet-reader.js';
import { connectJson, schemaJson } from '../helpers/connect-json.js';

/** The S3 sink's ParquetFormat object of the type table's first `count` rows. */
async function sinkFile(count: number, codec: string, from = 0): Promise<Buffer> {
  const config = parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat', 'parquet.codec': codec }));
  const encoder = recordEncoder(RecordView.VALUE, FormatClass.PARQUET, config);
  const records = Array.from({ length: count }, (_, i) =>
    sinkRecord({ offset: from + i, value: typesValue(from + i), valueSchema: TYPES }),
  );
  return (
    (await encoder.container?.(
      records.map((r) => encoder.encode(r)),
      encoder.writerSchema?.(records[0] as never) ?? '',
    )) ?? Buffer.alloc(0)
  );
}

async function* chunks(body: Buffer): AsyncIterable<Uint8Array> {
  // Split: the reader must not assume one chunk per object.
  yield body.subarray(0, 11);
  yield body.subarray(11);
}

async function readAll(body: Buffer): Promise<Array<{ schema: unknown; value: unknown }>> {
  const reader = await ParquetReader.open(chunks(body), 'Object o');
  const out: Array<{ schema: unknown; value: unknown }> = [];
  for (let record = reader.buffered(); record !== null; record = await reader.next()) {
    const decoded = reader.decode(record);
    out.push({ schema: decoded.schema, value: decoded.value });
  }
  assert.equal(reader.count, out.length);
  return out;
}

describe('ParquetReader', () => {
  for (const codec of ['none', 'snappy', 'gzip', 'brotli']) {
    test(`the sink's ${codec} files come back with their Connect schema and values`, async () => {
      const rows = await readAll(await sinkFile(30, codec));
      assert.equal(rows.length, 30);
      rows.forEach((row, i) => {
        assert.deepEqual(schemaJson(row.schema as never), schemaJson(TYPES), `schema of row ${i}`);
        assert.deepEqual(connectJson(row.value), connectJson(typesValue(i)), `row ${i}`);
      });
    });
  }

  test('a file without parquet.avro.schema gets the Avro schema parquet-avro derives from its Parquet schema', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1n, 2n] },
        { name: 'name', data: ['a', null] },
        { name: 'price', data: [12.5, -0.25] },
        { name: 'tags', data: [['x', 'y'], []] },
      ],
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
        { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        {
          name: 'price',
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: 4,
          converted_type: 'DECIMAL',
          precision: 9,
          scale: 2,
          repetition_type: 'REQUIRED',
        },
        { name: 'tags', repetition_type: 'REQUIRED', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ],
    });
    const rows = await readAll(Buffer.from(file));
    const schema = rows[0]?.schema as {
      type: string;
      fields: Array<{ name: string; schema: { type: string; optional: boolean; name?: string } }>;
    };
    assert.equal(schema.type, SchemaType.STRUCT);
    assert.deepEqual(
      schema.fields.map((f) => [f.name, f.schema.type, f.schema.optional, f.schema.name ?? null]),
      [
        ['id', 'int64', false, null],
        ['name', 'string', true, null],
        ['price', 'bytes', false, 'org.apache.kafka.connect.data.Decimal'],
        ['tags', 'array', false, null],
      ],
    );
    assert.deepEqual(
      rows.map((r) => connectJson(r.value)),
      [
        { id: 1, name: 'a', price: '12.50', tags: ['x', 'y'] },
        { id: 2, name: null, price: '-0.25', tags: [] },
      ],
    );
  });

  test('an object that is not Parquet is a DataError naming it', async () => {
    await assert.rejects(
      ParquetReader.open(
        chunks(Buffer.from('{"id":1}\n{"id":2}\n')),
        'Object topics/t/partition=0/t+0+0000000000.parquet',
      ),
      (e: unknown) => e instanceof DataError && /t\+0\+0000000000\.parquet is not a Parquet file/.test(e.message),
    );
  });

  test('the task resumes mid-object at the stored row (object + row offsets), and refuses Parquet keys objects', async () => {
    const folder = 'topics/types/partition=0/';
    const first = `${folder}types+0+0000000000.snappy.parquet`;
    const second = `${folder}types+0+0000000010.snappy.parquet`;
    const bucket = new MemoryBucket()
      .put(first, await sinkFile(10, 'snappy'))
      .put(second, await sinkFile(10, 'snappy', 10));
    class MemoryTask extends S3SourceTask {
      protected override openBucket(_config: S3SourceConfig): Bucket {
        return bucket;
      }
    }
    const run = async (stored: SourceOffset | null): Promise<SourceRecord[]> => {
      const task = new MemoryTask();
      task.initialize({
        configs: () => ({}),
        offsetStorageReader: () => ({
          offset: async () => stored,
          offsets: async (ps) => new Map(ps.map((p) => [p, stored])),
        }),
      });
      task.start({ 's3.bucket.name': 'b', 'format.class': Formats.PARQUET });
      try {
        const all: SourceRecord[] = [];
        for (let batch = await task.poll(); batch !== null; batch = await task.poll()) all.push(...batch);
        return all;
      } finally {
        await task.stop();
      }
    };
    const resumed = await run({ lastFileRead: first, fileOffset: '4', eof: 'false' });
    assert.deepEqual(
      resumed.map((r) => (connectJson(r.value) as { i32: number }).i32),
      Array.from({ length: 16 }, (_, i) => 2_000_000_000 - (i + 4)),
    );
    assert.deepEqual(resumed[0]?.sourceOffset, { lastFileRead: first, fileOffset: '5', eof: 'false' });
    assert.deepEqual(resumed[5]?.sourceOffset, { lastFileRead: first, fileOffset: '10', eof: 'true' });
    assert.deepEqual(resumed[15]?.sourceOffset, { lastFileRead: second, fileOffset: '10', eof: 'true' });
    assert.equal((await run({ lastFileRead: second, fileOffset: '10', eof: 'true' })).length, 0);
    bucket.put(`${folder}types+0+0000000000.keys.snappy.parquet`, await sinkFile(10, 'snappy'));
    await assert.rejects(run(null), /keys object .*keys\.snappy\.parquet is in a format this S3 source cannot read/);
  });

  test('an enum (enhanced.avro.schema.support) is written as BYTE_ARRAY (ENUM) and restored with its symbols', async () => {
    const kind = new SchemaBuilder('string')
      .name('com.acme.Kind')
      .parameter('io.confluent.connect.avro.Enum', 'com.acme.Kind')
      .parameter('io.confluent.connect.avro.Enum.A', 'A')
      .parameter('io.confluent.connect.avro.Enum.B', 'B')
      .build();
    const schema = SchemaBuilder.struct().name('com.acme.Item').field('kind', kind).field('n', Schemas.INT32).build();
    const config = parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat' }));
    const encoder = recordEncoder(RecordView.VALUE, FormatClass.PARQUET, config);
    const records = ['B', 'A'].map((k, i) =>
      sinkRecord({ offset: i, value: new Struct(schema).put('kind', k).put('n', i), valueSchema: schema }),
    );
    const body =
      (await encoder.container?.(
        records.map((r) => encoder.encode(r)),
        encoder.writerSchema?.(records[0] as never) ?? '',
      )) ?? Buffer.alloc(0);
    const metadata = parquetMetadata(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    assert.equal(metadata.schema.find((e) => e.name === 'kind')?.converted_type, 'ENUM');
    const rows = await readAll(body);
    assert.deepEqual(
      rows.map((r) => connectJson(r.value)),
      [
        { kind: 'B', n: 0 },
        { kind: 'A', n: 1 },
      ],
    );
    const restoredSchema = rows[0]?.schema as { fields: Array<{ schema: { parameters?: Record<string, string> } }> };
    const restored = restoredSchema.fields[0]?.schema;
    assert.equal(restored?.parameters?.['io.confluent.connect.avro.Enum.B'], 'B');
  });
});

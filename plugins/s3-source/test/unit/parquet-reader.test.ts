import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { DataError, SchemaType } from 'lambda-connect/api';
import { RecordView, recordEncoder } from '../../../s3/src/record-format.js';
import { FormatClass, parseS3SinkConfig } from '../../../s3/src/s3-sink-config.js';
import { TYPES, typesValue } from '../../../s3/test/fixtures/parquet-types.js';
import { sinkConfig, sinkRecord } from '../../../s3/test/fixtures/records.js';
import { ParquetReader } from '../../src/parquet-reader.js';
import { connectJson, schemaJson } from '../helpers/connect-json.js';

/** The S3 sink's ParquetFormat object of the type table's first `count` rows. */
async function sinkFile(count: number, codec: string): Promise<Buffer> {
  const config = parseS3SinkConfig(sinkConfig({ 'format.class': 'ParquetFormat', 'parquet.codec': codec }));
  const encoder = recordEncoder(RecordView.VALUE, FormatClass.PARQUET, config);
  const records = Array.from({ length: count }, (_, i) =>
    sinkRecord({ offset: i, value: typesValue(i), valueSchema: TYPES }),
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
});

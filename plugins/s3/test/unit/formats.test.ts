import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BigDecimal,
  DataError,
  Decimal,
  LogicalDate,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
} from 'lambda-connect/api';
import { RecordView, recordEncoder } from '../../src/record-format.js';
import { FormatClass, parseS3SinkConfig } from '../../src/s3-sink-config.js';
import { sinkConfig, sinkRecord } from '../fixtures/records.js';

const config = parseS3SinkConfig(sinkConfig());
const json = recordEncoder(RecordView.VALUE, FormatClass.JSON, config);
const line = (value: unknown, valueSchema: Parameters<typeof sinkRecord>[0]['valueSchema'] = null) =>
  json.encode(sinkRecord({ offset: 0, value, valueSchema })).toString('utf8');

describe('JsonFormat', () => {
  test('structs as JsonConverter writes them with schemas disabled: schema order, bytes base64, logical types as numbers', () => {
    const schema = new SchemaBuilder('struct')
      .field('id', Schemas.INT64)
      .field('name', Schemas.STRING)
      .field('price', Schemas.FLOAT64)
      .field('ratio', Schemas.FLOAT32)
      .field('blob', Schemas.BYTES)
      .field('day', LogicalDate.SCHEMA)
      .field('at', LogicalTimestamp.SCHEMA)
      .field('amount', Decimal.schema(2))
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .field('note', Schemas.OPTIONAL_STRING)
      .build();
    const value = new Struct(schema)
      .put('id', 7)
      .put('name', 'é "q"')
      .put('price', 10)
      .put('ratio', 0.1)
      .put('blob', new Uint8Array([1, 2, 255]))
      .put('day', new Date(Date.UTC(2026, 0, 2)))
      .put('at', new Date(1_700_000_000_123))
      .put('amount', new BigDecimal(12345n, 2))
      .put('tags', ['a', 'b']);
    assert.equal(
      line(value, schema),
      '{"id":7,"name":"é \\"q\\"","price":10.0,"ratio":0.1,"blob":"AQL/","day":20455,"at":1700000000123,"amount":"MDk=","tags":["a","b"],"note":null}\n',
    );
  });

  test('json.decimal.format=NUMERIC writes decimals as numbers', () => {
    const numeric = recordEncoder(
      RecordView.VALUE,
      FormatClass.JSON,
      parseS3SinkConfig(sinkConfig({ 'json.decimal.format': 'NUMERIC' })),
    );
    const schema = new SchemaBuilder('struct').field('amount', Decimal.schema(2)).build();
    const out = numeric
      .encode(
        sinkRecord({ offset: 0, value: new Struct(schema).put('amount', new BigDecimal(-5n, 2)), valueSchema: schema }),
      )
      .toString();
    assert.equal(out, '{"amount":-0.05}\n');
  });

  test('schemaless values as Jackson writes them: objects, arrays, integers, Java doubles, strings', () => {
    assert.equal(
      line({ a: 1, b: [true, null, 2.5], c: { d: 'x' }, big: 12345678901234567890n, e: 1e21 }),
      '{"a":1,"b":[true,null,2.5],"c":{"d":"x"},"big":12345678901234567890,"e":1.0E21}\n',
    );
    assert.equal(line('plain "text"'), '"plain \\"text\\""\n');
    assert.equal(line(42), '42\n');
    assert.equal(line(new Uint8Array([104, 105])), '"aGk="\n');
  });

  test('.keys and .headers views: keys as values are, headers enveloped with string values', () => {
    const keys = recordEncoder(RecordView.KEYS, FormatClass.JSON, config);
    const headers = recordEncoder(RecordView.HEADERS, FormatClass.JSON, config);
    const record = sinkRecord({
      offset: 0,
      value: 1,
      key: 'k-1',
      headers: [
        { key: 'trace', value: 'abc', schema: Schemas.STRING },
        { key: 'n', value: 5, schema: Schemas.INT32 },
      ],
    });
    assert.equal(keys.encode(record).toString(), '"k-1"\n');
    assert.equal(
      headers.encode(record).toString(),
      '{"headers":[{"key":"trace","value":"abc"},{"key":"n","value":"5"}]}\n',
    );
    assert.equal(keys.view + keys.extension, '.keys.json');
  });
});

describe('ByteArrayFormat', () => {
  test('raw bytes and the separator; extension .bin (+ .gz with gzip)', () => {
    const bytes = recordEncoder(
      RecordView.VALUE,
      FormatClass.BYTE_ARRAY,
      parseS3SinkConfig(sinkConfig({ 's3.compression.type': 'gzip' })),
    );
    assert.equal(bytes.extension, '.bin.gz');
    assert.deepEqual(
      [...(bytes.encode(sinkRecord({ offset: 0, value: new Uint8Array([0, 10, 200]) })) as Buffer)],
      [0, 10, 200, 10],
    );
    const custom = recordEncoder(
      RecordView.VALUE,
      FormatClass.BYTE_ARRAY,
      parseS3SinkConfig(sinkConfig({ 'format.bytearray.separator': '|', 'format.bytearray.extension': '.raw' })),
    );
    assert.equal(custom.encode(sinkRecord({ offset: 0, value: new Uint8Array([65]) })).toString(), 'A|');
    assert.equal(custom.extension, '.raw');
  });

  test('anything but bytes is a data error that names the converter to use', () => {
    const bytes = recordEncoder(RecordView.VALUE, FormatClass.BYTE_ARRAY, config);
    assert.throws(
      () => bytes.encode(sinkRecord({ offset: 0, value: 'text' })),
      (e: unknown) => e instanceof DataError && /ByteArrayConverter/.test(e.message),
    );
  });
});

describe('format.class', () => {
  test('short and full names; unknown classes are refused naming the formats', () => {
    assert.equal(parseS3SinkConfig(sinkConfig({ 'format.class': 'ByteArrayFormat' })).format, FormatClass.BYTE_ARRAY);
    assert.equal(
      parseS3SinkConfig(sinkConfig({ 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat' })).format,
      FormatClass.AVRO,
    );
    assert.equal(
      parseS3SinkConfig(sinkConfig({ 'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat' })).format,
      FormatClass.PARQUET,
    );
    assert.throws(
      () => parseS3SinkConfig(sinkConfig({ 'format.class': 'io.confluent.connect.s3.format.orc.OrcFormat' })),
      /Class io\.confluent\.connect\.s3\.format\.orc\.OrcFormat could not be found; use .*ParquetFormat/,
    );
    assert.throws(
      () => parseS3SinkConfig(sinkConfig({ 's3.part.size': '1024' })),
      /s3.part.size: Value must be at least 5242880/,
    );
    assert.throws(() => parseS3SinkConfig(sinkConfig({ 'flush.size': undefined as unknown as string })), /flush.size/);
    assert.throws(
      () => parseS3SinkConfig(sinkConfig({ 'flush.size': '10000', 'slice.max.records': '5000' })),
      /flush.size: a slice reads at most slice.max.records=5000/,
    );
    assert.throws(() => parseS3SinkConfig(sinkConfig({ 'rotate.schedule.interval.ms': '60000' })), /needs a timezone/);
  });
});

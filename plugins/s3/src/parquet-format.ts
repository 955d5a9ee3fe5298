/**
 * ParquetFormat (`io.confluent.connect.s3.format.parquet.ParquetFormat`): each object one Parquet file
 * whose schema is what parquet-avro makes of the records' Avro schema (the Connect schema through the
 * schema-registry plugin's `AvroData`, as Confluent's `ParquetRecordWriterProvider` does). The Avro schema
 * is kept in the file's key-value metadata as `parquet.avro.schema` (parquet-avro's key), so a reader gets
 * the Connect schema back exactly. Records become rows when they are buffered; the file is built when the
 * object is uploaded (Parquet's footer needs every row). One schema per object: a record with another
 * schema rotates first, as with AvroFormat. Written with hyparquet-writer, loaded on first use.
 * See docs/decisions/0030-parquet-format.md.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { AvroData, type AvroSchema } from '@lambda-connect/schema-registry';
import { DataError, type Schema, type SinkRecord } from 'lambda-connect/api';
import { parquetShape, type ParquetShape } from './parquet-schema.js';
import type { RecordEncoder, RecordView } from './record-format.js';
import type { S3SinkConfig } from './s3-sink-config.js';

/** `RecordView.KEYS`, spelled out: record-format imports this module. */
const KEYS: RecordView = '.keys';

/** `parquet.codec` values this sink writes, with Parquet's codec and parquet-java's file extension. */
export const PARQUET_CODECS = {
  none: { codec: 'UNCOMPRESSED', extension: '' },
  snappy: { codec: 'SNAPPY', extension: '.snappy' },
  gzip: { codec: 'GZIP', extension: '.gz' },
  brotli: { codec: 'BROTLI', extension: '.br' },
  zstd: { codec: 'ZSTD', extension: '.zstd' },
} as const;
export type ParquetCodecName = keyof typeof PARQUET_CODECS;

/** zstd is in node:zlib from Node 22.15 (Lambda's nodejs22.x has it); older runtimes refuse the codec. */
type ZstdCompress = (input: Uint8Array) => Buffer;
const zstdCompressSync = (zlib as unknown as { zstdCompressSync?: ZstdCompress }).zstdCompressSync;

/** Whether this runtime can write `codec`. */
export function parquetCodecAvailable(codec: ParquetCodecName): boolean {
  return codec !== 'zstd' || zstdCompressSync !== undefined;
}

const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
  ...(zstdCompressSync === undefined ? {} : { ZSTD: (input: Uint8Array) => new Uint8Array(zstdCompressSync(input)) }),
};

/** Confluent's page size for ParquetFormat (`ParquetRecordWriterProvider.PAGE_SIZE`). */
const PAGE_SIZE = 64 * 1024;
/** One row group per object up to this many rows (parquet-avro cuts row groups at 128 MB). */
const ROW_GROUP_ROWS = 100_000;

type Writer = typeof import('hyparquet-writer');
let writerModule: Promise<Writer> | null = null;
/** hyparquet-writer, imported on the first Parquet object (formats not in use cost nothing at start-up). */
function loadWriter(): Promise<Writer> {
  writerModule ??= import('hyparquet-writer');
  return writerModule;
}

/** The schema and value of the view's part of a record (the value, or the key for `.keys`). */
function part(view: RecordView, record: SinkRecord): [Schema | null, unknown] {
  return view === KEYS ? [record.keySchema, record.key] : [record.valueSchema, record.value];
}

/** The bytes of one Parquet file of `rows` (hyparquet-writer rows of `shape`). */
export async function parquetFile(
  shape: ParquetShape,
  avroText: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  codec: ParquetCodecName,
): Promise<Buffer> {
  const { parquetWriteBuffer } = await loadWriter();
  type Options = Parameters<typeof parquetWriteBuffer>[0];
  const columnData = shape.columns.map((name) => ({ name, data: rows.map((r) => r[name]) }));
  const buffer = parquetWriteBuffer({
    // hyparquet-writer's SchemaElement type is parquet-format's; ParquetElement is the subset set here.
    schema: shape.elements as NonNullable<Options['schema']>,
    columnData: columnData as Options['columnData'],
    codec: PARQUET_CODECS[codec].codec,
    compressors: COMPRESSORS,
    pageSize: PAGE_SIZE,
    rowGroupSize: ROW_GROUP_ROWS,
    kvMetadata: [
      { key: 'parquet.avro.schema', value: avroText },
      { key: 'writer.model.name', value: 'avro' },
    ],
    createdBy: 'lambda-connect S3 sink ParquetFormat (hyparquet-writer)',
  });
  return Buffer.from(buffer);
}

/** The ParquetFormat encoder of a view: records become rows, an object's rows one Parquet file. */
export function parquetEncoder(view: RecordView, config: S3SinkConfig): RecordEncoder {
  const data = new AvroData({
    enhancedSchemaSupport: config.avro.enhancedSchemaSupport,
    connectMetaData: config.avro.connectMetaData,
    allowOptionalMapKeys: false,
    flattenSingletonUnions: true,
    scrubInvalidNames: false,
  });
  const codec = config.parquetCodec;
  const shapes = new Map<string, ParquetShape>();
  const shapeOf = (avroText: string): ParquetShape => {
    let shape = shapes.get(avroText);
    if (shape === undefined) {
      shape = parquetShape(avroText);
      shapes.set(avroText, shape);
    }
    return shape;
  };
  const writer = (record: SinkRecord): AvroSchema => {
    const [schema] = part(view, record);
    if (schema === null) {
      const what = view === KEYS ? 'key' : 'value';
      throw new DataError(
        `ParquetFormat needs a ${what} schema: ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} has none; use a ${what}.converter that gives one (AvroConverter, ProtobufConverter, JsonSchemaConverter, or JsonConverter with schemas.enable=true)`,
      );
    }
    return data.fromConnectSchema(schema);
  };
  return {
    view,
    extension: `${PARQUET_CODECS[codec].extension}.parquet`,
    writerSchema: (record) => writer(record).text,
    encode: (record) => {
      const [schema, value] = part(view, record);
      const avro = writer(record);
      const shape = shapeOf(avro.text);
      if (value === null || value === undefined)
        throw new DataError(
          `ParquetFormat cannot write a null ${view === KEYS ? 'key' : 'value'}: ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} (set behavior.on.null.values=ignore to skip tombstones)`,
        );
      // Connect -> Avro value through AvroData (its checks and names), then Avro -> Parquet row.
      return { row: shape.row(data.fromConnectValue(schema as Schema, avro, value)) };
    },
    container: (records, writerSchema) =>
      parquetFile(
        shapeOf(writerSchema),
        writerSchema,
        records.map((r) => (r as { row: Record<string, unknown> }).row),
        codec,
      ),
  };
}

/**
 * The formats (Confluent's `format.class`) and record views (value, `.keys`, `.headers`): how one record
 * becomes the bytes of one line of an object, and the object's extension.
 */
import { DataError, SchemaType, Struct, formatValue, type SinkRecord } from 'lambda-connect/api';
import { FormatClass, type S3SinkConfig } from './s3-sink-config.js';
import { schemaJson, schemalessJson } from './json-value.js';
import { avroEncoder } from './avro-format.js';
import { parquetEncoder } from './parquet-format.js';

/** What part of a record an object holds; `.keys` and `.headers` objects sit beside the value object. */
export const RecordView = { VALUE: '', KEYS: '.keys', HEADERS: '.headers' } as const;
export type RecordView = (typeof RecordView)[keyof typeof RecordView];

export interface RecordEncoder {
  /** The view's part of the object name before the format's extension (`''`, `.keys`, `.headers`). */
  readonly view: RecordView;
  /** `.json`, `.bin`, plus `.gz` when compressed. */
  readonly extension: string;
  /**
   * One record's line, separator included: text (JSON, joined and UTF-8 encoded per object) or bytes;
   * container formats: what their `container` builds the object from (Avro binary, Parquet rows).
   */
  encode(record: SinkRecord): EncodedRecord;
  /**
   * Container formats (Avro) only: the writer schema (its text) a record is encoded with. The records of
   * an object share it; a record with another one rotates the partition's open objects first.
   */
  writerSchema?(record: SinkRecord): string;
  /** Container formats only: the object body of one object's encoded records, with their writer schema. */
  container?(records: readonly EncodedRecord[], writerSchema: string): Buffer | Promise<Buffer>;
}

/** A record as an encoder buffers it: a line (text or bytes) or a container format's row. */
export type EncodedRecord = string | Buffer | { readonly row: Record<string, unknown> };

/** Lines stay strings until the object is built: one UTF-8 encoding per object, not per record. */
function jsonLine(text: string): string {
  return `${text}\n`;
}

function headerText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return formatValue(value);
}

/** The JSON lines of one view: Structs through JsonConverter rules, other values as Jackson writes them. */
function jsonEncoder(view: RecordView, config: S3SinkConfig): (record: SinkRecord) => string {
  const decimals = config.decimalFormat;
  switch (view) {
    case RecordView.KEYS:
      return (r) =>
        jsonLine(r.key instanceof Struct ? schemaJson(r.keySchema, r.key, decimals) : schemalessJson(r.key));
    case RecordView.HEADERS:
      // Confluent envelopes headers in JSON: {"headers":[{"key":…,"value":…}]}, values as strings.
      return (r) =>
        jsonLine(
          `{"headers":[${r.headers.map((h) => `{"key":${JSON.stringify(h.key)},"value":${JSON.stringify(headerText(h.value))}}`).join(',')}]}`,
        );
    default:
      return (r) =>
        jsonLine(r.value instanceof Struct ? schemaJson(r.valueSchema, r.value, decimals) : schemalessJson(r.value));
  }
}

/** ByteArrayFormat: the raw bytes (ByteArrayConverter's rules) and `format.bytearray.separator`. */
function byteArrayEncoder(view: RecordView, config: S3SinkConfig): (record: SinkRecord) => Buffer {
  const separator = Buffer.from(config.byteArraySeparator, 'utf8');
  return (r) => {
    const [schema, value] = view === RecordView.KEYS ? [r.keySchema, r.key] : [r.valueSchema, r.value];
    if (schema !== null && schema.type !== SchemaType.BYTES)
      throw new DataError(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    if (!(value instanceof Uint8Array)) {
      throw new DataError(
        `ByteArrayFormat needs bytes (value.converter ByteArrayConverter): ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset} holds ${value === null ? 'null' : typeof value}`,
      );
    }
    return Buffer.concat([Buffer.from(value.buffer, value.byteOffset, value.byteLength), separator]);
  };
}

/** The encoder of a view in a format, with its extension (compression suffix included). */
export function recordEncoder(view: RecordView, format: FormatClass, config: S3SinkConfig): RecordEncoder {
  // Avro and Parquet compress themselves (avro.codec, parquet.codec); s3.compression.type applies to JSON and bytes only.
  if (format === FormatClass.AVRO) return avroEncoder(view, config);
  if (format === FormatClass.PARQUET) return parquetEncoder(view, config);
  const gz = config.compression === 'gzip' ? '.gz' : '';
  if (format === FormatClass.BYTE_ARRAY)
    return { view, extension: config.byteArrayExtension + gz, encode: byteArrayEncoder(view, config) };
  return { view, extension: `.json${gz}`, encode: jsonEncoder(view, config) };
}

/** The encoders a config asks for: the value's, plus keys and headers when stored. */
export function recordEncoders(config: S3SinkConfig): RecordEncoder[] {
  const encoders = [recordEncoder(RecordView.VALUE, config.format, config)];
  if (config.storeKeys) encoders.push(recordEncoder(RecordView.KEYS, config.keysFormat, config));
  if (config.storeHeaders) encoders.push(recordEncoder(RecordView.HEADERS, config.headersFormat, config));
  return encoders;
}

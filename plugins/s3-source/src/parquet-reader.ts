/**
 * The records of a ParquetFormat object, read as an `AvroReader` reads a container file: each row as
 * Avro binary in order, then null, decoded to Connect data through the schema-registry plugin's `AvroData`.
 *
 * The Avro schema is the file's `parquet.avro.schema` metadata (what parquet-avro, Confluent's sink and
 * ours write), so values come back with the Connect schema they were written with. A file without it
 * (written by another tool, e.g. pyarrow) gets the Avro schema parquet-avro's `AvroSchemaConverter` would
 * derive from its Parquet schema: required/optional fields, groups as records, LIST as arrays, MAP with
 * string keys as maps, DECIMAL as bytes decimals, DATE, TIME and TIMESTAMP (MILLIS) as their logical types.
 * Rows are read with hyparquet (pure JS), loaded on the first Parquet object.
 * See docs/decisions/0030-parquet-format.md.
 */
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { AvroData, type AvroSchema } from '@lambda-connect/schema-registry';
import { DataError, bigintToBytes, type Schema } from 'lambda-connect/api';
import type { Decoded } from './line-decoders.js';

type AvroNode = AvroSchema['node'];
type Hyparquet = typeof import('hyparquet');
type FileMetaData = ReturnType<Hyparquet['parquetMetadata']>;
type SchemaElement = FileMetaData['schema'][number];

/** Confluent's S3 sink defaults for the AvroData options (`enhanced.avro.schema.support`, `connect.meta.data`). */
const data = new AvroData({
  enhancedSchemaSupport: true,
  connectMetaData: true,
  allowOptionalMapKeys: false,
  flattenSingletonUnions: true,
  scrubInvalidNames: false,
});

const AVRO_SCHEMA_KEY = 'parquet.avro.schema';

let module: Promise<Hyparquet> | null = null;
function loadReader(): Promise<Hyparquet> {
  module ??= import('hyparquet');
  return module;
}

type ZstdDecompress = (input: Uint8Array) => Buffer;
const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: ZstdDecompress }).zstdDecompressSync;
/** Page decompressors beside hyparquet's own snappy (node:zlib's; zstd from Node 22.15). */
const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
  ...(zstdDecompressSync === undefined
    ? {}
    : { ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)) }),
};

/** Raw values where hyparquet would convert them lossily or into Dates: decimals stay unscaled. */
const PARSERS = {
  timestampFromMilliseconds: (millis: bigint) => millis,
  timestampFromMicroseconds: (micros: bigint) => micros,
  timestampFromNanoseconds: (nanos: bigint) => nanos,
  dateFromDays: (days: number) => days,
};

export class ParquetReader {
  /** Records returned so far. */
  count = 0;

  private constructor(
    private readonly rows: ReadonlyArray<Record<string, unknown>>,
    private readonly toAvro: (row: Record<string, unknown>) => unknown,
    private readonly writer: AvroSchema,
    private readonly schema: Schema,
  ) {}

  /** Reads the whole object (Parquet's footer is at its end); `DataError` when it is not Parquet. */
  static async open(source: AsyncIterable<Uint8Array>, name: string): Promise<ParquetReader> {
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(source, { objectMode: false })) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    const { parquetMetadata, parquetReadObjects } = await loadReader();
    let metadata: FileMetaData;
    try {
      metadata = parquetMetadata(file, { parsers: PARSERS });
    } catch (error) {
      throw new DataError(`${name} is not a Parquet file: ${(error as Error).message}`, { cause: error });
    }
    const text = metadata.key_value_metadata?.find((kv) => kv.key === AVRO_SCHEMA_KEY)?.value;
    const writer = data.parseSchema(text ?? JSON.stringify(avroSchemaOf(metadata.schema, name)));
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await parquetReadObjects({
        file,
        metadata: { ...metadata, schema: metadata.schema.map(withoutDecimal) },
        compressors: COMPRESSORS,
        parsers: PARSERS,
        utf8: false,
      });
    } catch (error) {
      throw new DataError(`${name} could not be read as Parquet: ${(error as Error).message}`, { cause: error });
    }
    const top = writer.node;
    const convert = avroValue(top, name);
    return new ParquetReader(rows, convert, writer, data.toConnectSchema(writer));
  }

  buffered(): Buffer | null {
    const row = this.rows[this.count];
    if (row === undefined) return null;
    this.count++;
    return this.writer.type.toBuffer(this.toAvro(row));
  }

  next(): Promise<Buffer | null> {
    return Promise.resolve(this.buffered());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** One record's value with the Connect schema of the file's Avro schema. */
  decode(record: Buffer): Decoded {
    return { schema: this.schema, value: data.toConnectData(this.schema, this.writer, record) };
  }
}

/** The element with its DECIMAL annotation dropped, so hyparquet hands out the unscaled value. */
function withoutDecimal(element: SchemaElement): SchemaElement {
  if (element.converted_type !== 'DECIMAL' && element.logical_type?.type !== 'DECIMAL') return element;
  const { converted_type: _c, logical_type: _l, ...rest } = element;
  return rest as SchemaElement;
}

/** Unscaled decimal (bytes, number or bigint from INT32/INT64 columns) as Avro's two's complement bytes. */
function decimalBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(bigintToBytes(BigInt(value as number | bigint)));
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** A converter of hyparquet values (read with the parsers above, utf8 off) to avsc values of `node`. */
function avroValue(node: AvroNode, where: string): (value: unknown) => unknown {
  switch (node.kind) {
    case 'union': {
      const members = node.types.filter((t) => !(t.kind === 'primitive' && t.type === 'null'));
      const member = members[0];
      if (members.length !== 1 || member === undefined)
        throw new DataError(`${where}: unions other than [null, X] have no Parquet form`);
      const inner = avroValue(member, where);
      const branch = member.kind === 'primitive' ? member.type : 'fullName' in member ? member.fullName : member.kind;
      return (v) => (v === null || v === undefined ? null : { [branch]: inner(v) });
    }
    case 'record': {
      const fields = node.fields.map((f) => [f.name, avroValue(f.type, where)] as const);
      return (v) => {
        const source = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, convert] of fields) out[name] = convert(source[name]);
        return out;
      };
    }
    case 'array': {
      const item = avroValue(node.items, where);
      return (v) => (v as unknown[]).map(item);
    }
    case 'map': {
      const value = avroValue(node.values, where);
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = value(x);
        return out;
      };
    }
    case 'enum':
    case 'fixed':
      return node.kind === 'enum' ? text : (v) => Buffer.from(v as Uint8Array);
    default:
      switch (node.type) {
        case 'string':
          return text;
        case 'bytes':
          return node.props['logicalType'] === 'decimal' ? decimalBytes : (v) => Buffer.from(v as Uint8Array);
        case 'int':
          return (v) => Number(v);
        case 'long':
          return (v) => (typeof v === 'bigint' ? v : BigInt(v as number));
        case 'float':
        case 'double':
          return (v) => Number(v);
        default:
          return (v) => v;
      }
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : textDecoder.decode(v as Uint8Array);
}

/** parquet-avro's Avro schema of a Parquet schema (for files without `parquet.avro.schema`). */
export function avroSchemaOf(elements: readonly SchemaElement[], where: string): unknown {
  let at = 0;
  const take = (): SchemaElement => {
    const element = elements[at++];
    if (element === undefined) throw new DataError(`${where}: truncated Parquet schema`);
    return element;
  };
  const fieldsOf = (count: number, namespace: string): Array<{ name: string; type: unknown; default?: null }> =>
    Array.from({ length: count }, () => field(take(), namespace));
  const field = (element: SchemaElement, namespace: string): { name: string; type: unknown; default?: null } => {
    const type = typeOf(element, namespace);
    if (element.repetition_type === 'REPEATED') return { name: element.name, type: { type: 'array', items: type } };
    if (element.repetition_type === 'OPTIONAL') return { name: element.name, type: ['null', type], default: null };
    return { name: element.name, type };
  };
  const typeOf = (element: SchemaElement, namespace: string): unknown => {
    const children = element.num_children ?? 0;
    const annotation = element.logical_type?.type ?? element.converted_type;
    // Types nested in a field are named within it (`<root>.<field>...`): Avro names must be unique.
    const inner = `${namespace}.${avroName(element.name)}`;
    if (children > 0 && annotation === 'LIST') {
      const repeated = take();
      // 3-level (`repeated group list { element }`) or 2-level (`repeated <type> array`) lists.
      if ((repeated.num_children ?? 0) === 1 && repeated.name !== 'array' && !repeated.name.endsWith('_tuple')) {
        const item = take();
        const itemType = typeOf(item, inner);
        return { type: 'array', items: item.repetition_type === 'OPTIONAL' ? ['null', itemType] : itemType };
      }
      return { type: 'array', items: typeOf(repeated, inner) };
    }
    if (children > 0 && (annotation === 'MAP' || annotation === 'MAP_KEY_VALUE')) {
      const entry = take();
      const [key, value] = [take(), take()];
      const keyType =
        key.type === 'BYTE_ARRAY' &&
        ['UTF8', 'STRING', 'ENUM'].includes(String(key.logical_type?.type ?? key.converted_type));
      if (!keyType || (entry.num_children ?? 0) !== 2)
        throw new DataError(
          `${where}: the map ${element.name} has non-string keys; only string-keyed Parquet maps are read`,
        );
      const valueType = typeOf(value, inner);
      return { type: 'map', values: value.repetition_type === 'OPTIONAL' ? ['null', valueType] : valueType };
    }
    if (children > 0) {
      return { type: 'record', name: avroName(element.name), namespace, fields: fieldsOf(children, inner) };
    }
    return primitiveOf(element, where);
  };
  const root = take();
  const name = avroName(root.name);
  return { type: 'record', name, fields: fieldsOf(root.num_children ?? 0, name) };
}

function avroName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function primitiveOf(element: SchemaElement, where: string): unknown {
  const logical = element.logical_type;
  const converted = element.converted_type;
  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') {
    const precision = logical?.type === 'DECIMAL' ? logical.precision : element.precision;
    const scale = logical?.type === 'DECIMAL' ? logical.scale : element.scale;
    return { type: 'bytes', logicalType: 'decimal', precision, scale: scale ?? 0 };
  }
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
      if (logical?.type === 'DATE' || converted === 'DATE') return { type: 'int', logicalType: 'date' };
      if ((logical?.type === 'TIME' && logical.unit === 'MILLIS') || converted === 'TIME_MILLIS')
        return { type: 'int', logicalType: 'time-millis' };
      return 'int';
    case 'INT64':
      if ((logical?.type === 'TIMESTAMP' && logical.unit === 'MILLIS') || converted === 'TIMESTAMP_MILLIS')
        return { type: 'long', logicalType: 'timestamp-millis' };
      if ((logical?.type === 'TIMESTAMP' && logical.unit === 'MICROS') || converted === 'TIMESTAMP_MICROS')
        return { type: 'long', logicalType: 'timestamp-micros' };
      return 'long';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'BYTE_ARRAY':
      if (
        ['UTF8', 'ENUM', 'JSON'].includes(String(converted)) ||
        ['STRING', 'ENUM', 'JSON'].includes(String(logical?.type))
      )
        return 'string';
      return 'bytes';
    case 'FIXED_LEN_BYTE_ARRAY':
      return 'bytes';
    default:
      throw new DataError(`${where}: the Parquet column ${element.name} (${String(element.type)}) has no Avro type`);
  }
}

/**
 * Avro Object Container Files (the Avro spec's "Object Container Files"), written from records already in
 * Avro binary: the header (magic, `avro.schema` and `avro.codec` metadata, a sync marker), then blocks of
 * about 64 KB of records (Avro's `DataFileWriter` default sync interval), each compressed by the codec.
 * Synchronous and deterministic: the sync marker is derived from the schema, so the same records give the
 * same bytes and a rewritten object (a replayed slice) is identical.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import CRC32 from 'crc-32';
import snappy from 'snappyjs';

/**
 * Avro's codecs this sink writes (Confluent's `avro.codec`). bzip2, xz and zstandard have no well-kept
 * pure-JS compressor (zstd only in Node ≥ 22.15's zlib): refused at validation.
 */
export const AvroCodecName = { NULL: 'null', DEFLATE: 'deflate', SNAPPY: 'snappy' } as const;
export type AvroCodecName = (typeof AvroCodecName)[keyof typeof AvroCodecName];

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
/** Avro's `DataFileConstants.DEFAULT_SYNC_INTERVAL`: a block closes once this many bytes are in it. */
const SYNC_INTERVAL = 64_000;

/** Avro's zig-zag variable-length long. */
function long(n: number): Buffer {
  const bytes: number[] = [];
  let z = BigInt(n) >= 0n ? BigInt(n) << 1n : (-BigInt(n) << 1n) - 1n;
  do {
    let b = Number(z & 0x7fn);
    z >>= 7n;
    if (z > 0n) b |= 0x80;
    bytes.push(b);
  } while (z > 0n);
  return Buffer.from(bytes);
}

function bytes(value: Buffer): Buffer {
  return Buffer.concat([long(value.length), value]);
}

function header(schemaText: string, codec: AvroCodecName, sync: Buffer): Buffer {
  const meta: Array<[string, Buffer]> = [
    ['avro.schema', Buffer.from(schemaText, 'utf8')],
    ['avro.codec', Buffer.from(codec, 'utf8')],
  ];
  const entries = meta.map(([k, v]) => Buffer.concat([bytes(Buffer.from(k, 'utf8')), bytes(v)]));
  return Buffer.concat([MAGIC, long(meta.length), ...entries, long(0), sync]);
}

/**
 * Avro's snappy codec (the spec, and Java's `SnappyCodec`): one raw snappy block (no framing) followed by
 * the CRC-32 (IEEE, as `java.util.zip.CRC32`) of the uncompressed data, 4 bytes big-endian.
 */
export function snappyBlock(raw: Buffer): Buffer {
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(CRC32.buf(raw) >>> 0);
  return Buffer.concat([snappy.compress(raw), crc]);
}

function compress(raw: Buffer, codec: AvroCodecName): Buffer {
  switch (codec) {
    case AvroCodecName.DEFLATE:
      return deflateRawSync(raw);
    case AvroCodecName.SNAPPY:
      return snappyBlock(raw);
    default:
      return raw;
  }
}

function block(records: readonly Buffer[], codec: AvroCodecName, sync: Buffer): Buffer {
  const data = compress(Buffer.concat(records), codec);
  return Buffer.concat([long(records.length), long(data.length), data, sync]);
}

/** The container file of `records` (each one value's Avro binary) written with the schema `schemaText`. */
export function avroContainer(schemaText: string, records: readonly Buffer[], codec: AvroCodecName): Buffer {
  const sync = createHash('md5').update(schemaText).digest();
  const parts = [header(schemaText, codec, sync)];
  let pending: Buffer[] = [];
  let size = 0;
  for (const record of records) {
    pending.push(record);
    size += record.length;
    if (size >= SYNC_INTERVAL) {
      parts.push(block(pending, codec, sync));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) parts.push(block(pending, codec, sync));
  return Buffer.concat(parts);
}

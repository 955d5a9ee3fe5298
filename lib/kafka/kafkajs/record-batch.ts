/**
 * Kafka record batches (message format v2), encoded and decoded here rather than by kafkajs: kafkajs
 * keeps headers in an object (so a null header value throws and distinct keys lose their order), its
 * fetch decoding throws away the batch boundaries we need to skip control batches, and it decompresses
 * only gzip (`codecs/` does all of Kafka's codecs).
 */
import CRC32C from 'crc-32/crc32c.js';
import type { FetchedRecord, KafkaHeader } from '../kafka-port.js';
import { KafkaError } from '../errors.js';
import { codecName, compress, CompressionCodec, decompress } from './codecs/index.js';
import { ByteReader, ByteWriter } from './wire.js';

const MAGIC_V2 = 2;
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME_FLAG = 0x08;
const CONTROL_FLAG = 0x20;
/** Bytes of baseOffset + batchLength, before the length-counted part. */
const BATCH_PREFIX = 12;
/** Offset of the attributes field, where the CRC'd part begins. */
const CRC_START = 21;

export interface RecordToEncode {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number;
  readonly headers: readonly KafkaHeader[];
}

export interface BatchProducerState {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

/** One uncompressed v2 batch holding `records` (at least one). */
export function encodeRecordBatch(records: readonly RecordToEncode[], producer: BatchProducerState): Buffer {
  const { baseTimestamp, maxTimestamp } = timestampRange(records);
  const out = new ByteWriter(64 + records.length * 64);
  writeBatchHeader(out, records.length, producer, 0, baseTimestamp, maxTimestamp);
  writeRecords(out, records, baseTimestamp);
  return sealBatch(out.bytes());
}

/**
 * One v2 batch holding `records`, its records part compressed with `codec` (Kafka's `compression.type`
 * ids, see codecs/): what a Java producer with that `compression.type` sends.
 */
export async function encodeCompressedRecordBatch(
  records: readonly RecordToEncode[],
  producer: BatchProducerState,
  codec: number,
): Promise<Buffer> {
  if (codec === CompressionCodec.NONE) return encodeRecordBatch(records, producer);
  const { baseTimestamp, maxTimestamp } = timestampRange(records);
  const body = new ByteWriter(64 + records.length * 64);
  writeRecords(body, records, baseTimestamp);
  const compressed = await compress(codec, Buffer.from(body.bytes()));
  const out = new ByteWriter(64 + compressed.length);
  writeBatchHeader(out, records.length, producer, codec & COMPRESSION_MASK, baseTimestamp, maxTimestamp);
  out.raw(compressed);
  return sealBatch(out.bytes());
}

function timestampRange(records: readonly RecordToEncode[]): { baseTimestamp: number; maxTimestamp: number } {
  let baseTimestamp = Number.POSITIVE_INFINITY;
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    baseTimestamp = Math.min(baseTimestamp, record.timestamp);
    maxTimestamp = Math.max(maxTimestamp, record.timestamp);
  }
  return { baseTimestamp, maxTimestamp };
}

/** Everything up to the records: length and CRC are placeholders that `sealBatch` fills in. */
function writeBatchHeader(
  out: ByteWriter,
  count: number,
  producer: BatchProducerState,
  attributes: number,
  baseTimestamp: number,
  maxTimestamp: number,
): void {
  out.int64(0).int32(0).int32(-1).int8(MAGIC_V2).uint32(0);
  out
    .int16(attributes)
    .int32(count - 1)
    .int64(baseTimestamp)
    .int64(maxTimestamp);
  out.int64(producer.producerId).int16(producer.producerEpoch).int32(producer.baseSequence);
  out.int32(count);
}

function writeRecords(out: ByteWriter, records: readonly RecordToEncode[], baseTimestamp: number): void {
  const body = new ByteWriter(256);
  records.forEach((record, index) => {
    body
      .reset()
      .int8(0)
      .varint(record.timestamp - baseTimestamp)
      .varint(index);
    body.varBytes(record.key).varBytes(record.value).varint(record.headers.length);
    for (const header of record.headers) body.varString(header.key).varBytes(header.value);
    out.varint(body.length).raw(body.bytes());
  });
}

/** Fills in the batch length and the CRC-32C of everything from the attributes on. */
function sealBatch(encoded: Uint8Array): Buffer {
  const bytes = Buffer.from(encoded);
  bytes.writeInt32BE(bytes.length - BATCH_PREFIX, 8);
  bytes.writeUInt32BE(CRC32C.buf(bytes.subarray(CRC_START)) >>> 0, 17);
  return bytes;
}

/** Upper bound of a record's encoded size, for splitting input into batches. */
export function estimateRecordSize(record: RecordToEncode): number {
  let size = 32 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers) size += 10 + header.key.length * 3 + (header.value?.length ?? 0);
  return size;
}

export interface DecodedRecordSet {
  /** Data records at or after the fetch offset, in offset order. */
  readonly records: FetchedRecord[];
  /** The offset after the last complete batch; `fetchOffset` when none was complete. */
  readonly nextOffset: number;
}

/**
 * Decodes the record set of one partition of a Fetch response. Control batches (transaction markers)
 * are skipped but advance `nextOffset`; a truncated trailing batch (the broker cuts at max bytes) is
 * ignored, as Kafka's clients do.
 */
export async function decodeRecordSet(
  recordSet: Buffer,
  topic: string,
  partition: number,
  fetchOffset: number,
): Promise<DecodedRecordSet> {
  const reader = new ByteReader(recordSet);
  const records: FetchedRecord[] = [];
  let nextOffset = fetchOffset;
  while (reader.remaining() >= BATCH_PREFIX) {
    const baseOffset = reader.int64();
    const batchLength = reader.int32();
    if (batchLength > reader.remaining()) break;
    const batch = new ByteReader(reader.slice(batchLength));
    batch.int32(); // partition leader epoch
    const magic = batch.int8();
    if (magic !== MAGIC_V2) {
      throw new KafkaError(`Message format v${magic} in ${topic}-${partition} is not supported (only v2)`, {
        type: 'UNSUPPORTED_MESSAGE_FORMAT',
        retriable: false,
      });
    }
    batch.uint32(); // crc: TCP and the broker already checked it
    const attributes = batch.int16();
    const lastOffsetDelta = batch.int32();
    nextOffset = Math.max(nextOffset, baseOffset + lastOffsetDelta + 1);
    if ((attributes & CONTROL_FLAG) !== 0) continue;
    const context: BatchContext = {
      topic,
      partition,
      fetchOffset,
      baseOffset,
      baseTimestamp: batch.int64(),
      maxTimestamp: batch.int64(),
      logAppendTime: (attributes & LOG_APPEND_TIME_FLAG) !== 0,
    };
    batch.offset += 8 + 2 + 4; // producer id, epoch, base sequence
    const count = batch.int32();
    const body = await recordsBody(batch, attributes, context);
    for (let i = 0; i < count; i++) {
      const record = decodeRecord(body, context);
      if (record !== undefined) records.push(record);
    }
  }
  return { records, nextOffset };
}

/**
 * The compression codec id (see `CompressionCodec`) of each complete batch in a record set, in order:
 * what a Fetch really returned, for tests and diagnostics.
 */
export function batchCodecs(recordSet: Buffer): number[] {
  const reader = new ByteReader(recordSet);
  const codecs: number[] = [];
  while (reader.remaining() >= BATCH_PREFIX) {
    reader.int64(); // base offset
    const batchLength = reader.int32();
    if (batchLength > reader.remaining()) break;
    codecs.push(reader.slice(batchLength).readInt16BE(CRC_START - BATCH_PREFIX) & COMPRESSION_MASK);
  }
  return codecs;
}

interface BatchContext {
  readonly topic: string;
  readonly partition: number;
  readonly fetchOffset: number;
  readonly baseOffset: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly logAppendTime: boolean;
}

async function recordsBody(batch: ByteReader, attributes: number, context: BatchContext): Promise<ByteReader> {
  const codecId = attributes & COMPRESSION_MASK;
  if (codecId === CompressionCodec.NONE) return batch;
  try {
    return new ByteReader(await decompress(codecId, batch.slice(batch.remaining())));
  } catch (error) {
    throw new KafkaError(
      `Cannot decompress the ${codecName(codecId)} batch at offset ${context.baseOffset} of ${context.topic}-${context.partition}: ${(error as Error).message}`,
      { type: 'UNSUPPORTED_COMPRESSION_TYPE', retriable: false, cause: error },
    );
  }
}

/** Headers of records without any: shared, the port's header lists are read-only. */
const NO_HEADERS: readonly KafkaHeader[] = Object.freeze([]);

/** Decodes one record in place (no per-record reader or copy: this runs for every record fetched). */
function decodeRecord(body: ByteReader, context: BatchContext): FetchedRecord | undefined {
  const length = body.varint();
  const end = body.offset + length;
  body.offset += 1; // attributes: unused by format v2
  const timestampDelta = body.varlong();
  const offset = context.baseOffset + body.varint();
  // A fetch returns whole batches, so a batch may start before the requested offset.
  if (offset < context.fetchOffset) {
    body.offset = end;
    return undefined;
  }
  const key = body.varBytes();
  const value = body.varBytes();
  const headerCount = body.varint();
  let headers = NO_HEADERS;
  if (headerCount > 0) {
    const list: KafkaHeader[] = [];
    for (let i = 0; i < headerCount; i++) list.push({ key: body.varString() ?? '', value: body.varBytes() });
    headers = list;
  }
  if (body.offset !== end) {
    throw new KafkaError(
      `Malformed record at offset ${offset} in ${context.topic}-${context.partition}: ${length} bytes declared, ${length + body.offset - end} read`,
      {
        type: 'CORRUPT_MESSAGE',
        retriable: false,
      },
    );
  }
  return {
    topic: context.topic,
    partition: context.partition,
    offset,
    timestamp: context.logAppendTime ? context.maxTimestamp : context.baseTimestamp + timestampDelta,
    timestampType: context.logAppendTime ? 'LogAppendTime' : 'CreateTime',
    key,
    value,
    headers,
  };
}

/**
 * The two requests this adapter encodes itself, Fetch v11 and Produce v7 (both non-flexible versions
 * every broker from 2.3 to 4.x accepts), wrapped so kafkajs connections can carry them.
 */
import type { KjsBroker, KjsProtocolRequest } from 'kafkajs/internal-types';
import Encoder from 'kafkajs/src/protocol/encoder.js';
import { KafkaError } from '../errors.js';
import { ByteReader, ByteWriter } from './wire.js';

export const ApiKey = { PRODUCE: 0, FETCH: 1 } as const;
const FETCH_VERSION = 11;
const PRODUCE_VERSION = 7;
const READ_UNCOMMITTED = 0;

/** Fails clearly when a broker cannot take the version we encode. */
export function requireVersion(broker: KjsBroker, apiKey: number, version: number, apiName: string): void {
  const range = broker.versions?.[apiKey];
  if (range === undefined || range.minVersion > version || range.maxVersion < version) {
    throw new KafkaError(`The broker does not support ${apiName} v${version}`, {
      type: 'UNSUPPORTED_VERSION',
      retriable: false,
    });
  }
}

function wrap<T>(
  apiKey: number,
  apiVersion: number,
  apiName: string,
  body: Buffer,
  decode: (reader: ByteReader) => T,
  requestTimeout: number | null,
): KjsProtocolRequest {
  return {
    request: { apiKey, apiVersion, apiName, encode: async () => new Encoder().writeBuffer(body) },
    response: { decode: async (payload) => decode(new ByteReader(payload)), parse: async (data) => data },
    requestTimeout,
    logResponseError: false,
  };
}

export interface FetchPartitionRequest {
  readonly partition: number;
  readonly offset: number;
  readonly maxBytes: number;
}

export interface FetchRequestInput {
  readonly maxWaitMs: number;
  readonly maxBytes: number;
  readonly topics: ReadonlyMap<string, readonly FetchPartitionRequest[]>;
  readonly requestTimeoutMs: number;
}

export interface FetchPartitionResponse {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly records: Buffer | null;
}

export interface FetchResponse {
  readonly errorCode: number;
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly FetchPartitionResponse[] }>;
}

/** A sessionless, read_uncommitted (as Java's consumer by default) Fetch at explicit offsets. */
export function fetchRequest(input: FetchRequestInput): KjsProtocolRequest {
  const out = new ByteWriter(128);
  out.int32(-1).int32(input.maxWaitMs).int32(1).int32(input.maxBytes).int8(READ_UNCOMMITTED);
  out.int32(0).int32(-1); // no fetch session
  out.int32(input.topics.size);
  for (const [topic, partitions] of input.topics) {
    out.nullableString(topic).int32(partitions.length);
    for (const p of partitions) out.int32(p.partition).int32(-1).int64(p.offset).int64(-1).int32(p.maxBytes);
  }
  out.int32(0); // forgotten topics
  out.nullableString(''); // rack id
  // A fetch may legitimately take maxWait before answering.
  return wrap(
    ApiKey.FETCH,
    FETCH_VERSION,
    'Fetch',
    Buffer.from(out.bytes()),
    decodeFetchResponse,
    input.requestTimeoutMs + input.maxWaitMs,
  );
}

function decodeFetchResponse(reader: ByteReader): FetchResponse {
  reader.int32(); // throttle time
  const errorCode = reader.int16();
  reader.int32(); // session id
  const topics = reader.array((r) => ({
    topic: r.string(),
    partitions: r.array((p): FetchPartitionResponse => {
      const partition = p.int32();
      const partitionError = p.int16();
      const highWatermark = p.int64();
      p.int64(); // last stable offset
      const logStartOffset = p.int64();
      const aborted = p.int32();
      if (aborted > 0) p.offset += aborted * 16; // aborted transactions: unused at read_uncommitted
      p.int32(); // preferred read replica
      return { partition, errorCode: partitionError, highWatermark, logStartOffset, records: p.nullableBytes() };
    }),
  }));
  return { errorCode, topics };
}

export interface ProducePartitionResponse {
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logAppendTime: number;
}

export interface ProduceResponse {
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly ProducePartitionResponse[] }>;
}

/** An acks=all Produce carrying one batch per partition (what the broker requires of idempotent producers). */
export function produceRequest(
  batches: ReadonlyMap<string, ReadonlyArray<{ readonly partition: number; readonly batch: Buffer }>>,
  timeoutMs: number,
  requestTimeoutMs: number,
): KjsProtocolRequest {
  let size = 64;
  for (const partitions of batches.values()) for (const p of partitions) size += p.batch.length + 8;
  const out = new ByteWriter(size);
  out.nullableString(null).int16(-1).int32(timeoutMs).int32(batches.size);
  for (const [topic, partitions] of batches) {
    out.nullableString(topic).int32(partitions.length);
    for (const p of partitions) out.int32(p.partition).bytesField(p.batch);
  }
  return wrap(
    ApiKey.PRODUCE,
    PRODUCE_VERSION,
    'Produce',
    Buffer.from(out.bytes()),
    decodeProduceResponse,
    requestTimeoutMs,
  );
}

function decodeProduceResponse(reader: ByteReader): ProduceResponse {
  const topics = reader.array((r) => ({
    topic: r.string(),
    partitions: r.array((p): ProducePartitionResponse => {
      const partition = p.int32();
      const errorCode = p.int16();
      const baseOffset = p.int64();
      const logAppendTime = p.int64();
      p.int64(); // log start offset
      return { partition, errorCode, baseOffset, logAppendTime };
    }),
  }));
  return { topics };
}

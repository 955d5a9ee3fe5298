/**
 * The AWS Glue Schema Registry wire format: header version byte 3, a compression byte (0 none, 5 zlib),
 * the writer schema version id as 16 bytes (a UUID, most significant byte first), then the Avro payload,
 * zlib-compressed (RFC 1950, as Java's Deflater writes it) when the compression byte says so.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { DataError } from 'lambda-connect/api';

export const GLUE_HEADER_VERSION = 3;
export const COMPRESSION_NONE = 0;
export const COMPRESSION_ZLIB = 5;
const UUID_SIZE = 16;
const HEADER_SIZE = 2 + UUID_SIZE;

export function glueFrame(versionId: string, payload: Uint8Array, compression: 'NONE' | 'ZLIB'): Uint8Array {
  const body = compression === 'ZLIB' ? deflateSync(payload) : payload;
  const out = new Uint8Array(HEADER_SIZE + body.length);
  out[0] = GLUE_HEADER_VERSION;
  out[1] = compression === 'ZLIB' ? COMPRESSION_ZLIB : COMPRESSION_NONE;
  out.set(uuidBytes(versionId), 2);
  out.set(body, HEADER_SIZE);
  return out;
}

export function glueUnframe(bytes: Uint8Array): { versionId: string; payload: Uint8Array } {
  if (bytes.length < HEADER_SIZE || bytes[0] !== GLUE_HEADER_VERSION) {
    throw new DataError(
      `Invalid schema registry header version byte in data (expected ${GLUE_HEADER_VERSION}, found ${bytes[0] ?? 'no data'})`,
    );
  }
  const compression = bytes[1];
  if (compression !== COMPRESSION_NONE && compression !== COMPRESSION_ZLIB)
    throw new DataError(`Invalid schema registry compression byte in data: ${compression}`);
  const versionId = uuidText(bytes.subarray(2, HEADER_SIZE));
  const body = bytes.subarray(HEADER_SIZE);
  return { versionId, payload: compression === COMPRESSION_ZLIB ? inflate(body) : body };
}

function inflate(body: Uint8Array): Uint8Array {
  try {
    return inflateSync(body);
  } catch (error) {
    throw new DataError(`Invalid zlib-compressed payload: ${(error as Error).message}`);
  }
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new DataError(`Invalid schema version id: ${uuid}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

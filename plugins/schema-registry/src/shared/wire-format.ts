/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the payload
 * (Avro binary, or Protobuf message indexes and message, or JSON text).
 */
import { DataError } from 'lambda-connect/api';

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

/** The 5-byte header followed by `payload`. */
export function frame(schemaId: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** The schema id and the payload (a view, not a copy); `DataError` with Confluent's wording otherwise. */
export function unframe(bytes: Uint8Array): { schemaId: number; payload: Uint8Array } {
  if (bytes.length < HEADER_SIZE)
    throw new DataError(`Unknown magic byte! (the data is ${bytes.length} bytes, shorter than the 5-byte header)`);
  if (bytes[0] !== MAGIC_BYTE) throw new DataError('Unknown magic byte!');
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, false);
  return { schemaId, payload: bytes.subarray(HEADER_SIZE) };
}

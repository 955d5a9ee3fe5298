/**
 * Confluent's Protobuf message indexes: after the magic byte and the schema id, the path from the schema
 * file's top-level messages to the record's message type, as a count then the indexes, each a zigzag
 * varint (Kafka's `ByteUtils.writeVarint`). The common path `[0]` (the first message of the file) is
 * written as the single count 0.
 */
import { DataError } from 'lambda-connect/api';

/** The path `[0]`: the file's first top-level message. */
export const DEFAULT_INDEXES: readonly number[] = Object.freeze([0]);

/** Encodes a path of message indexes as Confluent's serializer writes it. */
export function encodeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0);
  const out: number[] = [];
  writeZigzag(out, indexes.length);
  for (const index of indexes) writeZigzag(out, index);
  return Uint8Array.from(out);
}

/** The message indexes at `offset` in `bytes`, and the offset of the first byte after them. */
export function decodeMessageIndexes(bytes: Uint8Array, offset: number): { indexes: number[]; next: number } {
  const count = readZigzag(bytes, offset);
  if (count.value === 0) return { indexes: [0], next: count.next };
  if (count.value < 0 || count.value > bytes.length)
    throw new DataError(`Invalid message indexes count: ${count.value}`);
  const indexes: number[] = [];
  let next = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigzag(bytes, next);
    indexes.push(index.value);
    next = index.next;
  }
  return { indexes, next };
}

function writeZigzag(out: number[], value: number): void {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function readZigzag(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let raw = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    const byte = bytes[position];
    if (byte === undefined) throw new DataError('Invalid message indexes: the record ends inside a varint');
    position++;
    raw |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
    if (shift > 28) throw new DataError('Invalid message indexes: varint longer than 5 bytes');
  }
  raw >>>= 0;
  return { value: (raw >>> 1) ^ -(raw & 1), next: position };
}

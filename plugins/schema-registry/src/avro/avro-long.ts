/**
 * Avro longs as Connect int64 values: a JS number when it is a safe integer, else a bigint (as the
 * JsonConverter reads them). avsc's own long type refuses unsafe numbers, so the codec installs this one.
 */
import avro from 'avsc';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function toConnectLong(value: number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** avsc's long type over 64-bit integers: numbers and bigints in, numbers (safe) or bigints out. */
export const connectLongType = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => toConnectLong(buffer.readBigInt64LE(0)),
  toBuffer: (value: number | bigint) => {
    const buffer = Buffer.allocUnsafe(8);
    buffer.writeBigInt64LE(BigInt(value), 0);
    return buffer;
  },
  fromJSON: (json: unknown) => toConnectLong(typeof json === 'bigint' ? json : BigInt(json as number)),
  toJSON: (value: number | bigint) => Number(value),
  isValid: (value: unknown) => (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint',
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

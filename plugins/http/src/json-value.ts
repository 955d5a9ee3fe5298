/**
 * A Connect value as JSON text, as Connect's JsonConverter writes it with `schemas.enable=false`: Structs
 * become objects (fields in schema order), maps objects, bytes base64. Where JsonConverter has choices we
 * take the readable one and say so in the README: decimals as JSON numbers (its `decimal.format=NUMERIC`),
 * Date / Time / Timestamp values as epoch milliseconds.
 */
import { BigDecimal, DataError, Struct } from 'lambda-connect/api';

/** JSON text for `value`; throws `DataError` for what JSON cannot hold (non-finite numbers, cycles). */
export function toJsonText(value: unknown): string {
  return write(value, 0);
}

const MAX_DEPTH = 100;

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new DataError(`Value nested deeper than ${MAX_DEPTH} levels cannot be sent as JSON`);
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new DataError(`${value} cannot be sent as JSON`);
      return String(value);
    case 'bigint':
      return value.toString();
    default:
      return writeObject(value as object, depth);
  }
}

function writeObject(value: object, depth: number): string {
  if (value instanceof Struct) {
    const fields = value.schema.fields ?? [];
    return `{${fields.map((f) => `${JSON.stringify(f.name)}:${write(value.get(f.name), depth + 1)}`).join(',')}}`;
  }
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array)
    return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  if (value instanceof Date) return String(value.getTime());
  if (Array.isArray(value)) return `[${value.map((v) => write(v, depth + 1)).join(',')}]`;
  if (value instanceof Map) {
    return `{${[...value.entries()].map(([k, v]) => `${JSON.stringify(typeof k === 'string' ? k : String(k))}:${write(v, depth + 1)}`).join(',')}}`;
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${write(v, depth + 1)}`)
    .join(',')}}`;
}

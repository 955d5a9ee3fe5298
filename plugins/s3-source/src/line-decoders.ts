/**
 * Turns one line of an object back into Connect data, the inverse of what Confluent's S3 sink writes:
 *
 * - JsonFormat: the value (or key) as schemaless JSON, one document per line. It comes back schemaless:
 *   objects as string-keyed maps, integers as numbers (bigint beyond 2^53, so int64 survives), so
 *   `value.converter=org.apache.kafka.connect.json.JsonConverter` with `schemas.enable=false`
 *   produces what the sink consumed (and a StringConverter topic's strings come back as strings).
 * - ByteArrayFormat: the raw bytes (BYTES), for `ByteArrayConverter`.
 * - Headers (`.headers.json`): `{"headers":[{"key":..., "value":...}]}`, the sink's enveloped header
 *   view, whose values it stringified: they come back as STRING headers.
 */
import { isSafeNumber, parse } from 'lossless-json';
import { DataError, Schemas, type Header, type Schema } from 'lambda-connect/api';
import { LineEncoding } from './object-key.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Decoded {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/** Integers stay exact: a number when safe, else a bigint; other numbers are doubles. */
function parseNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) return isSafeNumber(text) ? Number(text) : BigInt(text);
  return Number(text);
}

/** One JSON document; `where` names the object and line for the error. */
export function parseJsonLine(line: Uint8Array, where: string): unknown {
  let text: string;
  try {
    text = utf8.decode(line);
  } catch (error) {
    throw new DataError(`${where} is not UTF-8 JSON`, { cause: error });
  }
  try {
    return parse(text, null, parseNumber);
  } catch (error) {
    throw new DataError(`${where} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A key or value line in the given encoding. */
export function decodeData(line: Buffer, encoding: LineEncoding, where: string): Decoded {
  if (encoding === LineEncoding.BYTES) return { schema: Schemas.OPTIONAL_BYTES, value: line };
  const value = parseJsonLine(line, where);
  // The sink writes a null value (a tombstone) as the JSON literal null.
  return { schema: null, value };
}

/** A headers line: the header list, in order, with string values. */
export function decodeHeaders(line: Buffer, where: string): Header[] {
  const parsed = parseJsonLine(line, where) as { headers?: unknown } | null;
  const list = parsed?.headers;
  if (!Array.isArray(list))
    throw new DataError(`${where} is not a headers record: expected {"headers":[{"key":...,"value":...}]}`);
  return list.map((entry: unknown, i) => {
    const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || (value !== null && value !== undefined && typeof value !== 'string')) {
      throw new DataError(`${where}: header ${i} needs a string key and a string or null value`);
    }
    return { key, value: value ?? null, schema: Schemas.OPTIONAL_STRING };
  });
}

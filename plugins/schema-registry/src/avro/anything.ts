/**
 * Schemaless values (a null Connect schema) in Avro, as Confluent's AvroData writes them: every value is an
 * `io.confluent.connect.avro.Anything` record with one optional field per kind (boolean, bytes, double,
 * float, int, long, string, array of Anything, map as an array of `MapEntry{key, value}` of Anything),
 * the one that is set naming the kind; a null inside an array or map is an Anything with no field set.
 * The schema refers to itself, the one recursive Avro schema the converters read: a record written with it
 * reads back as a schemaless value (a null Connect schema), as AvroData does.
 *
 * JS values have no Integer/Long split: integers are written as `long` (what Connect's JsonConverter gives
 * a schemaless integer, the usual source of schemaless data), other numbers as `double`; `int` and `float`
 * written by others read as numbers. Uint8Arrays are written as `bytes` (Confluent refuses `byte[]`
 * schemaless; its schema has the field). Plain objects and Maps are maps; Structs, Dates and decimals have
 * no schemaless form (`DataError`, as Confluent's "Unknown Java type for schemaless data").
 */
import { DataError, Struct } from 'lambda-connect/api';

export const ANYTHING_FULL_NAME = 'io.confluent.connect.avro.Anything';

const NS = 'io.confluent.connect.avro';
const optional = (name: string, type: unknown) => ({ name, type: ['null', type], default: null });

/** Confluent's ANYTHING_SCHEMA, field for field. */
export const ANYTHING_SCHEMA_TEXT = JSON.stringify({
  type: 'record',
  name: 'Anything',
  namespace: NS,
  fields: [
    optional('boolean', 'boolean'),
    optional('bytes', 'bytes'),
    optional('double', 'double'),
    optional('float', 'float'),
    optional('int', 'int'),
    optional('long', 'long'),
    optional('string', 'string'),
    optional('array', { type: 'array', items: ANYTHING_FULL_NAME }),
    optional('map', {
      type: 'array',
      items: {
        type: 'record',
        name: 'MapEntry',
        namespace: NS,
        fields: [
          { name: 'key', type: ANYTHING_FULL_NAME },
          { name: 'value', type: ANYTHING_FULL_NAME },
        ],
      },
    }),
  ],
});

const FIELDS = ['boolean', 'bytes', 'double', 'float', 'int', 'long', 'string', 'array', 'map'] as const;
type Kind = (typeof FIELDS)[number];

type AnythingRecord = Record<Kind, Record<string, unknown> | null>;

function record(kind: Kind | null, value?: unknown): AnythingRecord {
  const result = {} as AnythingRecord;
  for (const field of FIELDS) result[field] = null;
  // Wrapped unions (avsc's wrapUnions): the branch is named by its type.
  if (kind !== null) result[kind] = { [kind === 'map' || kind === 'array' ? 'array' : kind]: value };
  return result;
}

/** A schemaless JS value as an avsc value of {@link ANYTHING_SCHEMA_TEXT} (wrapped unions). */
export function toAnything(value: unknown, path = 'value'): AnythingRecord {
  if (value === null || value === undefined) return record(null);
  switch (typeof value) {
    case 'boolean':
      return record('boolean', value);
    case 'string':
      return record('string', value);
    case 'bigint':
      return record('long', value);
    case 'number':
      return Number.isInteger(value) && Number.isSafeInteger(value) ? record('long', value) : record('double', value);
  }
  if (value instanceof Uint8Array)
    return record('bytes', Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  if (Array.isArray(value))
    return record(
      'array',
      value.map((item, i) => toAnything(item, `${path}[${i}]`)),
    );
  if (value instanceof Map)
    return record(
      'map',
      [...value.entries()].map(([k, v]) => ({
        key: toAnything(k, `${path} key`),
        value: toAnything(v, `${path}.${String(k)}`),
      })),
    );
  if (
    typeof value === 'object' &&
    !(value instanceof Struct) &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
  )
    return record(
      'map',
      Object.entries(value).map(([k, v]) => ({ key: toAnything(k), value: toAnything(v, `${path}.${k}`) })),
    );
  const kind = value instanceof Struct ? 'Struct' : ((value as object).constructor?.name ?? typeof value);
  throw new DataError(`Unknown type for schemaless data at ${path}: ${kind}`);
}

/** The schemaless JS value of a decoded Anything record. */
export function fromAnything(decoded: unknown): unknown {
  const fields = decoded as AnythingRecord | null;
  if (fields === null || typeof fields !== 'object') throw new DataError('Expected an Anything record');
  for (const kind of FIELDS) {
    const branch = fields[kind];
    if (branch === null || branch === undefined) continue;
    const value = Object.values(branch)[0];
    switch (kind) {
      case 'bytes': {
        const bytes = value as Buffer;
        return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      }
      case 'array':
        return (value as unknown[]).map(fromAnything);
      case 'map': {
        const entries = (value as Array<{ key: unknown; value: unknown }>).map(
          (e) => [fromAnything(e.key), fromAnything(e.value)] as const,
        );
        // String keys read as a plain object, as the package's string-keyed maps; others as a Map.
        return entries.every(([k]) => typeof k === 'string')
          ? Object.fromEntries(entries)
          : new Map<unknown, unknown>(entries);
      }
      default:
        return value;
    }
  }
  return null;
}

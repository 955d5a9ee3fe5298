/**
 * Which part of a record a `$Key`/`$Value` transform works on, and how to read and replace that part.
 * Records are immutable: the replacement is a new object with every other field (headers, offsets,
 * original topic of sink records) carried over.
 */
import type { ConnectRecord, Schema } from '../../api/index.js';

export const RecordSide = { KEY: 'key', VALUE: 'value' } as const;
export type RecordSide = (typeof RecordSide)[keyof typeof RecordSide];

export function operatingSchema(record: ConnectRecord, side: RecordSide): Schema | null {
  return side === RecordSide.KEY ? record.keySchema : record.valueSchema;
}

export function operatingValue(record: ConnectRecord, side: RecordSide): unknown {
  return side === RecordSide.KEY ? record.key : record.value;
}

/** A copy of `record` with the key (or value) and its schema replaced. */
export function withOperating<R extends ConnectRecord>(
  record: R,
  side: RecordSide,
  schema: Schema | null,
  value: unknown,
): R {
  return side === RecordSide.KEY
    ? { ...record, keySchema: schema, key: value }
    : { ...record, valueSchema: schema, value };
}

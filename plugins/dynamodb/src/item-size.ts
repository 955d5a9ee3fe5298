/**
 * An item's size as DynamoDB counts it against its 400 KB limit: attribute names in UTF-8 plus each value
 * (strings in UTF-8, binary raw, numbers one byte per two significant digits plus one, booleans and null one
 * byte, lists and maps three bytes plus one per element). Computed before sending, so an oversize item goes
 * to the DLQ with its size named rather than failing a whole BatchWriteItem.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** DynamoDB's item size limit: 400 KB, with KB = 1,024 bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** The size of an item, in bytes. */
export function itemSize(item: Readonly<Record<string, AttributeValue>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name, 'utf8') + valueSize(value);
  return total;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.length, 0);
  return 0;
}

function numberSize(text: string): number {
  const digits = text
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

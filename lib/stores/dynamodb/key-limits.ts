/**
 * DynamoDB's size limits, which DynamoDB-compatible test servers (dynalite) do not all enforce, so the
 * adapter checks them itself and behaves the same on both: a write over a limit fails with
 * {@link StoreLimitError} before it is sent; a read of a key over a limit finds nothing (no such item
 * can exist).
 */
import { StoreLimitError } from '../errors.js';
import type { Item } from './item.js';

export const DYNAMO_LIMITS = { partitionKeyBytes: 2_048, sortKeyBytes: 1_024, itemBytes: 400 * 1_024 } as const;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Whether an item with this key can exist at all. */
export function keyWithinLimits(pk: string, sk: string): boolean {
  return utf8Bytes(pk) <= DYNAMO_LIMITS.partitionKeyBytes && utf8Bytes(sk) <= DYNAMO_LIMITS.sortKeyBytes;
}

/** Throws StoreLimitError naming the limit when a key is too long. */
export function ensureKeyWithinLimits(pk: string, sk: string): void {
  const pkBytes = utf8Bytes(pk);
  if (pkBytes > DYNAMO_LIMITS.partitionKeyBytes)
    throw new StoreLimitError(
      `Key too long: ${pkBytes} bytes in UTF-8, at most ${DYNAMO_LIMITS.partitionKeyBytes} can be stored`,
    );
  const skBytes = utf8Bytes(sk);
  if (skBytes > DYNAMO_LIMITS.sortKeyBytes)
    throw new StoreLimitError(
      `Name too long: ${skBytes} bytes in UTF-8, at most ${DYNAMO_LIMITS.sortKeyBytes} can be stored`,
    );
}

/**
 * An item's size as DynamoDB counts it, closely enough: attribute names plus values (strings in UTF-8,
 * numbers at most 21 bytes, nested types by their members).
 */
export function itemBytes(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += utf8Bytes(name) + valueBytes(value);
  return total;
}

function valueBytes(value: Item[string]): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return 21;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + utf8Bytes(s), 0);
  if (value.NS !== undefined) return value.NS.length * 21;
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueBytes(v), 0);
  if (value.M !== undefined) return 3 + itemBytes(value.M);
  return 0;
}

export function ensureItemWithinLimits(item: Item): void {
  const bytes = itemBytes(item);
  if (bytes > DYNAMO_LIMITS.itemBytes)
    throw new StoreLimitError(`Too large to store: ${bytes} bytes, at most ${DYNAMO_LIMITS.itemBytes} bytes per item`);
}

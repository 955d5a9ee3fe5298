/**
 * Records → write requests, in order, cut into batches of `batch.size`. A BatchWriteItem may not name one
 * key twice, so a later record for a key already in the batch replaces the earlier one there: the later
 * write would overwrite it anyway, and batches are sent one after the other, so the last record per key
 * always lands last (an upsert, as Connect's redelivery needs).
 */
import { DataError, type SinkRecord } from 'lambda-connect/api';
import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';
import { itemAttributes } from './attribute-values.js';
import { tableNameFor, type DynamoDbSinkConfig } from './dynamodb-sink-config.js';
import { MAX_ITEM_BYTES, itemSize } from './item-size.js';
import { keyAttributeValue, where } from './key-reference.js';
import type { Item } from './table-client.js';

export interface PlannedWrite {
  readonly table: string;
  readonly request: WriteRequest;
  readonly record: SinkRecord;
  /** Table and key, to find the write in UnprocessedItems and to spot two writes of one item. */
  readonly identity: string;
}

/** A record the plan skips (a tombstone with `delete.enabled=false`). */
export const SKIPPED = Symbol('skipped');

/** The write for one record; throws `DataError` when the record cannot be written (the DLQ's business). */
export function planWrite(config: DynamoDbSinkConfig, record: SinkRecord): PlannedWrite | typeof SKIPPED {
  if (record.value === null && !config.deleteEnabled) return SKIPPED;
  const table = tableNameFor(config.tableNameFormat, record.topic);
  const key: Item = { [config.hashKey.attribute]: keyAttributeValue(config.hashKey, record) };
  if (config.sortKey !== undefined) key[config.sortKey.attribute] = keyAttributeValue(config.sortKey, record);
  const identity = writeIdentity(table, key, config);
  if (record.value === null) return { table, request: { DeleteRequest: { Key: key } }, record, identity };
  const item = { ...itemAttributes(record.value, record.valueSchema), ...key };
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) {
    throw new DataError(
      `${where(record)}: the item for table ${table} is ${size} bytes, over DynamoDB's item size limit of 400 KB (${MAX_ITEM_BYTES} bytes)`,
    );
  }
  return { table, request: { PutRequest: { Item: item } }, record, identity };
}

/** `table` plus the key attributes' values, as one string. */
export function writeIdentity(
  table: string,
  keyOrItem: Readonly<Item>,
  config: Pick<DynamoDbSinkConfig, 'hashKey' | 'sortKey'>,
): string {
  const hash = scalarText(keyOrItem[config.hashKey.attribute]);
  const sort = config.sortKey === undefined ? '' : scalarText(keyOrItem[config.sortKey.attribute]);
  return `${table}\u0000${hash}\u0000${sort}`;
}

function scalarText(value: AttributeValue | undefined): string {
  if (value?.S !== undefined) return `S${value.S}`;
  if (value?.N !== undefined) return `N${normalizeNumber(value.N)}`;
  if (value?.B !== undefined) return `B${Buffer.from(value.B).toString('base64')}`;
  return '?';
}

/** DynamoDB compares numbers by value: `1`, `1.0` and `1e0` are one key. */
function normalizeNumber(text: string): string {
  const n = Number(text);
  return Number.isSafeInteger(n) || !Number.isFinite(n) ? String(n) : text;
}

/** Cuts `writes` into batches of at most `batchSize`, a key at most once per batch (the later write wins). */
export function toBatches(writes: readonly PlannedWrite[], batchSize: number): PlannedWrite[][] {
  const batches: PlannedWrite[][] = [];
  let current: PlannedWrite[] = [];
  let positions = new Map<string, number>();
  for (const write of writes) {
    const existing = positions.get(write.identity);
    if (existing !== undefined) {
      current[existing] = write;
      continue;
    }
    positions.set(write.identity, current.length);
    current.push(write);
    if (current.length === batchSize) {
      batches.push(current);
      current = [];
      positions = new Map();
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

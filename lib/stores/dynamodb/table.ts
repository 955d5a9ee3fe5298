/**
 * A thin layer over one DynamoDB table with `pk`/`sk` string keys: typed reads and writes of flat items,
 * paging, and the one place where SDK errors become domain errors.
 */
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { StoreLimitError, StoreUnavailableError } from '../errors.js';
import type { Item } from './item.js';
import { ensureItemWithinLimits, ensureKeyWithinLimits, keyWithinLimits } from './key-limits.js';
import { TableKey } from '../tables.js';
import { forEachBounded } from '../../common/for-each-bounded.js';

export type { Item };

export const attr = {
  s: (value: string): AttributeValue => ({ S: value }),
  n: (value: number): AttributeValue => ({ N: String(value) }),
  json: (value: unknown): AttributeValue => ({ S: JSON.stringify(value) }),
};

export function readString(item: Item, name: string): string | undefined {
  return item[name]?.S;
}

export function readNumber(item: Item, name: string): number | undefined {
  const n = item[name]?.N;
  return n === undefined ? undefined : Number(n);
}

export function readJson<T>(item: Item, name: string): T | undefined {
  const s = item[name]?.S;
  return s === undefined ? undefined : (JSON.parse(s) as T);
}

/** Conditional writes that fail raise this (by name) so callers can map it to their domain error. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const RETRIABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

/**
 * Whether a failed call may succeed later: DynamoDB's throttling and server errors, and (what the names
 * above miss) a server that cannot be reached at all: connection refused or reset, DNS failures, socket
 * timeouts. The SDK's own classification decides, as its retry strategy does, so an error it gave up
 * retrying is recognised here too.
 */
export function isRetriableDynamoError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRIABLE.has(error.name)) return true;
  const classified = error as Parameters<typeof isTransientError>[0];
  return (
    isThrottlingError(classified) || isTransientError(classified) || (classified.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

/** The primary key of one item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface QueryOptions {
  /** Only these attributes (the key attributes are always returned). Default: the whole items. */
  readonly attributes?: readonly string[];
  /** Only items whose sort key begins with this. */
  readonly sortKeyPrefix?: string;
  /** Strongly consistent (the default) or eventually consistent, at half the read units. */
  readonly consistent?: boolean;
}

export interface GetManyOptions {
  /** Strongly consistent (the default) or eventually consistent, at half the read units. */
  readonly consistent?: boolean;
}

/** BatchGetItem takes at most 100 keys per request. */
const BATCH_GET_LIMIT = 100;
/** BatchGetItem requests of one `getMany` in flight at once. */
const BATCH_GET_PARALLEL = 8;
/** Unprocessed keys (throttling) are asked for again this many times, backing off, before giving up. */
const BATCH_GET_ATTEMPTS = 8;

export interface WriteOptions {
  condition?: string;
  names?: Record<string, string>;
  values?: Item;
}

export class DynamoTable {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async get(pk: string, sk: string): Promise<Item | null> {
    if (!keyWithinLimits(pk, sk)) return null;
    const out = await this.call(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key(pk, sk), ConsistentRead: true })),
    );
    return out.Item ?? null;
  }

  /**
   * Several items by key in one request per 100 keys (BatchGetItem, strongly consistent), so reads that
   * do not depend on each other cost one round trip and one SDK call. Missing items are absent from the
   * result; keys must be distinct.
   */
  async getMany(keys: readonly ItemKey[], options: GetManyOptions = {}): Promise<Item[]> {
    const possible = keys.filter((k) => keyWithinLimits(k.pk, k.sk));
    const chunks: Item[][] = [];
    for (let i = 0; i < possible.length; i += BATCH_GET_LIMIT)
      chunks.push(possible.slice(i, i + BATCH_GET_LIMIT).map((k) => key(k.pk, k.sk)));
    // The requests of a long key list go out side by side (a few at a time), so 2,000 keys cost about
    // the latency of one round trip on AWS rather than twenty.
    const results: Item[][] = [];
    await forEachBounded(chunks, BATCH_GET_PARALLEL, async (chunk, i) => {
      results[i] = await this.getChunk(chunk, options.consistent ?? true);
    });
    return results.flat();
  }

  /** One BatchGetItem of at most 100 keys, asking again for the keys left unprocessed. */
  private async getChunk(keys: Item[], consistent: boolean): Promise<Item[]> {
    const items: Item[] = [];
    let pending = keys;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS)
        throw new StoreUnavailableError(
          `DynamoDB table ${this.tableName} left ${pending.length} keys unprocessed after ${BATCH_GET_ATTEMPTS} attempts`,
        );
      if (attempt > 1) await backoff(attempt);
      const request = pending;
      const out = await this.call(() =>
        this.client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.tableName]: { Keys: request, ConsistentRead: consistent } },
          }),
        ),
      );
      items.push(...(out.Responses?.[this.tableName] ?? []));
      pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return items;
  }

  /** Every item of a partition, following pagination. */
  async query(pk: string, options: QueryOptions = {}): Promise<Item[]> {
    const items: Item[] = [];
    if (!keyWithinLimits(pk, '')) return items;
    const names: Record<string, string> = { '#pk': TableKey.PARTITION };
    let projection: string | undefined;
    if (options.attributes !== undefined) {
      const projected = [TableKey.PARTITION, TableKey.SORT, ...options.attributes];
      projected.forEach((name, i) => (names[`#p${i}`] = name));
      projection = projected.map((_, i) => `#p${i}`).join(', ');
    }
    const values: Item = { ':pk': attr.s(pk) };
    let condition = '#pk = :pk';
    if (options.sortKeyPrefix !== undefined) {
      names['#sk'] = TableKey.SORT;
      values[':prefix'] = attr.s(options.sortKeyPrefix);
      condition += ' AND begins_with(#sk, :prefix)';
    }
    let startKey: Item | undefined;
    do {
      const out = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ...(projection === undefined ? {} : { ProjectionExpression: projection }),
            ConsistentRead: options.consistent ?? true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  async put(pk: string, sk: string, fields: Item, options: WriteOptions = {}): Promise<void> {
    ensureKeyWithinLimits(pk, sk);
    ensureItemWithinLimits({ ...key(pk, sk), ...fields });
    await this.call(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...key(pk, sk), ...fields },
          ConditionExpression: options.condition,
          ExpressionAttributeNames: options.names,
          ExpressionAttributeValues: options.values,
        }),
      ),
    );
  }

  /** An UpdateItem returning the new item. */
  async update(pk: string, sk: string, expression: string, options: WriteOptions = {}): Promise<Item> {
    ensureKeyWithinLimits(pk, sk);
    const out = await this.call(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(pk, sk),
          UpdateExpression: expression,
          ConditionExpression: options.condition,
          ExpressionAttributeNames: options.names,
          ExpressionAttributeValues: options.values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out.Attributes ?? {};
  }

  async delete(pk: string, sk: string, options: WriteOptions = {}): Promise<void> {
    if (!keyWithinLimits(pk, sk)) {
      // No item can have this key: a condition on it fails as DynamoDB's would, and nothing is deleted.
      if (options.condition === undefined) return;
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    await this.call(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key(pk, sk),
          ConditionExpression: options.condition,
          ExpressionAttributeNames: options.names,
          ExpressionAttributeValues: options.values,
        }),
      ),
    );
  }

  /** Deletes every item of a partition (unconditional; used for cleanup of deleted connectors). */
  async deletePartition(pk: string): Promise<void> {
    await this.deleteKeys((await this.query(pk, { attributes: [] })).map((item) => itemKey(item)));
  }

  /** Deletes the items with these keys (unconditional), 25 per BatchWriteItem. */
  async deleteKeys(keys: readonly ItemKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      const chunk = keys.slice(i, i + 25);
      let requests = chunk.map((k) => ({ DeleteRequest: { Key: key(k.pk, k.sk) } }));
      while (requests.length > 0) {
        const out = await this.call(() =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) =>
          r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : [],
        );
      }
    }
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      // DynamoDB's own limit checks, should a call get past the ones above (an update growing an item).
      if (error instanceof Error && error.name === 'ValidationException' && /size|length/i.test(error.message)) {
        throw new StoreLimitError(`Too large to store: ${error.message}`, { cause: error });
      }
      if (isRetriableDynamoError(error)) {
        const reason =
          error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
        throw new StoreUnavailableError(`DynamoDB table ${this.tableName} is unavailable: ${reason}`, { cause: error });
      }
      throw error;
    }
  }
}

/** Jittered exponential backoff before asking again for unprocessed keys: 20 ms, 40 ms, … up to 1 s. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(1_000, 10 * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
}

/** The primary key of a read item. */
export function itemKey(item: Item): ItemKey {
  return { pk: readString(item, TableKey.PARTITION) ?? '', sk: readString(item, TableKey.SORT) ?? '' };
}

function key(pk: string, sk: string): Item {
  return { [TableKey.PARTITION]: attr.s(pk), [TableKey.SORT]: attr.s(sk) };
}

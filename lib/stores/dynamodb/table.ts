/**
 * A thin layer over one DynamoDB table with `pk`/`sk` string keys: typed reads and writes of flat items,
 * paging, and the one place where SDK errors become domain errors.
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../errors.js';
import { TableKey } from '../tables.js';

export type Item = Record<string, AttributeValue>;

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
    const out = await this.call(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key(pk, sk), ConsistentRead: true })),
    );
    return out.Item ?? null;
  }

  /** Every item of a partition, following pagination. */
  async query(pk: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TableKey.PARTITION },
            ExpressionAttributeValues: { ':pk': attr.s(pk) },
            ConsistentRead: true,
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
    const items = await this.query(pk);
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25);
      let requests = chunk.map((item) => ({ DeleteRequest: { Key: key(pk, readString(item, TableKey.SORT) ?? '') } }));
      while (requests.length > 0) {
        const out = await this.call(() =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) => (r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : []));
      }
    }
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof Error && RETRIABLE.has(error.name)) {
        throw new StoreUnavailableError(`DynamoDB table ${this.tableName} is unavailable: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}

function key(pk: string, sk: string): Item {
  return { [TableKey.PARTITION]: attr.s(pk), [TableKey.SORT]: attr.s(sk) };
}

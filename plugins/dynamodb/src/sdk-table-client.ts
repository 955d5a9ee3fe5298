/**
 * The {@link TableClient} on `@aws-sdk/client-dynamodb`. The SDK's own retries are off (one attempt per
 * call): the sink's retry loop counts every attempt against `max.retries` and the put's time budget, so
 * the two cannot multiply. Credentials come from the task runner's role unless the config gives static
 * ones (for a DynamoDB-compatible server outside AWS).
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  type DynamoDBClientConfig,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbSinkConfig } from './dynamodb-sink-config.js';
import type { Item, KeySchema, TableClient } from './table-client.js';

/** Bounds on a call that never connects or never answers (the SDK waits for ever by default). */
const TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 10_000 } as const;

export class SdkTableClient implements TableClient {
  readonly #client: DynamoDBClient;

  constructor(config: Pick<DynamoDbSinkConfig, 'region' | 'endpoint' | 'credentials'>) {
    const options: DynamoDBClientConfig = { maxAttempts: 1, cacheMiddleware: true, requestHandler: TIMEOUTS };
    if (config.region !== undefined) options.region = config.region;
    if (config.endpoint !== undefined) options.endpoint = config.endpoint;
    if (config.credentials !== undefined) options.credentials = config.credentials;
    this.#client = new DynamoDBClient(options);
  }

  async batchWrite(requests: Record<string, WriteRequest[]>): Promise<Record<string, WriteRequest[]>> {
    const output = await this.#client.send(new BatchWriteItemCommand({ RequestItems: requests }));
    return output.UnprocessedItems ?? {};
  }

  async putItem(table: string, item: Item): Promise<void> {
    await this.#client.send(new PutItemCommand({ TableName: table, Item: item }));
  }

  async deleteItem(table: string, key: Item): Promise<void> {
    await this.#client.send(new DeleteItemCommand({ TableName: table, Key: key }));
  }

  async describeKeySchema(table: string): Promise<KeySchema> {
    const output = await this.#client.send(new DescribeTableCommand({ TableName: table }));
    const schema = output.Table?.KeySchema ?? [];
    const hash = schema.find((k) => k.KeyType === 'HASH')?.AttributeName;
    if (hash === undefined) throw new Error(`DescribeTable of ${table} returned no hash key`);
    return { hash, sort: schema.find((k) => k.KeyType === 'RANGE')?.AttributeName };
  }

  destroy(): void {
    this.#client.destroy();
  }
}

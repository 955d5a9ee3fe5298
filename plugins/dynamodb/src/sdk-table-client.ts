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
import { createAwsClient, type TaskRuntimeContext } from 'lambda-connect/api';
import type { DynamoDbSinkConfig } from './dynamodb-sink-config.js';
import type { Item, KeySchema, TableClient } from './table-client.js';

/**
 * A batch of 25 items may take a busy table longer than the runtime's 5 s per attempt; 10 s of silence
 * still bounds a call that never answers (the SDK waits for ever by default).
 */
const REQUEST_TIMEOUT_MS = 10_000;

export class SdkTableClient implements TableClient {
  readonly #client: DynamoDBClient;

  /** Built through the task's context: the runtime's timeouts and, in the local stack, its IAM check. */
  constructor(config: Pick<DynamoDbSinkConfig, 'region' | 'endpoint' | 'credentials'>, context?: TaskRuntimeContext) {
    this.#client = createAwsClient(context, (defaults) => {
      const options: DynamoDBClientConfig = {
        ...defaults,
        requestHandler: { connectionTimeout: 2_000, ...defaults.requestHandler, requestTimeout: REQUEST_TIMEOUT_MS },
        maxAttempts: 1,
        cacheMiddleware: true,
      };
      if (config.region !== undefined) options.region = config.region;
      if (config.endpoint !== undefined) options.endpoint = config.endpoint;
      if (config.credentials !== undefined) options.credentials = config.credentials;
      return new DynamoDBClient(options);
    });
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

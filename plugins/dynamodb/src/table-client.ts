/**
 * The port the sink writes through: the four DynamoDB calls it makes (exactly the actions the construct
 * grants). The SDK adapter is the default; unit tests pass a fake that throttles and leaves items
 * unprocessed on demand, which DynamoDB-compatible servers cannot be made to do.
 */
import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

/** A table's key attributes, from DescribeTable. */
export interface KeySchema {
  readonly hash: string;
  readonly sort: string | undefined;
}

export interface TableClient {
  /** One BatchWriteItem; resolves with the requests DynamoDB left unprocessed (UnprocessedItems). */
  batchWrite(requests: Record<string, WriteRequest[]>): Promise<Record<string, WriteRequest[]>>;
  putItem(table: string, item: Item): Promise<void>;
  deleteItem(table: string, key: Item): Promise<void>;
  describeKeySchema(table: string): Promise<KeySchema>;
  destroy(): void;
}

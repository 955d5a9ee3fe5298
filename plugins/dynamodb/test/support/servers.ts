/**
 * Real DynamoDB-compatible servers for the plugin's integration tests and bench: dynalite in this process
 * (as the local stack runs it) or moto's server as a child process, each stopped by its own handle.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type KeySchemaElement,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamo, startMotoDynamo } from '../../../../local/dynamodb/index.js';

export const Backend = { DYNALITE: 'dynalite', MOTO: 'moto' } as const;
export type Backend = (typeof Backend)[keyof typeof Backend];

export interface RunningBackend {
  readonly kind: Backend;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/** The static credentials the task is given for a local server (any value passes there). */
export const TEST_CREDENTIALS = { 'aws.access.key.id': 'local', 'aws.secret.access.key': 'local' } as const;
export const TEST_REGION = 'us-east-1';

export async function startBackend(kind: Backend): Promise<RunningBackend> {
  const server = kind === Backend.DYNALITE ? await startEmbeddedDynamo() : await startMotoDynamo();
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    kind,
    endpoint: server.endpoint,
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/** Creates an on-demand table keyed `hash` (and `sort`), with the given attribute types. */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  hash: [string, 'S' | 'N' | 'B'],
  sort?: [string, 'S' | 'N' | 'B'],
): Promise<void> {
  const keySchema: KeySchemaElement[] = [{ AttributeName: hash[0], KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: hash[0], AttributeType: hash[1] }];
  if (sort !== undefined) {
    keySchema.push({ AttributeName: sort[0], KeyType: 'RANGE' });
    attributes.push({ AttributeName: sort[0], AttributeType: sort[1] });
  }
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: keySchema,
      AttributeDefinitions: attributes,
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** Every item of a table (paged scan). */
export async function scanAll(client: DynamoDBClient, table: string): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

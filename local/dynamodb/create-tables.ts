/**
 * Creates the product's three tables (lib/stores/tables.ts: string keys `pk` and `sk`, on-demand
 * billing) where they are missing, on any DynamoDB-compatible endpoint: the local stack and tests do
 * what `infra/` declares on AWS.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TableKey, type TableNames } from '../../lib/stores/tables.js';

export interface TableWaitOptions {
  /** How long to wait for every table to be ACTIVE (or gone). Default 30 s. */
  readonly timeoutMs?: number;
  /** Poll interval while waiting. Default 50 ms (local servers are fast; a real table takes seconds). */
  readonly pollMs?: number;
}

/** Creates each missing table and resolves once all three are ACTIVE. Safe to call concurrently. */
export async function createTables(
  client: DynamoDBClient,
  tables: TableNames,
  options: TableWaitOptions = {},
): Promise<void> {
  await Promise.all(allTables(tables).map((name) => createTable(client, name, options)));
}

/** Deletes the three tables (those that exist) and waits until they are gone. */
export async function deleteTables(
  client: DynamoDBClient,
  tables: TableNames,
  options: TableWaitOptions = {},
): Promise<void> {
  await Promise.all(allTables(tables).map((name) => deleteTable(client, name, options)));
}

function allTables(tables: TableNames): string[] {
  return [tables.config, tables.offsets, tables.state];
}

async function createTable(client: DynamoDBClient, name: string, options: TableWaitOptions): Promise<void> {
  if ((await tableStatus(client, name)) === undefined) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: TableKey.PARTITION, AttributeType: 'S' },
            { AttributeName: TableKey.SORT, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: TableKey.PARTITION, KeyType: 'HASH' },
            { AttributeName: TableKey.SORT, KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      // Another caller created it between our check and our create: that is the state we want.
      if (!(error instanceof ResourceInUseException))
        throw new Error(`Could not create table ${name}`, { cause: error });
    }
  }
  await waitFor(client, name, (status) => status === 'ACTIVE', 'ACTIVE', options);
}

async function deleteTable(client: DynamoDBClient, name: string, options: TableWaitOptions): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return;
    if (!(error instanceof ResourceInUseException)) throw new Error(`Could not delete table ${name}`, { cause: error });
  }
  await waitFor(client, name, (status) => status === undefined, 'deleted', options);
}

/** The table's status, or `undefined` when it does not exist. */
async function tableStatus(client: DynamoDBClient, name: string): Promise<string | undefined> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    return described.Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw new Error(`Could not describe table ${name}`, { cause: error });
  }
}

async function waitFor(
  client: DynamoDBClient,
  name: string,
  done: (status: string | undefined) => boolean,
  goal: string,
  options: TableWaitOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const pollMs = options.pollMs ?? 50;
  for (;;) {
    const status = await tableStatus(client, name);
    if (done(status)) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Table ${name} is still ${status ?? 'absent'}, not ${goal}, after ${options.timeoutMs ?? 30_000} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

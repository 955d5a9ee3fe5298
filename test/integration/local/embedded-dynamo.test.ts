import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { tableNamesWithPrefix, type TableNames } from '../../../lib/stores/tables.js';
import {
  createLocalDynamoClient,
  createTables,
  deleteTables,
  startEmbeddedDynamo,
} from '../../../local/dynamodb/index.js';
import { uniquePrefix } from '../../helpers/dynamodb.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lc-dynalite-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts dynalite and a client for it; both stopped when the test ends unless stopped before. */
async function started(t: TestContext, dataDir?: string) {
  const dynamo = await startEmbeddedDynamo(dataDir === undefined ? {} : { dataDir });
  const client = createLocalDynamoClient(dynamo.endpoint);
  const stop = async (): Promise<void> => {
    client.destroy();
    await dynamo.close();
  };
  t.after(stop);
  return { dynamo, client, stop };
}

async function putConfig(client: DynamoDBClient, tables: TableNames, name: string, value: string): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tables.config,
      Item: { pk: { S: `connector#${name}` }, sk: { S: 'config' }, v: { S: value } },
    }),
  );
}

async function getConfig(client: DynamoDBClient, tables: TableNames, name: string): Promise<string | undefined> {
  const got = await client.send(
    new GetItemCommand({ TableName: tables.config, Key: { pk: { S: `connector#${name}` }, sk: { S: 'config' } } }),
  );
  return got.Item?.['v']?.S;
}

describe('embedded dynalite', () => {
  test('listens on 127.0.0.1 and creates the three tables ACTIVE with pk/sk keys and on-demand billing', async (t) => {
    const { dynamo, client } = await started(t);
    assert.match(dynamo.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const tables = tableNamesWithPrefix(uniquePrefix());
    await createTables(client, tables);
    for (const name of [tables.config, tables.offsets, tables.state]) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      assert.equal(Table?.TableStatus, 'ACTIVE');
      assert.deepEqual(Table?.KeySchema, [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      assert.equal(Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    }
  });

  test('createTables is idempotent and safe to run concurrently', async (t) => {
    const { client } = await started(t);
    const tables = tableNamesWithPrefix(uniquePrefix());
    await Promise.all([createTables(client, tables), createTables(client, tables)]);
    await putConfig(client, tables, 'kept', 'v1');
    await createTables(client, tables);
    assert.equal(await getConfig(client, tables, 'kept'), 'v1', 'an existing table is left as it is');
  });

  test('conditional writes fail with ConditionalCheckFailedException, as the stores rely on', async (t) => {
    const { client } = await started(t);
    const tables = tableNamesWithPrefix(uniquePrefix());
    await createTables(client, tables);
    const put = () =>
      client.send(
        new PutItemCommand({
          TableName: tables.state,
          Item: { pk: { S: 'lease#c1#0' }, sk: { S: 'lease' }, epoch: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();
    await assert.rejects(put(), ConditionalCheckFailedException);
  });

  test('with a dataDir, data survives a restart on the same directory', async (t) => {
    const dataDir = await tempDir(t);
    const tables = tableNamesWithPrefix(uniquePrefix());
    const first = await started(t, dataDir);
    await createTables(first.client, tables);
    await putConfig(first.client, tables, 'persisted', 'before-restart');
    await first.stop();

    const second = await started(t, dataDir);
    assert.notEqual(second.dynamo.port, 0);
    assert.equal(await getConfig(second.client, tables, 'persisted'), 'before-restart');
    await createTables(second.client, tables);
    assert.equal(await getConfig(second.client, tables, 'persisted'), 'before-restart');
  });

  test('without a dataDir, nothing survives a restart', async (t) => {
    const tables = tableNamesWithPrefix(uniquePrefix());
    const first = await started(t);
    await createTables(first.client, tables);
    await putConfig(first.client, tables, 'volatile', 'gone');
    await first.stop();

    const second = await started(t);
    await assert.rejects(getConfig(second.client, tables, 'volatile'), { name: 'ResourceNotFoundException' });
  });

  test('deleteTables removes the tables and tolerates missing ones', async (t) => {
    const { client } = await started(t);
    const tables = tableNamesWithPrefix(uniquePrefix());
    await createTables(client, tables);
    await deleteTables(client, tables);
    await deleteTables(client, tables);
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: tables.config })), {
      name: 'ResourceNotFoundException',
    });
  });
});

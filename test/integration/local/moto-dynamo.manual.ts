/**
 * moto as a DynamoDB-compatible server. Not part of any default run (needs the venv described in
 * local/dynamodb/moto.ts); run by hand with
 * `node --import tsx --test test/integration/local/moto-dynamo.manual.ts`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionalCheckFailedException, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { tableNamesWithPrefix } from '../../../lib/stores/tables.js';
import { createLocalDynamoClient, createTables, deleteTables, startMotoDynamo } from '../../../local/dynamodb/index.js';
import { uniquePrefix } from '../../helpers/dynamodb.js';

test('moto_server starts, serves the tables and conditional writes, and stops by PID', async (t) => {
  const startedAt = performance.now();
  const moto = await startMotoDynamo();
  const startMs = Math.round(performance.now() - startedAt);
  t.after(() => moto.close());
  t.diagnostic(`moto_server ready in ${startMs} ms at ${moto.endpoint} (pid ${moto.pid})`);
  const client = createLocalDynamoClient(moto.endpoint);
  t.after(() => client.destroy());
  const tables = tableNamesWithPrefix(uniquePrefix());
  const createdAt = performance.now();
  await createTables(client, tables);
  t.diagnostic(`three tables ACTIVE in ${Math.round(performance.now() - createdAt)} ms`);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tables.state }));
  assert.equal(Table?.TableStatus, 'ACTIVE');
  const put = () =>
    client.send(
      new PutItemCommand({
        TableName: tables.state,
        Item: { pk: { S: 'lease#c#0' }, sk: { S: 'lease' }, epoch: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  await put();
  await assert.rejects(put(), ConditionalCheckFailedException);
  await deleteTables(client, tables);
  await moto.close();
  assert.throws(() => process.kill(moto.pid, 0), { code: 'ESRCH' }, 'the process is gone');
});

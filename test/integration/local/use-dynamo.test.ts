import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createTestDynamo, useDynamo } from '../../helpers/dynamodb.js';

const dynamo = useDynamo();

test("useDynamo() gives a client and this file's uniquely prefixed, ACTIVE tables", async () => {
  assert.match(dynamo.tables.config, /^lc-test-[0-9a-f]{8}-config$/);
  assert.equal(dynamo.tables.offsets, dynamo.tables.config.replace(/-config$/, '-offsets'));
  for (const name of [dynamo.tables.config, dynamo.tables.offsets, dynamo.tables.state]) {
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: name }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
  }
  const Key = { pk: { S: 'connector#a' }, sk: { S: 'config' } };
  await dynamo.client.send(new PutItemCommand({ TableName: dynamo.tables.config, Item: { ...Key, v: { S: '1' } } }));
  const got = await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.config, Key }));
  assert.equal(got.Item?.['v']?.S, '1');
});

test('createTestDynamo() gives independent tables and cleans up on close()', async () => {
  const other = await createTestDynamo();
  try {
    assert.notEqual(other.tables.config, dynamo.tables.config);
    const { Table } = await other.client.send(new DescribeTableCommand({ TableName: other.tables.state }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
  } finally {
    await other.close();
  }
  // The client is destroyed and (when embedded) the server gone: any use now fails.
  await assert.rejects(other.client.send(new DescribeTableCommand({ TableName: other.tables.state })));
});

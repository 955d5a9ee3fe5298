import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from 'lambda-connect/api';
import { DynamoDbSinkConnector } from '../../src/index.js';
import { parseDynamoDbSinkConfig, tableNameFor } from '../../src/dynamodb-sink-config.js';
import { parseKeyReference } from '../../src/key-reference.js';

describe('DynamoDB sink config', () => {
  test("Confluent's defaults: partition / offset keys, ${topic} tables, batches of 4, 10 retries from 3 s", () => {
    const config = parseDynamoDbSinkConfig({});
    assert.equal(config.hashKey.attribute, 'partition');
    assert.equal(config.sortKey?.attribute, 'offset');
    assert.equal(config.tableNameFormat, '${topic}');
    assert.deepEqual(
      [config.batchSize, config.maxRetries, config.retryBackoffMs, config.maxRetryTimeMs],
      [4, 10, 3000, 5000],
    );
    assert.equal(config.deleteEnabled, false);
    assert.equal(config.region, undefined);
    assert.equal(config.credentials, undefined);
  });

  test("batch.size above 25 (the BatchWriteItem limit) or below 1 is refused in Kafka's words", () => {
    assert.throws(() => parseDynamoDbSinkConfig({ 'batch.size': '26' }), {
      message: 'Invalid value 26 for configuration batch.size: Value must be between 1 and 25',
    });
    assert.throws(() => parseDynamoDbSinkConfig({ 'batch.size': '0' }), ConfigError);
  });

  test('references: the alias names the attribute, else the last segment', () => {
    assert.deepEqual(parseKeyReference('k', 'value.user.id'), {
      source: 'value',
      path: ['user', 'id'],
      attribute: 'id',
      text: 'value.user.id',
    });
    assert.equal(parseKeyReference('k', 'value.userId:user').attribute, 'user');
    assert.equal(parseKeyReference('k', 'key').attribute, 'key');
    assert.equal(parseKeyReference('k', 'offset:o').attribute, 'o');
  });

  test('a bad reference names the key and what is allowed', () => {
    assert.throws(() => parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.hash': 'headers.x' }), {
      message:
        'Invalid value headers.x for configuration aws.dynamodb.pk.hash: Expected partition, offset, key[.field], value[.field], optionally with :alias',
    });
    assert.throws(() => parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.hash': 'partition.x' }), /partition has no fields/);
    assert.throws(() => parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.hash': 'value..a' }), /empty segment/);
    assert.throws(() => parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.hash': '' }), ConfigError);
  });

  test('an empty sort key means a hash-only table; a sort key named as the hash key is refused', () => {
    assert.equal(parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.sort': '' }).sortKey, undefined);
    assert.throws(
      () => parseDynamoDbSinkConfig({ 'aws.dynamodb.pk.hash': 'value.id', 'aws.dynamodb.pk.sort': 'key.id' }),
      /give one an alias/,
    );
  });

  test('static credentials come as a pair', () => {
    assert.throws(() => parseDynamoDbSinkConfig({ 'aws.access.key.id': 'a' }), /must be given together/);
    assert.deepEqual(parseDynamoDbSinkConfig({ 'aws.access.key.id': 'a', 'aws.secret.access.key': 'b' }).credentials, {
      accessKeyId: 'a',
      secretAccessKey: 'b',
    });
  });

  test('table.name.format replaces every ${topic}', () => {
    assert.equal(tableNameFor('kafka-${topic}-${topic}', 'orders'), 'kafka-orders-orders');
  });

  test('the connector validates per key (for config/validate) and hands every task the same config', () => {
    const connector = new DynamoDbSinkConnector();
    const results = connector.validate({ 'batch.size': '30', 'aws.dynamodb.pk.sort': 'nope' });
    const errors = Object.fromEntries(results.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors[0]]));
    assert.deepEqual(Object.keys(errors).sort(), ['aws.dynamodb.pk.sort', 'batch.size']);
    const crossed = connector.validate({ 'aws.dynamodb.pk.hash': 'value.id', 'aws.dynamodb.pk.sort': 'key.id' });
    assert.deepEqual(
      crossed.filter((r) => r.errors.length > 0).map((r) => r.name),
      ['aws.dynamodb.pk.sort'],
      'a sort attribute named as the hash attribute',
    );
    const halfKeys = connector.validate({ 'aws.access.key.id': 'a' });
    assert.deepEqual(
      halfKeys.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors[0]]),
      [['aws.access.key.id', 'aws.access.key.id and aws.secret.access.key must be given together']],
    );
    connector.start({ topics: 'orders', 'aws.dynamodb.region': 'eu-west-1' });
    assert.deepEqual(connector.taskConfigs(2), [
      { topics: 'orders', 'aws.dynamodb.region': 'eu-west-1' },
      { topics: 'orders', 'aws.dynamodb.region': 'eu-west-1' },
    ]);
    assert.equal(DynamoDbSinkConnector.className, 'io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector');
  });
});

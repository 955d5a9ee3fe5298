/**
 * `dataAccess.dynamoDbTables`: the task runner, and only it, gets exactly the DynamoDB sink's four
 * actions on exactly the tables named; names resolve in the stack's account and region; wildcards and
 * ARNs of anything but a table are refused at synth.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { propsFromContext } from '../../infra/context.js';
import { DYNAMODB_SINK_ACTIONS, LambdaConnect } from '../../infra/constructs/index.js';
import {
  actionsOf,
  functionByDescription,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
  synth,
  type Statement,
} from './helpers.js';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders-archive';

const { template } = synth(
  (stack) => {
    new LambdaConnect(stack, 'LC', { dataAccess: { dynamoDbTables: ['customers', TABLE_ARN] } });
  },
  { cfnValidation: false },
);

function statements(description: string): Statement[] {
  return statementsOfRole(template, roleIdOf(functionByDescription(template, description)));
}

const sinkStatements = (list: Statement[]): Statement[] =>
  list.filter(
    (s) =>
      actionsOf(s).some((a) => (DYNAMODB_SINK_ACTIONS as readonly string[]).includes(a)) &&
      JSON.stringify(s).includes('table/'),
  );

describe('dataAccess.dynamoDbTables', () => {
  test('the task runner gets BatchWriteItem, PutItem, DeleteItem and DescribeTable on exactly the named tables', () => {
    const granted = statements('lambda-connect task runner').filter((s) =>
      JSON.stringify(s.Resource).match(/customers|orders-archive/),
    );
    assert.equal(granted.length, 1);
    const [statement] = granted as [Statement];
    assert.deepEqual([...actionsOf(statement)].sort(), [
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:PutItem',
    ]);
    assert.equal(statement.Effect, 'Allow');
    const [byName, byArn] = resourcesOf(statement) as [unknown, unknown];
    assert.deepEqual(byName, {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':dynamodb:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':table/customers',
        ],
      ],
    });
    assert.equal(byArn, TABLE_ARN);
  });

  test('the REST API and the scheduler get nothing on them', () => {
    for (const fn of ['lambda-connect REST API', 'lambda-connect scheduler']) {
      const mentions = statements(fn).filter((s) => JSON.stringify(s.Resource).match(/customers|orders-archive/));
      assert.deepEqual(mentions, [], fn);
    }
  });

  test('without dataAccess nothing beyond the product tables is granted', () => {
    const { template: plain } = synth(
      (stack) => {
        new LambdaConnect(stack, 'LC');
      },
      { cfnValidation: false },
    );
    const runner = statementsOfRole(plain, roleIdOf(functionByDescription(plain, 'lambda-connect task runner')));
    assert.deepEqual(sinkStatements(runner), []);
    assert.ok(runner.every((s) => !actionsOf(s).includes('dynamodb:DescribeTable')));
  });

  test('wildcards, index ARNs and other services are refused, naming the entry', () => {
    const build = (table: string) => () =>
      new LambdaConnect(new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S'), 'LC', {
        dataAccess: { dynamoDbTables: [table] },
      });
    assert.throws(build('orders-*'), /dynamoDbTables entries name one table each, got "orders-\*" \(no wildcards\)/);
    assert.throws(
      build('arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by-date'),
      /is not a DynamoDB table ARN/,
    );
    assert.throws(build('arn:aws:s3:::bucket/orders'), /is not a DynamoDB table ARN/);
    assert.throws(build('a b'), /"a b" is not a DynamoDB table name/);
  });

  test('the dynamoDbTables context value (comma-separated) becomes the prop', () => {
    const app = new App({ context: { dynamoDbTables: 'customers, orders' } });
    assert.deepEqual(propsFromContext(app).dataAccess, { dynamoDbTables: ['customers', 'orders'] });
    assert.equal(propsFromContext(new App()).dataAccess, undefined);
  });
});

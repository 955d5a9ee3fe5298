/**
 * What the connectors' own data stores may be touched by: granted to the task runner alone (tasks write
 * data; the REST API and the scheduler never do), resource by resource as the user names them, never by
 * wildcard (issue 14). Each kind of store adds its grant here.
 */
import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { grantGlueSchemaRegistries } from './glue-access.js';
import type { DataAccessProps } from './props.js';

/** Exactly the calls the DynamoDB sink plugin (plugins/dynamodb) makes. */
export const DYNAMODB_SINK_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
] as const;

/** Grants `fn` the data access `props` names. */
export function grantDataAccess(fn: lambda.IFunction, props: DataAccessProps | undefined): void {
  const tables = props?.dynamoDbTables ?? [];
  if (tables.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'DynamoDbSinkTables',
        actions: [...DYNAMODB_SINK_ACTIONS],
        resources: tables.map((table) => dynamoDbTableArn(fn, table)),
      }),
    );
  }
  grantGlueSchemaRegistries(fn, props?.glueSchemaRegistries);
}

/**
 * A table's ARN from its name (in the stack's account and region) or from an ARN. Wildcards, index ARNs
 * and other services' ARNs are refused at synth, naming the entry.
 */
export function dynamoDbTableArn(scope: IConstruct, table: string): string {
  if (Token.isUnresolved(table)) return table;
  if (table.includes('*') || table.includes('?')) {
    throw new Error(
      `${scope.node.path}: dataAccess.dynamoDbTables entries name one table each, got "${table}" (no wildcards)`,
    );
  }
  if (!table.startsWith('arn:')) {
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table))
      throw new Error(`${scope.node.path}: "${table}" is not a DynamoDB table name`);
    return Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: table });
  }
  const parts = Arn.split(table, ArnFormat.SLASH_RESOURCE_NAME);
  if (
    parts.service !== 'dynamodb' ||
    parts.resource !== 'table' ||
    parts.resourceName === undefined ||
    parts.resourceName.includes('/')
  ) {
    throw new Error(
      `${scope.node.path}: "${table}" is not a DynamoDB table ARN (arn:<partition>:dynamodb:<region>:<account>:table/<name>)`,
    );
  }
  return table;
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  authorizationRequest,
  AwsService,
  Decision,
  evaluate,
  type ResolvedStatement,
} from '../../../../local/iam/index.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/lc-config';
const allow = (actions: string[], resources: string[]): ResolvedStatement => ({
  effect: 'Allow',
  actions,
  resources,
  conditional: false,
});
const AT = { region: 'us-east-1', account: '000000000000' };

describe('IAM policy evaluation', () => {
  test('an action listed on the resource is allowed; one not listed is denied implicitly', () => {
    const statements = [allow(['dynamodb:GetItem', 'dynamodb:Query'], [TABLE])];
    assert.equal(evaluate(statements, 'dynamodb:GetItem', TABLE), Decision.ALLOW);
    assert.equal(evaluate(statements, 'dynamodb:BatchGetItem', TABLE), Decision.IMPLICIT_DENY);
    assert.equal(evaluate(statements, 'dynamodb:GetItem', `${TABLE}-other`), Decision.IMPLICIT_DENY);
  });

  test('actions match case-insensitively with wildcards; resources case-sensitively', () => {
    const statements = [allow(['DynamoDB:Get*'], ['arn:aws:dynamodb:*:*:table/lc-*'])];
    assert.equal(evaluate(statements, 'dynamodb:GetItem', TABLE), Decision.ALLOW);
    assert.equal(evaluate(statements, 'dynamodb:PutItem', TABLE), Decision.IMPLICIT_DENY);
    assert.equal(evaluate(statements, 'dynamodb:GetItem', TABLE.replace('lc-', 'LC-')), Decision.IMPLICIT_DENY);
    assert.equal(evaluate([allow(['ssm:GetParamete?'], ['*'])], 'ssm:GetParameter', 'arn:x'), Decision.ALLOW);
  });

  test('an explicit Deny wins over any Allow; NotAction excludes what it lists', () => {
    const deny: ResolvedStatement = {
      effect: 'Deny',
      actions: ['dynamodb:DeleteItem'],
      resources: ['*'],
      conditional: false,
    };
    assert.equal(
      evaluate([allow(['dynamodb:*'], [TABLE]), deny], 'dynamodb:DeleteItem', TABLE),
      Decision.EXPLICIT_DENY,
    );
    const notAction: ResolvedStatement = {
      effect: 'Allow',
      notActions: ['dynamodb:Delete*'],
      resources: [TABLE],
      conditional: false,
    };
    assert.equal(evaluate([notAction], 'dynamodb:PutItem', TABLE), Decision.ALLOW);
    assert.equal(evaluate([notAction], 'dynamodb:DeleteItem', TABLE), Decision.IMPLICIT_DENY);
  });

  test('a conditional Allow grants nothing locally (its condition cannot be evaluated)', () => {
    assert.equal(
      evaluate([{ ...allow(['dynamodb:GetItem'], [TABLE]), conditional: true }], 'dynamodb:GetItem', TABLE),
      Decision.IMPLICIT_DENY,
    );
    // An operator the local stack does not evaluate, or a key the request lacks: still nothing granted.
    const numeric = {
      ...allow(['s3:ListBucket'], ['arn:aws:s3:::b']),
      conditional: true,
      conditions: { NumericLessThan: { 's3:max-keys': ['10'] } },
    };
    assert.equal(
      evaluate([numeric], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:max-keys': '5' }),
      Decision.IMPLICIT_DENY,
    );
    const prefixed = {
      ...allow(['s3:ListBucket'], ['arn:aws:s3:::b']),
      conditional: true,
      conditions: { StringLike: { 's3:prefix': ['topics/*'] } },
    };
    assert.equal(evaluate([prefixed], 's3:ListBucket', 'arn:aws:s3:::b'), Decision.IMPLICIT_DENY);
  });

  test('a StringLike s3:prefix condition allows listings under the prefix only (the S3 grants of dataAccess.s3)', () => {
    const prefixed = {
      ...allow(['s3:ListBucket'], ['arn:aws:s3:::b']),
      conditional: true,
      conditions: { StringLike: { 's3:prefix': ['topics/*', 'other/'] } },
    };
    assert.equal(
      evaluate([prefixed], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'topics/orders/partition=0/' }),
      Decision.ALLOW,
    );
    assert.equal(evaluate([prefixed], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'other/' }), Decision.ALLOW);
    assert.equal(evaluate([prefixed], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': '' }), Decision.IMPLICIT_DENY);
    assert.equal(
      evaluate([prefixed], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'Topics/x' }),
      Decision.IMPLICIT_DENY,
    );
    const denyOutside = {
      effect: 'Deny' as const,
      actions: ['s3:ListBucket'],
      resources: ['*'],
      conditional: true,
      conditions: { StringEquals: { 's3:prefix': ['secret/'] } },
    };
    assert.equal(
      evaluate([prefixed, denyOutside], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'topics/x' }),
      Decision.ALLOW,
    );
    assert.equal(
      evaluate([allow(['s3:*'], ['*']), denyOutside], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'secret/' }),
      Decision.EXPLICIT_DENY,
    );
  });
});

describe('what a command asks IAM for', () => {
  test('a batch is checked on every table it names; an index query on the index', () => {
    const batch = authorizationRequest(
      AwsService.DYNAMODB,
      'BatchGetItemCommand',
      { RequestItems: { a: {}, b: {} } },
      AT,
    );
    assert.deepEqual(batch, {
      action: 'dynamodb:BatchGetItem',
      resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/a', 'arn:aws:dynamodb:us-east-1:000000000000:table/b'],
    });
    const query = authorizationRequest(AwsService.DYNAMODB, 'QueryCommand', { TableName: 't', IndexName: 'i' }, AT);
    assert.deepEqual(query.resources, ['arn:aws:dynamodb:us-east-1:000000000000:table/t/index/i']);
  });

  test('Invoke is lambda:InvokeFunction; secrets and parameters by name become ARNs', () => {
    assert.deepEqual(authorizationRequest(AwsService.LAMBDA, 'InvokeCommand', { FunctionName: 'f' }, AT), {
      action: 'lambda:InvokeFunction',
      resources: ['arn:aws:lambda:us-east-1:000000000000:function:f'],
    });
    assert.deepEqual(authorizationRequest(AwsService.SSM, 'GetParameterCommand', { Name: '/app/key' }, AT).resources, [
      'arn:aws:ssm:us-east-1:000000000000:parameter/app/key',
    ]);
    const arn = 'arn:aws:secretsmanager:eu-west-1:1:secret:s-AbCdEf';
    assert.deepEqual(
      authorizationRequest(AwsService.SECRETS_MANAGER, 'GetSecretValueCommand', { SecretId: arn }, AT).resources,
      [arn],
    );
  });

  test("event source mappings: Create on '*' and Delete on the mapping, both with lambda:FunctionArn; List on '*' without it", () => {
    const bell = 'arn:aws:lambda:us-east-1:000000000000:function:bell';
    const at = { ...AT, mappingFunctionArn: (uuid: string) => (uuid === 'u-1' ? bell : undefined) };
    const create = authorizationRequest(
      AwsService.LAMBDA,
      'CreateEventSourceMappingCommand',
      { FunctionName: 'bell' },
      at,
    );
    assert.deepEqual(create, {
      action: 'lambda:CreateEventSourceMapping',
      resources: [],
      context: { 'lambda:FunctionArn': bell },
    });
    const del = authorizationRequest(AwsService.LAMBDA, 'DeleteEventSourceMappingCommand', { UUID: 'u-1' }, at);
    assert.deepEqual(del, {
      action: 'lambda:DeleteEventSourceMapping',
      resources: ['arn:aws:lambda:us-east-1:000000000000:event-source-mapping:u-1'],
      context: { 'lambda:FunctionArn': bell },
    });
    assert.deepEqual(
      authorizationRequest(AwsService.LAMBDA, 'ListEventSourceMappingsCommand', { FunctionName: 'bell' }, at),
      {
        action: 'lambda:ListEventSourceMappings',
        resources: [],
      },
    );
    // The synthesized grant: allowed for the doorbell's mappings only; an unknown mapping has no function, so no.
    const grant: ResolvedStatement = {
      effect: 'Allow',
      actions: ['lambda:CreateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
      resources: ['*', 'arn:aws:lambda:us-east-1:000000000000:event-source-mapping:*'],
      conditional: true,
      conditions: { StringEquals: { 'lambda:FunctionArn': [bell] } },
    };
    assert.equal(evaluate([grant], create.action, '*', create.context), Decision.ALLOW);
    assert.equal(evaluate([grant], del.action, del.resources[0]!, del.context), Decision.ALLOW);
    const other = authorizationRequest(AwsService.LAMBDA, 'CreateEventSourceMappingCommand', { FunctionName: 'x' }, at);
    assert.equal(evaluate([grant], other.action, '*', other.context), Decision.IMPLICIT_DENY);
    const unknown = authorizationRequest(AwsService.LAMBDA, 'DeleteEventSourceMappingCommand', { UUID: 'u-2' }, at);
    assert.equal(evaluate([grant], unknown.action, unknown.resources[0]!, unknown.context), Decision.IMPLICIT_DENY);
  });

  test('S3: objects as bucket/key ARNs without region or account; multipart parts authorized as s3:PutObject', () => {
    assert.deepEqual(
      authorizationRequest(
        AwsService.S3,
        'PutObjectCommand',
        { Bucket: 'b', Key: 'topics/t/partition=0/t+0+0000000000.json' },
        AT,
      ),
      {
        action: 's3:PutObject',
        resources: ['arn:aws:s3:::b/topics/t/partition=0/t+0+0000000000.json'],
      },
    );
    assert.equal(
      authorizationRequest(AwsService.S3, 'UploadPartCommand', { Bucket: 'b', Key: 'k' }, AT).action,
      's3:PutObject',
    );
    assert.deepEqual(
      authorizationRequest(AwsService.S3, 'ListObjectsV2Command', { Bucket: 'b', Prefix: 'topics/' }, AT),
      { action: 's3:ListBucket', resources: ['arn:aws:s3:::b'], context: { 's3:prefix': 'topics/' } },
    );
    assert.deepEqual(authorizationRequest(AwsService.S3, 'ListObjectsV2Command', { Bucket: 'b' }, AT).context, {
      's3:prefix': '',
    });
  });

  test('a service the construct knows nothing of is checked on "*"', () => {
    assert.deepEqual(authorizationRequest('kinesis', 'PutRecordsCommand', { StreamName: 's' }, AT), {
      action: 'kinesis:PutRecords',
      resources: [],
    });
  });
});

/**
 * The local stack's IAM enforcement (local/iam) reads the construct's synthesized policies: what the
 * construct grants is allowed, and a grant taken away, or a Deny added, is refused with AWS's
 * AccessDeniedException. The same check runs on every command of every integration test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LambdaConnect } from '../../infra/constructs/index.js';
import {
  AccessDeniedException,
  AwsService,
  IamEnforcer,
  LocalFunction,
  localNames,
  policiesFromTemplate,
  type CfnTemplate,
} from '../../local/iam/index.js';
import { synth } from './helpers.js';

const NAMES = localNames(
  { config: 'lc-config', offsets: 'lc-offsets', state: 'lc-state' },
  { taskRunner: 'lc-task-runner', scheduler: 'lc-scheduler', doorbell: 'lc-doorbell', restApi: 'lc-rest-api' },
);

function templateOf(extra?: (connect: LambdaConnect) => void): CfnTemplate {
  const { template } = synth(
    (stack) => {
      const connect = new LambdaConnect(stack, 'LC', { kafka: { bootstrapServers: 'b-1.kafka.internal:9092' } });
      extra?.(connect);
    },
    { cfnValidation: false },
  );
  return template.toJSON() as CfnTemplate;
}

function enforcer(template: CfnTemplate): IamEnforcer {
  return new IamEnforcer(policiesFromTemplate(template, NAMES), NAMES);
}

/** The error `check` throws, or undefined when the command is allowed. */
function denial(
  e: IamEnforcer,
  fn: LocalFunction,
  service: AwsService,
  command: string,
  input: Record<string, unknown>,
): AccessDeniedException | undefined {
  try {
    e.runAs(fn, () => e.check(service, command, input));
    return undefined;
  } catch (error) {
    if (error instanceof AccessDeniedException) return error;
    throw error;
  }
}

const batchGetConfig = { RequestItems: { 'lc-config': { Keys: [] } } };
const template = templateOf();

describe('IAM enforcement from the synthesized template', () => {
  test('the REST API may BatchGetItem the config table (GET /connectors/{name}, status, expand)', () => {
    assert.equal(
      denial(enforcer(template), LocalFunction.REST_API, AwsService.DYNAMODB, 'BatchGetItemCommand', batchGetConfig),
      undefined,
    );
  });

  test('with the BatchGetItem grant removed from the template, the same command is refused as AWS refuses it', () => {
    const without = structuredClone(template) as CfnTemplate & {
      Resources: Record<string, { Type: string; Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }>;
    };
    let removed = 0;
    for (const resource of Object.values(without.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      for (const statement of resource.Properties.PolicyDocument.Statement) {
        if (!Array.isArray(statement.Action) || !statement.Action.includes('dynamodb:BatchGetItem')) continue;
        statement.Action = statement.Action.filter((a) => a !== 'dynamodb:BatchGetItem');
        removed += 1;
      }
    }
    assert.ok(removed > 0, 'the template grants dynamodb:BatchGetItem somewhere');
    const error = denial(
      enforcer(without),
      LocalFunction.REST_API,
      AwsService.DYNAMODB,
      'BatchGetItemCommand',
      batchGetConfig,
    );
    assert.ok(error, 'refused');
    assert.equal(error.name, 'AccessDeniedException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(
      error.message,
      /not authorized to perform: dynamodb:BatchGetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/lc-config/,
    );
  });

  test('a Deny statement added to a role in the construct overrides its grants', () => {
    const denied = templateOf((connect) =>
      connect.restApiFunction.addToRolePolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['dynamodb:Delete*'],
          resources: [connect.tables.config.tableArn],
        }),
      ),
    );
    const e = enforcer(denied);
    assert.match(
      denial(e, LocalFunction.REST_API, AwsService.DYNAMODB, 'DeleteItemCommand', { TableName: 'lc-config' })
        ?.message ?? '',
      /explicit deny/,
    );
    assert.equal(
      denial(e, LocalFunction.REST_API, AwsService.DYNAMODB, 'PutItemCommand', { TableName: 'lc-config' }),
      undefined,
    );
  });

  test('least privilege holds: the task runner cannot write configs, the scheduler cannot invoke itself (403 as Lambda answers)', () => {
    const e = enforcer(template);
    assert.ok(denial(e, LocalFunction.TASK_RUNNER, AwsService.DYNAMODB, 'PutItemCommand', { TableName: 'lc-config' }));
    assert.equal(
      denial(e, LocalFunction.TASK_RUNNER, AwsService.DYNAMODB, 'PutItemCommand', { TableName: 'lc-offsets' }),
      undefined,
    );
    assert.equal(
      denial(e, LocalFunction.SCHEDULER, AwsService.LAMBDA, 'InvokeCommand', { FunctionName: 'lc-task-runner' }),
      undefined,
    );
    assert.equal(
      denial(e, LocalFunction.SCHEDULER, AwsService.LAMBDA, 'InvokeCommand', { FunctionName: 'lc-scheduler' })
        ?.$metadata.httpStatusCode,
      403,
    );
    assert.equal(e.stats.checked, 4);
    assert.equal(e.stats.denied, 2);
  });

  test('a command sent outside any function is not checked, and counted', () => {
    const e = enforcer(template);
    e.check(AwsService.DYNAMODB, 'DeleteTableCommand', { TableName: 'lc-config' });
    assert.deepEqual({ checked: e.stats.checked, unattributed: e.stats.unattributed }, { checked: 0, unattributed: 1 });
  });
});

describe('IAM enforcement of dataAccess.s3 access levels, from the synthesized template', () => {
  const { template: s3Template } = synth(
    (stack) =>
      new LambdaConnect(stack, 'LC', {
        kafka: { bootstrapServers: 'b-1.kafka.internal:9092' },
        dataAccess: {
          s3: [
            { bucket: 'backups', prefix: 'topics/', access: 'read' },
            { bucket: 'archive', prefix: 'topics/', access: 'write' },
          ],
        },
      }),
    { cfnValidation: false },
  );
  const e = enforcer(s3Template.toJSON() as CfnTemplate);
  const s3 = (command: string, input: Record<string, unknown>) =>
    denial(e, LocalFunction.TASK_RUNNER, AwsService.S3, command, input);

  test('a read-only bucket: reads and listings under the prefix are allowed (the s3:prefix condition evaluated), writes refused', () => {
    assert.equal(
      s3('GetObjectCommand', { Bucket: 'backups', Key: 'topics/orders/partition=0/orders+0+0000000000.json' }),
      undefined,
    );
    assert.equal(s3('ListObjectsV2Command', { Bucket: 'backups', Prefix: 'topics/orders/' }), undefined);
    assert.match(
      s3('ListObjectsV2Command', { Bucket: 'backups', Prefix: 'private/' })?.message ?? '',
      /not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::backups /,
    );
    assert.match(s3('ListObjectsV2Command', { Bucket: 'backups' })?.message ?? '', /s3:ListBucket/);
    const put = s3('PutObjectCommand', { Bucket: 'backups', Key: 'topics/orders/x.json' });
    assert.match(
      put?.message ?? '',
      /not authorized to perform: s3:PutObject on resource: arn:aws:s3:::backups\/topics\/orders\/x\.json/,
    );
    assert.equal(put?.$metadata.httpStatusCode, 403);
    assert.ok(
      s3('CreateMultipartUploadCommand', { Bucket: 'backups', Key: 'topics/orders/y.json' }) instanceof
        AccessDeniedException,
    );
  });

  test('a write-only bucket: puts (and multipart parts) under the prefix allowed, reads and listings refused', () => {
    assert.equal(
      s3('PutObjectCommand', { Bucket: 'archive', Key: 'topics/orders/partition=0/orders+0+0000000000.json' }),
      undefined,
    );
    assert.equal(s3('UploadPartCommand', { Bucket: 'archive', Key: 'topics/orders/big.json' }), undefined);
    assert.ok(s3('PutObjectCommand', { Bucket: 'archive', Key: 'elsewhere/x.json' }) instanceof AccessDeniedException);
    assert.ok(
      s3('GetObjectCommand', { Bucket: 'archive', Key: 'topics/orders/x.json' }) instanceof AccessDeniedException,
    );
    assert.ok(s3('ListObjectsV2Command', { Bucket: 'archive', Prefix: 'topics/' }) instanceof AccessDeniedException);
  });

  test('the scheduler and REST API get no S3 access at all', () => {
    for (const fn of [LocalFunction.SCHEDULER, LocalFunction.REST_API]) {
      assert.ok(
        denial(e, fn, AwsService.S3, 'GetObjectCommand', { Bucket: 'backups', Key: 'topics/x' }) instanceof
          AccessDeniedException,
        fn,
      );
    }
  });
});

/**
 * dataAccess.s3: the task runner, and only it, gets exactly the S3 sink's actions on the named buckets
 * and prefixes; wildcards are refused at synth; the `s3Buckets` context value feeds the same props.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import {
  LambdaConnect,
  S3_ACCESS_ACTIONS,
  S3_BUCKET_ACTIONS,
  S3_OBJECT_ACTIONS,
} from '../../infra/constructs/index.js';
import { propsFromContext } from '../../infra/context.js';
import {
  actionsOf,
  functionByDescription,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
  synth,
  type Statement,
} from './helpers.js';

const s3Statements = (statements: Statement[]) =>
  statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

/** `arn:${AWS::Partition}:s3:::x` as the template writes it, flattened to `arn:<partition>:s3:::x`. */
const flat = (resource: unknown): string => {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) return String(resource);
  return join[1].map((part) => (typeof part === 'string' ? part : '<partition>')).join(join[0]);
};

describe('dataAccess.s3', () => {
  const { template } = synth(
    (stack) =>
      new LambdaConnect(stack, 'LC', {
        kafka: { bootstrapServers: 'b-1:9092' },
        dataAccess: { s3: [{ bucket: 'archive', prefix: 'topics/' }, { bucket: 'arn:aws:s3:::lake' }] },
      }),
    { cfnValidation: false },
  );

  test('the task runner gets exactly the object actions under each prefix and listing limited to it', () => {
    const statements = s3Statements(
      statementsOfRole(template, roleIdOf(functionByDescription(template, 'lambda-connect task runner'))),
    );
    const objects = statements.find((s) => actionsOf(s).includes('s3:PutObject'));
    assert.deepEqual(actionsOf(objects as Statement).sort(), [...S3_OBJECT_ACTIONS].sort());
    assert.deepEqual(resourcesOf(objects as Statement).map(flat), [
      'arn:<partition>:s3:::archive/topics/*',
      'arn:<partition>:s3:::lake/*',
    ]);
    const listing = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    assert.deepEqual(
      listing.map((s) => actionsOf(s).sort()),
      [[...S3_BUCKET_ACTIONS].sort(), [...S3_BUCKET_ACTIONS].sort()],
    );
    assert.deepEqual(
      listing.map((s) => resourcesOf(s).map(flat)),
      [['arn:<partition>:s3:::archive'], ['arn:<partition>:s3:::lake']],
    );
    assert.deepEqual(
      listing.map((s) => (s as unknown as { Condition?: unknown }).Condition ?? null),
      [{ StringLike: { 's3:prefix': ['topics/*'] } }, null],
    );
    assert.equal(statements.length, 3);
  });

  test('the REST API and the scheduler get no S3 access', () => {
    for (const description of ['lambda-connect REST API', 'lambda-connect scheduler']) {
      assert.deepEqual(
        s3Statements(statementsOfRole(template, roleIdOf(functionByDescription(template, description)))),
        [],
        description,
      );
    }
  });

  test('without dataAccess no function gets any S3 action', () => {
    const { template: plain } = synth(
      (stack) => new LambdaConnect(stack, 'LC', { kafka: { bootstrapServers: 'b-1:9092' } }),
      { cfnValidation: false },
    );
    assert.deepEqual(
      s3Statements(statementsOfRole(plain, roleIdOf(functionByDescription(plain, 'lambda-connect task runner')))),
      [],
    );
  });

  test('wildcard buckets and prefixes, and object ARNs, are refused naming the entry', () => {
    const fails = (bucket: string, prefix: string | undefined, pattern: RegExp) =>
      assert.throws(
        () =>
          synth(
            (stack) =>
              new LambdaConnect(stack, 'LC', {
                kafka: { bootstrapServers: 'b-1:9092' },
                dataAccess: { s3: [{ bucket, ...(prefix === undefined ? {} : { prefix }) }] },
              }),
            { cfnValidation: false },
          ),
        pattern,
      );
    fails('*', undefined, /no wildcards/);
    fails('logs-*', undefined, /no wildcards/);
    fails('archive', 'topics/*', /may not hold wildcards/);
    fails('arn:aws:s3:::archive/topics', undefined, /not a bucket ARN/);
  });

  test('context s3Buckets=bucket/prefix,bucket becomes dataAccess.s3; a :read / :write suffix sets the access', () => {
    const app = new App({ context: { s3Buckets: 'archive/topics/,lake,backups/topics/:read,out:write' } });
    const props = propsFromContext(new Stack(app, 'Ctx'));
    assert.deepEqual(props.dataAccess, {
      s3: [
        { bucket: 'archive', prefix: 'topics/' },
        { bucket: 'lake' },
        { bucket: 'backups', prefix: 'topics/', access: 'read' },
        { bucket: 'out', access: 'write' },
      ],
    });
  });

  describe('access levels', () => {
    const { template: levels } = synth(
      (stack) =>
        new LambdaConnect(stack, 'LC', {
          kafka: { bootstrapServers: 'b-1:9092' },
          dataAccess: {
            s3: [
              { bucket: 'backups', prefix: 'topics/', access: 'read' },
              { bucket: 'out', access: 'write' },
              { bucket: 'both' },
            ],
          },
        }),
      { cfnValidation: false },
    );
    const statements = s3Statements(
      statementsOfRole(levels, roleIdOf(functionByDescription(levels, 'lambda-connect task runner'))),
    );
    const onResource = (resource: string) =>
      statements
        .filter((s) => resourcesOf(s).map(flat).includes(resource))
        .flatMap(actionsOf)
        .sort();

    test('a read-only grant gives exactly GetObject under the prefix and ListBucket limited to it: no write action', () => {
      assert.deepEqual(onResource('arn:<partition>:s3:::backups/topics/*'), ['s3:GetObject']);
      assert.deepEqual(onResource('arn:<partition>:s3:::backups'), ['s3:ListBucket']);
      const listing = statements.find((s) => resourcesOf(s).map(flat).includes('arn:<partition>:s3:::backups'));
      assert.deepEqual((listing as unknown as { Condition?: unknown }).Condition, {
        StringLike: { 's3:prefix': ['topics/*'] },
      });
    });

    test('a write-only grant gives PutObject and the multipart clean-up, no GetObject or ListBucket', () => {
      assert.deepEqual(onResource('arn:<partition>:s3:::out/*'), [...S3_ACCESS_ACTIONS.write.objects].sort());
      assert.deepEqual(onResource('arn:<partition>:s3:::out'), ['s3:ListBucketMultipartUploads']);
    });

    test('no access given is readWrite, as before access levels', () => {
      assert.deepEqual(onResource('arn:<partition>:s3:::both/*'), [...S3_OBJECT_ACTIONS].sort());
      assert.deepEqual(onResource('arn:<partition>:s3:::both'), [...S3_BUCKET_ACTIONS].sort());
    });

    test('an unknown access level is refused at synth, naming it', () => {
      assert.throws(
        () =>
          synth(
            (stack) =>
              new LambdaConnect(stack, 'LC', {
                kafka: { bootstrapServers: 'b-1:9092' },
                dataAccess: { s3: [{ bucket: 'x1x', access: 'admin' as 'read' }] },
              }),
            { cfnValidation: false },
          ),
        /access "admin" is not one of read, write, readWrite/,
      );
    });
  });
});

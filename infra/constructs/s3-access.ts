/**
 * S3 grants for the S3 sink plugin (plugins/s3): the task runner alone (tasks write data; the REST API and
 * the scheduler never do) gets exactly the object and listing actions the sink's client sends, on the
 * buckets and prefixes the user names, never a wildcard bucket (issue 14).
 */
import { Aws, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { S3Grant } from './props.js';

/**
 * On objects under the prefix: PutObject (also covers CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload), GetObject, and the multipart clean-up a failed upload needs.
 */
export const S3_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] as const;
/** On the bucket, listing limited to the prefix by condition. */
export const S3_BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketMultipartUploads'] as const;

const S3_NAG_REASON = 'Object keys are chosen at run time by the S3 sink (topic, partition, offset); the wildcard covers objects under one bucket and prefix the deployment names.';

/** Grants `fn` the S3 access `grants` name: one statement for objects, one for bucket listing. */
export function grantS3Access(fn: lambda.IFunction, grants: readonly S3Grant[] | undefined): void {
  if (grants === undefined || grants.length === 0) return;
  const scoped = grants.map((g) => ({ bucket: bucketName(fn, g.bucket), prefix: normalizedPrefix(fn, g.prefix) }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'S3SinkObjects',
    actions: [...S3_OBJECT_ACTIONS],
    resources: scoped.map((g) => `arn:${partition(fn)}:s3:::${g.bucket}/${g.prefix}*`),
  }));
  // cdk-nag reports each object wildcard; acknowledged one by one, so any other wildcard still fails the lint.
  for (const g of scoped) {
    // On the stack: the finding is reported on the role's policy, which is not inside the function's scope.
    Validations.of(Stack.of(fn)).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${g.bucket}/${g.prefix}*]`, reason: S3_NAG_REASON });
  }
  for (const [i, g] of scoped.entries()) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: `S3SinkBucket${i}`,
      actions: [...S3_BUCKET_ACTIONS],
      resources: [`arn:${partition(fn)}:s3:::${g.bucket}`],
      ...(g.prefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': [`${g.prefix}*`] } } }),
    }));
  }
}

/** The stack's partition (aws, aws-cn, aws-us-gov), resolved at deploy time. */
function partition(_scope: IConstruct): string {
  return Aws.PARTITION;
}

/** A bucket name, or the name inside an `arn:aws:s3:::bucket` ARN; wildcards and object ARNs are refused. */
export function bucketName(scope: IConstruct, bucket: string): string {
  if (Token.isUnresolved(bucket)) return bucket;
  const name = bucket.startsWith('arn:') ? /^arn:[^:]+:s3:::([^/]+)$/.exec(bucket)?.[1] : bucket;
  if (name === undefined) throw new Error(`${scope.node.path}: dataAccess.s3 bucket "${bucket}" is not a bucket ARN (arn:aws:s3:::<bucket>)`);
  if (/[*?]/.test(name) || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    throw new Error(`${scope.node.path}: dataAccess.s3 entries name one bucket each, got "${bucket}" (no wildcards)`);
  }
  return name;
}

/** '' (the whole bucket) or the prefix as given, without a leading `/`; wildcards are refused. */
function normalizedPrefix(scope: IConstruct, prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  if (/[*?]/.test(p)) throw new Error(`${scope.node.path}: dataAccess.s3 prefix "${prefix}" may not hold wildcards`);
  return p;
}

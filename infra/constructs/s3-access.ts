/**
 * S3 grants for the S3 sink and source plugins (plugins/s3, plugins/s3-source): the task runner alone
 * (tasks move data; the REST API and the scheduler never do) gets exactly the object and listing actions
 * of each entry's access level (read, write, readWrite), on the buckets and prefixes the user names,
 * never a wildcard bucket (issue 14, decision 0028).
 */
import { Aws, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { S3Access, type S3Grant } from './props.js';

/** The actions each access level grants: on objects under the prefix, and on the bucket. */
export const S3_ACCESS_ACTIONS: Readonly<
  Record<S3Access, { readonly objects: readonly string[]; readonly bucket: readonly string[] }>
> = {
  read: { objects: ['s3:GetObject'], bucket: ['s3:ListBucket'] },
  // PutObject also covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload; a failed upload
  // needs the clean-up actions.
  write: {
    objects: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    bucket: ['s3:ListBucketMultipartUploads'],
  },
  readWrite: {
    objects: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    bucket: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
  },
};

/** On objects under the prefix, for `readWrite` (the default). */
export const S3_OBJECT_ACTIONS = S3_ACCESS_ACTIONS.readWrite.objects;
/** On the bucket, listing limited to the prefix by condition, for `readWrite` (the default). */
export const S3_BUCKET_ACTIONS = S3_ACCESS_ACTIONS.readWrite.bucket;

const S3_NAG_REASON =
  'Object keys are chosen at run time by the S3 connectors (topic, partition, offset); the wildcard covers objects under one bucket and prefix the deployment names.';

/** Sids per access level: `S3ObjectsRead`, `S3ObjectsWrite`, `S3ObjectsReadWrite`. */
const SID_SUFFIX: Readonly<Record<S3Access, string>> = { read: 'Read', write: 'Write', readWrite: 'ReadWrite' };

/** Grants `fn` the S3 access `grants` name: one object statement per access level, one bucket statement per entry. */
export function grantS3Access(fn: lambda.IFunction, grants: readonly S3Grant[] | undefined): void {
  if (grants === undefined || grants.length === 0) return;
  const scoped = grants.map((g) => ({
    bucket: bucketName(fn, g.bucket),
    prefix: normalizedPrefix(fn, g.prefix),
    access: accessOf(fn, g.access),
  }));
  for (const access of Object.values(S3Access)) {
    const entries = scoped.filter((g) => g.access === access);
    if (entries.length === 0) continue;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: `S3Objects${SID_SUFFIX[access]}`,
        actions: [...S3_ACCESS_ACTIONS[access].objects],
        resources: entries.map((g) => `arn:${partition(fn)}:s3:::${g.bucket}/${g.prefix}*`),
      }),
    );
  }
  // cdk-nag reports each object wildcard; acknowledged one by one, so any other wildcard still fails the lint.
  for (const g of scoped) {
    // On the stack: the finding is reported on the role's policy, which is not inside the function's scope.
    Validations.of(Stack.of(fn)).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${g.bucket}/${g.prefix}*]`,
      reason: S3_NAG_REASON,
    });
  }
  for (const [i, g] of scoped.entries()) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: `S3Bucket${i}`,
        actions: [...S3_ACCESS_ACTIONS[g.access].bucket],
        resources: [`arn:${partition(fn)}:s3:::${g.bucket}`],
        ...(g.prefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': [`${g.prefix}*`] } } }),
      }),
    );
  }
}

function accessOf(scope: IConstruct, access: string | undefined): S3Access {
  if (access === undefined) return S3Access.READ_WRITE;
  if ((Object.values(S3Access) as string[]).includes(access)) return access as S3Access;
  throw new Error(
    `${scope.node.path}: dataAccess.s3 access "${access}" is not one of ${Object.values(S3Access).join(', ')}`,
  );
}

/** The stack's partition (aws, aws-cn, aws-us-gov), resolved at deploy time. */
function partition(_scope: IConstruct): string {
  return Aws.PARTITION;
}

/** A bucket name, or the name inside an `arn:aws:s3:::bucket` ARN; wildcards and object ARNs are refused. */
export function bucketName(scope: IConstruct, bucket: string): string {
  if (Token.isUnresolved(bucket)) return bucket;
  const name = bucket.startsWith('arn:') ? /^arn:[^:]+:s3:::([^/]+)$/.exec(bucket)?.[1] : bucket;
  if (name === undefined)
    throw new Error(`${scope.node.path}: dataAccess.s3 bucket "${bucket}" is not a bucket ARN (arn:aws:s3:::<bucket>)`);
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

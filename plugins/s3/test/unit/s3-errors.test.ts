import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { classifyS3Error } from '../../src/object-store.js';

const answer = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });

test("outages and throttling are retriable; the user's faults are not and name the fix", () => {
  assert.equal(classifyS3Error(answer('ServiceUnavailable', 503), 'b', 'k').retriable, true);
  assert.equal(classifyS3Error(answer('SlowDown', 503), 'b', 'k').retriable, true);
  assert.equal(classifyS3Error(new Error('connect ECONNREFUSED 127.0.0.1:9'), 'b', 'k').retriable, true);
  const missing = classifyS3Error(answer('NoSuchBucket', 404), 'b', 'k');
  assert.equal(missing.retriable, false);
  assert.match(missing.message, /s3.bucket.name does not exist: b/);
  // An IAM refusal (the local stack's enforcer throws a plain error with a status) is the deployment's to fix.
  const denied = Object.assign(new Error('not authorized to perform: s3:PutObject'), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 403 },
  });
  const classified = classifyS3Error(denied, 'b', 'topics/k');
  assert.equal(classified.retriable, false);
  assert.match(classified.message, /Access denied writing s3:\/\/b\/topics\/k: grant the task runner s3:PutObject/);
});

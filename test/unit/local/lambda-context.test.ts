import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLambdaContext, functionArn } from '../../../local/lambda/lambda-context.js';

test('the context counts down from the timeout and never goes below zero', () => {
  let now = 1_000;
  const context = createLambdaContext({ functionName: 'task-runner', timeoutMs: 900, now: () => now });
  assert.equal(context.getRemainingTimeInMillis(), 900);
  now += 400;
  assert.equal(context.getRemainingTimeInMillis(), 500);
  now += 5_000;
  assert.equal(context.getRemainingTimeInMillis(), 0);
});

test('the context names the function and carries a unique request id', () => {
  const first = createLambdaContext({ functionName: 'scheduler', timeoutMs: 1 });
  const second = createLambdaContext({ functionName: 'scheduler', timeoutMs: 1 });
  assert.equal(first.functionName, 'scheduler');
  assert.equal(first.invokedFunctionArn, functionArn('scheduler'));
  assert.match(first.awsRequestId, /^[0-9a-f-]{36}$/);
  assert.notEqual(first.awsRequestId, second.awsRequestId);
  assert.throws(() => first.succeed('x'), /not supported/);
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  RequestTooLargeException,
  ResourceNotFoundException,
  type InvokeCommandInput,
} from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import {
  ASYNC_PAYLOAD_LIMIT_BYTES,
  startInvokeEndpoint,
  SYNC_PAYLOAD_LIMIT_BYTES,
  type InvokeEndpoint,
} from '../../../local/lambda/invoke-endpoint.js';

/** A promise with its resolve function, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

function decode(payload: Uint8Array | null | undefined): unknown {
  return payload == null || payload.length === 0 ? undefined : JSON.parse(Buffer.from(payload).toString('utf8'));
}

/** A JSON string document of exactly `bytes` bytes. */
function jsonOfSize(bytes: number): string {
  return `"${'x'.repeat(bytes - 2)}"`;
}

describe('local Invoke endpoint through @aws-sdk/client-lambda', () => {
  let endpoint: InvokeEndpoint;
  let client: LambdaClient;
  const contexts: Context[] = [];

  before(async () => {
    endpoint = await startInvokeEndpoint({ port: 0 });
    client = lambdaClient(endpoint.url);
    endpoint.registerFunction(
      'echo',
      async (event, context) => {
        contexts.push(context);
        return { event, requestId: context.awsRequestId, clientContext: context.clientContext ?? null };
      },
      { timeoutMs: 60_000 },
    );
    endpoint.registerFunction('fails', async () => {
      throw new RangeError('offset out of range');
    });
  });

  after(async () => {
    client.destroy();
    await endpoint.close({ drainTimeoutMs: 1_000 });
  });

  const invoke = (input: InvokeCommandInput) => client.send(new InvokeCommand(input));

  test('RequestResponse returns the handler result with a Lambda-like context', async () => {
    const first = await invoke({ FunctionName: 'echo', Payload: JSON.stringify({ connector: 'c1', task: 0 }) });
    const second = await invoke({ FunctionName: 'echo', InvocationType: 'RequestResponse' });
    assert.equal(first.StatusCode, 200);
    assert.equal(first.FunctionError, undefined);
    assert.equal(first.ExecutedVersion, '$LATEST');
    const body = decode(first.Payload) as { event: unknown; requestId: string };
    assert.deepEqual(body.event, { connector: 'c1', task: 0 });
    assert.deepEqual((decode(second.Payload) as { event: unknown }).event, {}, 'no payload reaches the handler as {}');
    const [firstContext, secondContext] = contexts.slice(-2);
    assert.equal(firstContext?.functionName, 'echo');
    assert.equal(firstContext?.awsRequestId, body.requestId);
    assert.notEqual(firstContext?.awsRequestId, secondContext?.awsRequestId);
    const remaining = firstContext?.getRemainingTimeInMillis() ?? 0;
    assert.ok(remaining > 0 && remaining <= 60_000, `remaining ${remaining}`);
  });

  test('a function ARN and the $LATEST qualifier address the same function; other qualifiers do not exist', async () => {
    const byArn = await invoke({
      FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      Qualifier: '$LATEST',
    });
    assert.equal(byArn.StatusCode, 200);
    await assert.rejects(invoke({ FunctionName: 'echo', Qualifier: 'live' }), ResourceNotFoundException);
  });

  test('the client context reaches a synchronous invocation', async () => {
    const clientContext = { custom: { origin: 'scheduler' }, client: {}, env: {} };
    const result = await invoke({
      FunctionName: 'echo',
      ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
    });
    assert.deepEqual((decode(result.Payload) as { clientContext: unknown }).clientContext, clientContext);
  });

  test('Event answers 202 at once and runs the handler in the background; drain() waits for it', async (t) => {
    const hold = gate();
    t.after(() => hold.open());
    const done: string[] = [];
    endpoint.registerFunction('background', async (event) => {
      await hold.promise;
      done.push((event as { id: string }).id);
    });
    const accepted = await invoke({ FunctionName: 'background', InvocationType: 'Event', Payload: '{"id":"slice-1"}' });
    assert.equal(accepted.StatusCode, 202);
    assert.equal(decode(accepted.Payload), undefined);
    assert.deepEqual(done, [], 'the 202 came before the handler finished');
    assert.equal(await endpoint.drain(20), false, 'still in flight while held');
    hold.open();
    assert.equal(await endpoint.drain(5_000), true);
    assert.deepEqual(done, ['slice-1']);
    assert.equal(endpoint.stats().functions['background']?.invocations.Event, 1);
  });

  test('DryRun answers 204 and runs nothing', async () => {
    let ran = false;
    endpoint.registerFunction('dry', async () => {
      ran = true;
    });
    const result = await invoke({ FunctionName: 'dry', InvocationType: 'DryRun' });
    assert.equal(result.StatusCode, 204);
    assert.equal(ran, false);
    assert.equal(endpoint.stats().functions['dry']?.invocations.DryRun, 1);
  });

  test('an unknown function throws ResourceNotFoundException (404) for every invocation type', async () => {
    for (const type of ['RequestResponse', 'Event', 'DryRun'] as const) {
      await assert.rejects(invoke({ FunctionName: 'no-such-function', InvocationType: type }), (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException);
        assert.equal(error.$metadata.httpStatusCode, 404);
        assert.match(error.message, /Function not found: arn:aws:lambda:us-east-1:\d{12}:function:no-such-function/);
        return true;
      });
    }
  });

  test('a throwing handler is an Unhandled function error with the Node.js runtime error document', async () => {
    const result = await invoke({ FunctionName: 'fails' });
    assert.equal(result.StatusCode, 200);
    assert.equal(result.FunctionError, 'Unhandled');
    const error = decode(result.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(error.errorType, 'RangeError');
    assert.equal(error.errorMessage, 'offset out of range');
    assert.match(error.trace[0] ?? '', /^RangeError: offset out of range/);
    assert.equal(endpoint.stats().functions['fails']?.errors, 1);
  });

  test('a handler past its timeout is an Unhandled Sandbox.Timedout error', async () => {
    const hold = gate();
    endpoint.registerFunction('too-slow', () => hold.promise, { timeoutMs: 30 });
    try {
      const result = await invoke({ FunctionName: 'too-slow' });
      assert.equal(result.FunctionError, 'Unhandled');
      const error = decode(result.Payload) as { errorType: string; errorMessage: string };
      assert.equal(error.errorType, 'Sandbox.Timedout');
      assert.match(error.errorMessage, /Task timed out after 0\.03 seconds/);
      assert.equal(endpoint.stats().functions['too-slow']?.timeouts, 1);
    } finally {
      hold.open();
      await endpoint.drain(5_000);
    }
  });

  test('payloads over the AWS limits throw RequestTooLargeException; payloads at the limit pass', async () => {
    endpoint.registerFunction('sink', async () => 'ok');
    await assert.rejects(
      invoke({ FunctionName: 'sink', Payload: jsonOfSize(SYNC_PAYLOAD_LIMIT_BYTES + 1) }),
      (error: unknown) => error instanceof RequestTooLargeException && error.$metadata.httpStatusCode === 413,
    );
    await assert.rejects(
      invoke({ FunctionName: 'sink', InvocationType: 'Event', Payload: jsonOfSize(ASYNC_PAYLOAD_LIMIT_BYTES + 1) }),
      (error: unknown) => error instanceof RequestTooLargeException && /smaller than 1048576 bytes/.test(error.message),
    );
    const atSyncLimit = await invoke({ FunctionName: 'sink', Payload: jsonOfSize(SYNC_PAYLOAD_LIMIT_BYTES) });
    assert.equal(decode(atSyncLimit.Payload), 'ok');
    const atAsyncLimit = await invoke({
      FunctionName: 'sink',
      InvocationType: 'Event',
      Payload: jsonOfSize(ASYNC_PAYLOAD_LIMIT_BYTES),
    });
    assert.equal(atAsyncLimit.StatusCode, 202);
    assert.equal(await endpoint.drain(5_000), true);
  });

  test('a payload that is not JSON throws InvalidRequestContentException', async () => {
    await assert.rejects(invoke({ FunctionName: 'echo', Payload: '{"unterminated' }), InvalidRequestContentException);
  });

  test('refused requests are counted', () => {
    assert.ok(endpoint.stats().rejected >= 7, `rejected ${endpoint.stats().rejected}`);
  });
});

describe('closing the Invoke endpoint', () => {
  test('close() waits for in-flight async invocations up to its deadline and reports what it abandoned', async (t) => {
    const endpoint = await startInvokeEndpoint();
    const client = lambdaClient(endpoint.url);
    const hold = gate();
    t.after(() => {
      hold.open();
      client.destroy();
    });
    endpoint.registerFunction('stuck', () => hold.promise, { timeoutMs: 60_000 });
    await client.send(new InvokeCommand({ FunctionName: 'stuck', InvocationType: 'Event' }));
    const result = await endpoint.close({ drainTimeoutMs: 50 });
    assert.deepEqual(result, { drained: false, abandoned: 1 });
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'stuck' })));
  });

  test('close() resolves drained once background work finishes within the deadline', async () => {
    const endpoint = await startInvokeEndpoint();
    const client = lambdaClient(endpoint.url);
    let finished = 0;
    endpoint.registerFunction('quick', async () => {
      finished += 1;
    });
    await client.send(new InvokeCommand({ FunctionName: 'quick', InvocationType: 'Event' }));
    client.destroy();
    assert.deepEqual(await endpoint.close({ drainTimeoutMs: 5_000 }), { drained: true, abandoned: 0 });
    assert.equal(finished, 1);
  });
});

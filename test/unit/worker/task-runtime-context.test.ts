/**
 * What API 1.1 adds to a task's context (decision 0028): the time left before the slice must commit,
 * a logger that names the connector and task, and AWS clients built and instrumented as the runtime's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createAwsClient, remainingTimeMs, taskLogger, type AwsSdkClient } from '../../../lib/api/index.js';
import type { SdkService } from '../../../lib/runtime/task-aws-clients.js';
import { DEFAULT_SDK_TIMEOUTS } from '../../../lib/runtime/sdk-timeouts.js';
import { sdkServiceOf, taskAwsClients } from '../../../lib/runtime/task-aws-clients.js';
import type { SliceContext } from '../../../lib/worker/slice-context.js';
import { taskRuntimeContext } from '../../../lib/worker/task-runtime-context.js';

interface Line {
  readonly level: string;
  readonly message: string;
  readonly details: Record<string, unknown> | undefined;
}

function slice(overrides: Partial<SliceContext>, lines: Line[] = []): SliceContext {
  const record = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push({ level, message, details });
  return {
    connector: { name: 'orders-sink' },
    task: { id: 3, config: {}, partitions: [] },
    log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    deadline: 10_000,
    now: () => 4_000,
    ...overrides,
  } as unknown as SliceContext;
}

const region = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

describe('the task runtime context', () => {
  test('remainingTimeMs is the time to the slice deadline, never negative', () => {
    let now = 4_000;
    const context = taskRuntimeContext(slice({ deadline: 10_000, now: () => now }));
    assert.equal(context.remainingTimeMs(), 6_000);
    now = 9_999;
    assert.equal(context.remainingTimeMs(), 1);
    now = 12_000;
    assert.equal(context.remainingTimeMs(), 0);
  });

  test('every logger line names the connector and the task, beside the details given', () => {
    const lines: Line[] = [];
    const logger = taskRuntimeContext(slice({}, lines)).logger();
    logger.info('object uploaded', { key: 'topics/a+0+0000000000.json' });
    logger.warn('slow');
    // A detail may not pass itself off as another task's line.
    logger.error('failed', { connector: 'other', task: 9 });
    assert.deepEqual(lines, [
      {
        level: 'info',
        message: 'object uploaded',
        details: { key: 'topics/a+0+0000000000.json', connector: 'orders-sink', task: 3 },
      },
      { level: 'warn', message: 'slow', details: { connector: 'orders-sink', task: 3 } },
      { level: 'error', message: 'failed', details: { connector: 'orders-sink', task: 3 } },
    ]);
  });

  test('awsClient hands the runtime timeouts to the factory and instruments the client it returns, with its IAM service', async () => {
    const instrumented: Array<{ client: unknown; service: SdkService }> = [];
    const refuse = (client: { readonly middlewareStack: unknown }, service: SdkService) => {
      instrumented.push({ client, service });
      type Stack = { add(m: (next: unknown, c: { commandName?: string }) => () => Promise<never>, o: object): void };
      (client.middlewareStack as Stack).add(
        (_next, c) => async () => {
          throw new Error(`refused ${service}:${c.commandName}`);
        },
        { step: 'initialize', name: 'refuse', priority: 'high' },
      );
    };
    const context = taskRuntimeContext(slice({ awsClients: taskAwsClients(DEFAULT_SDK_TIMEOUTS, refuse) }));
    let given: unknown;
    const client = context.awsClient((defaults) => {
      given = defaults;
      return new DynamoDBClient({ ...defaults, ...region, endpoint: 'http://127.0.0.1:9' });
    });
    assert.deepEqual(given, { requestHandler: DEFAULT_SDK_TIMEOUTS });
    assert.deepEqual(
      instrumented.map((i) => i.service),
      ['dynamodb'],
    );
    assert.equal(instrumented[0]?.client, client);
    // The instrumentation runs before the request leaves: the refusal, not a connection error.
    await assert.rejects(client.send(new ListTablesCommand({})), /refused dynamodb:ListTablesCommand/);
    client.destroy();
  });

  test('the IAM service of a client is its action prefix', () => {
    const clients: Array<[AwsSdkClient & { destroy(): void }, string]> = [
      [new DynamoDBClient(region), 'dynamodb'],
      [new LambdaClient(region), 'lambda'],
      [new SecretsManagerClient(region), 'secretsmanager'],
    ];
    for (const [client, service] of clients) {
      assert.equal(sdkServiceOf(client), service);
      client.destroy();
    }
    assert.throws(() => sdkServiceOf({ middlewareStack: {}, config: {} }), /not return an AWS SDK v3 client/);
  });

  test('outside a runtime the API helpers fall back: SDK defaults, no deadline, a silent logger', () => {
    let given: unknown;
    const client = createAwsClient(undefined, (defaults) => {
      given = defaults;
      return new DynamoDBClient(region);
    });
    assert.deepEqual(given, {});
    client.destroy();
    assert.equal(remainingTimeMs({}), Number.POSITIVE_INFINITY);
    assert.equal(remainingTimeMs({ remainingTimeMs: () => 42 }), 42);
    assert.doesNotThrow(() => taskLogger(undefined).info('dropped'));
    const context = taskRuntimeContext(slice({}));
    assert.equal(remainingTimeMs(context), 6_000);
  });
});

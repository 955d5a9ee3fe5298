/**
 * Starts the local stack for an integration test file (its own broker unless KAFKA_BOOTSTRAP_SERVERS is
 * set, its own embedded DynamoDB unless DYNAMODB_ENDPOINT is set) and stops it after the file, also on
 * failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import { restClient, type RestClient } from './rest.js';

export interface TestStack {
  readonly stack: LocalStack;
  readonly rest: RestClient;
  readonly dataDir: string;
}

/** Options for a stack in tests: env-provided Kafka and DynamoDB are reused, a fast scheduler tick. */
export function testStackOptions(dataDir: string, extra: LocalStackOptions = {}): LocalStackOptions {
  return {
    port: 0,
    dataDir,
    tickMs: 1_000,
    tablePrefix: uniqueName('lc-test'),
    ...(process.env['KAFKA_BOOTSTRAP_SERVERS']
      ? { kafkaBootstrapServers: process.env['KAFKA_BOOTSTRAP_SERVERS'] }
      : {}),
    ...(process.env['DYNAMODB_ENDPOINT'] ? { dynamoEndpoint: process.env['DYNAMODB_ENDPOINT'] } : {}),
    ...extra,
  };
}

/**
 * Registers `before`/`after` hooks on the current suite (call it at suite level, not inside a hook):
 * the stack starts before the suite's tests and stops after them, also when they fail.
 */
export function useTestStack(extra: LocalStackOptions = {}): { readonly current: TestStack } {
  let current: TestStack | undefined;
  before(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lc-stack-'));
    try {
      const stack = await startLocalStack(testStackOptions(join(dataDir, 'state'), extra));
      current = { stack, rest: restClient(stack.url), dataDir };
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  });
  after(async () => {
    if (current === undefined) return;
    const { iam } = current.stack;
    await current.stack.stop();
    await rm(current.dataDir, { recursive: true, force: true });
    // A denial a test did not look for is still a permission the deployed function would lack.
    if (iam !== null && iam.stats.denied > 0) throw new Error(iam.summary());
  });
  return {
    get current(): TestStack {
      if (current === undefined) throw new Error('the test stack has not started');
      return current;
    },
  };
}

/** A name unique to this run, for connectors and topics. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * DynamoDB for tests. `useDynamo()` registers `before`/`after` hooks in the calling test file: before
 * its tests it connects to `DYNAMODB_ENDPOINT` when set (a server in CI, moto, ...) or else starts an
 * embedded in-memory dynalite, and creates the product's three tables under a prefix unique to this
 * file; after them it deletes the tables and stops what it started.
 *
 * ```ts
 * const dynamo = useDynamo();
 * test('writes a config', async () => { await store(dynamo.client, dynamo.tables) ... });
 * ```
 */
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Env } from '../../lib/config/env.js';
import { tableNamesWithPrefix, type TableNames } from '../../lib/stores/tables.js';
import {
  createLocalDynamoClient,
  createTables,
  deleteTables,
  startEmbeddedDynamo,
} from '../../local/dynamodb/index.js';

/** A connected test DynamoDB with this file's tables. */
export interface TestDynamo {
  readonly client: DynamoDBClient;
  readonly tables: TableNames;
  readonly endpoint: string;
  /** Deletes the tables, destroys the client, stops the embedded server (if one was started). */
  close(): Promise<void>;
}

/** The handle `useDynamo()` returns: its members are usable from the first test on. */
export interface TestDynamoHandle {
  readonly client: DynamoDBClient;
  readonly tables: TableNames;
  readonly endpoint: string;
}

/** Connects (or starts dynalite) and creates uniquely named tables; the caller must `close()`. */
export async function createTestDynamo(prefix = uniquePrefix()): Promise<TestDynamo> {
  const external = process.env[Env.DYNAMODB_ENDPOINT];
  const embedded = external === undefined || external === '' ? await startEmbeddedDynamo() : undefined;
  const endpoint = embedded?.endpoint ?? (external as string);
  const client = createLocalDynamoClient(endpoint);
  const tables = tableNamesWithPrefix(prefix);
  try {
    await createTables(client, tables);
  } catch (error) {
    client.destroy();
    await embedded?.close();
    throw error;
  }
  return {
    client,
    tables,
    endpoint,
    close: async () => {
      try {
        // An embedded server takes its tables with it; a shared one must be left clean.
        if (embedded === undefined) await deleteTables(client, tables);
      } finally {
        client.destroy();
        await embedded?.close();
      }
    },
  };
}

/** Registers the file-level hooks described above and returns the handle the tests use. */
export function useDynamo(): TestDynamoHandle {
  let current: TestDynamo | undefined;
  const get = (): TestDynamo => {
    if (current === undefined) throw new Error('useDynamo(): the DynamoDB is used before its before() hook ran');
    return current;
  };
  before(async () => {
    current = await createTestDynamo();
  });
  after(async () => {
    await current?.close();
  });
  return {
    get client() {
      return get().client;
    },
    get tables() {
      return get().tables;
    },
    get endpoint() {
      return get().endpoint;
    },
  };
}

/** `lc-test-<8 hex>`: short (table names max 255) and unique per call. */
export function uniquePrefix(): string {
  return `lc-test-${randomUUID().slice(0, 8)}`;
}

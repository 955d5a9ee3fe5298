/**
 * Item 8 of issue 10: DynamoDB unreachable or throttling answers Connect's retry-later 503, never a 500
 * with a stack. The outage is real: the DynamoDB-compatible server is stopped under a live REST API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRestApi, type RestApi } from '../../../functions/rest-api/api.js';
import { STORE_UNAVAILABLE_MESSAGE, type ErrorLog } from '../../../functions/rest-api/responses.js';
import { Herder } from '../../../lib/herder/herder.js';
import { LoggersApi } from '../../../lib/herder/loggers-api.js';
import { OffsetsApi } from '../../../lib/herder/offsets.js';
import { PluginsApi } from '../../../lib/herder/plugins-api.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createDynamoClient, createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import { tableNamesWithPrefix } from '../../../lib/stores/tables.js';
import { createTables, LOCAL_CREDENTIALS, startEmbeddedDynamo } from '../../../local/dynamodb/index.js';
import { apiEvent, parseResponse } from '../../fixtures/api-gateway-event.js';
import { CountingSchedulerTrigger } from '../../fixtures/counting-scheduler-trigger.js';
import { sourceConfig, uniqueName } from '../../fixtures/herder-harness.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';

function restApiOn(client: DynamoDBClient, log: ErrorLog): RestApi {
  const stores = createDynamoStores(client, tableNamesWithPrefix('unavailable'));
  const plugins = createTestPluginCatalog();
  const herder = new Herder({
    stores,
    plugins,
    scheduler: new CountingSchedulerTrigger(),
    workerId: 'w',
    clusterId: async () => 'c',
  });
  return createRestApi(
    {
      herder,
      offsets: new OffsetsApi({ stores, plugins, kafka: new MemoryKafka() }),
      plugins: new PluginsApi(plugins),
      loggers: new LoggersApi(stores.configs),
      health: async () => undefined,
    },
    { log },
  );
}

const REQUESTS: ReadonlyArray<readonly [string, string, unknown?]> = [
  ['GET', '/connectors'],
  ['GET', '/connectors?expand=status&expand=info'],
  ['POST', '/connectors', { name: 'new-one', config: sourceConfig() }],
  ['GET', '/connectors/x/status'],
  ['PUT', '/connectors/x/config', sourceConfig()],
  ['DELETE', '/connectors/x'],
  ['GET', '/admin/loggers'],
  ['GET', '/connectors/x/offsets'],
];

async function expectRetryLater(api: RestApi): Promise<void> {
  for (const [method, url, body] of REQUESTS) {
    const response = parseResponse<{ error_code: number; message: string }>(
      await api(apiEvent(method, url, body === undefined ? {} : { body })),
    );
    assert.equal(response.status, 503, `${method} ${url}: ${response.raw}`);
    assert.deepEqual(response.body, { error_code: 503, message: STORE_UNAVAILABLE_MESSAGE });
  }
}

test('a DynamoDB server that goes away answers 503 retry-later on every route', async () => {
  const server = await startEmbeddedDynamo();
  const client = createDynamoClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS });
  const logged: string[] = [];
  try {
    await createTables(client, tableNamesWithPrefix('unavailable'));
    const api = restApiOn(client, { error: (message) => logged.push(message) });
    const name = uniqueName();
    assert.equal(
      (await api(apiEvent('POST', '/connectors', { body: { name, config: sourceConfig() } }))).statusCode,
      201,
    );
    await server.close();
    await expectRetryLater(api);
    assert.ok(logged.length > 0 && logged.every((m) => m === 'store unavailable'), `logged: ${logged.join(', ')}`);
  } finally {
    client.destroy();
    await server.close();
  }
});

test('throttling (ProvisionedThroughputExceeded, ThrottlingException, HTTP 5xx) answers 503 retry-later', async () => {
  for (const failure of [
    Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded'), {
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400 },
    }),
    Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    }),
    Object.assign(new Error('We encountered an internal error'), {
      name: 'InternalServerError',
      $metadata: { httpStatusCode: 500 },
    }),
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  ]) {
    const client = { send: async () => Promise.reject(failure) } as unknown as DynamoDBClient;
    await expectRetryLater(restApiOn(client, { error: () => undefined }));
  }
});

test('a DynamoDB error that no retry can fix is still a generic 500 without a stack', async () => {
  const failure = Object.assign(new Error('Requested resource not found'), {
    name: 'ResourceNotFoundException',
    $metadata: { httpStatusCode: 400 },
  });
  const client = { send: async () => Promise.reject(failure) } as unknown as DynamoDBClient;
  const response = parseResponse<{ error_code: number; message: string }>(
    await restApiOn(client, { error: () => undefined })(apiEvent('GET', '/connectors')),
  );
  assert.equal(response.status, 500);
  assert.doesNotMatch(response.body.message, /\bat \w|ResourceNotFound/);
});

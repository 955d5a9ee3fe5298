/**
 * The REST handler as the composition root builds it for AWS (real SDK clients, dynalite), when what it
 * depends on misbehaves: the scheduler kick fails after the change was saved (the change stands and the
 * answer is Connect's), and a DynamoDB endpoint that accepts connections but never answers ends in a 503
 * within the SDK timeouts rather than hanging until the function's timeout.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { createRestHandler } from '../../../functions/rest-api/handler.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../../../functions/rest-api/responses.js';
import { createRuntime, type Runtime } from '../../../lib/runtime/compose.js';
import type { RuntimeConfig } from '../../../lib/runtime/runtime-config.js';
import { useDynamo } from '../../helpers/dynamodb.js';
import { apiEvent, parseResponse } from '../../fixtures/api-gateway-event.js';

const dynamo = useDynamo();
const runtimes: Runtime[] = [];
const servers: Array<{ server: Server; sockets: Socket[] }> = [];
after(async () => {
  for (const runtime of runtimes) await runtime.close();
  for (const { server, sockets } of servers) {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
});

type Warned = Array<{ message: string; details: Record<string, unknown> | undefined }>;

function restHandler(overrides: Partial<RuntimeConfig>): {
  call: (method: string, url: string, body?: unknown) => Promise<ReturnType<typeof parseResponse>>;
  warned: Warned;
} {
  const warned: Warned = [];
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string, details?: Record<string, unknown>) => warned.push({ message, details }),
    error: () => undefined,
  };
  const config: RuntimeConfig = {
    tables: dynamo.tables,
    kafka: { bootstrapServers: ['127.0.0.1:1'], ssl: false },
    taskRunnerFunction: 'task-runner',
    schedulerFunction: 'scheduler',
    workerId: 'test',
    workerProperties: {},
    dynamoEndpoint: dynamo.endpoint,
    region: 'us-east-1',
    ...overrides,
  };
  const runtime = createRuntime(config, log);
  runtimes.push(runtime);
  const api = createRestHandler(runtime);
  return {
    call: async (method, url, body) =>
      parseResponse(await api(apiEvent(method, url, body === undefined ? {} : { body }))),
    warned,
  };
}

/** A TCP server that accepts connections and never writes a byte. */
async function blackHole(): Promise<string> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

const fileSource = (name: string) => ({
  name,
  config: { 'connector.class': 'FileStreamSource', topic: 't', file: '/tmp/none' },
});

test('a scheduler kick that fails after the config was saved: 201 as Connect answers, the config kept, the failure logged', async () => {
  const rest = restHandler({
    lambdaEndpoint: await closedPort(),
    sdkTimeouts: { connectionTimeout: 200, requestTimeout: 500 },
  });
  const created = await rest.call('POST', '/connectors', fileSource('kick-refused'));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await rest.call('GET', '/connectors/kick-refused/config')).status, 200);
  const paused = await rest.call('PUT', '/connectors/kick-refused/pause');
  assert.equal(paused.status, 202);
  const deleted = await rest.call('DELETE', '/connectors/kick-refused');
  assert.equal(deleted.status, 204);
  assert.equal((await rest.call('GET', '/connectors/kick-refused')).status, 404);
  assert.equal(rest.warned.filter((w) => w.message.startsWith('scheduler kick failed')).length, 3);
  assert.match(String(rest.warned[0]?.details?.['reason']), /created kick-refused/);
});

test('a scheduler kick to a Lambda endpoint that never answers ends at the request timeout; the change stands', async () => {
  const rest = restHandler({
    lambdaEndpoint: await blackHole(),
    sdkTimeouts: { connectionTimeout: 200, requestTimeout: 300 },
  });
  const started = Date.now();
  const created = await rest.call('POST', '/connectors', fileSource('kick-hangs'));
  assert.equal(created.status, 201);
  // Three attempts of 300 ms plus the SDK's backoff, far below the REST function's 29 s.
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  assert.match(String(rest.warned[0]?.details?.['error']), /TimeoutError/);
});

test("a DynamoDB endpoint that never answers: 503 in Connect's shape within the SDK timeouts", async () => {
  const rest = restHandler({
    dynamoEndpoint: await blackHole(),
    sdkTimeouts: { connectionTimeout: 200, requestTimeout: 300 },
  });
  const started = Date.now();
  const res = await rest.call('GET', '/connectors');
  assert.equal(res.status, 503);
  assert.deepEqual(res.body, { error_code: 503, message: STORE_UNAVAILABLE_MESSAGE });
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
});

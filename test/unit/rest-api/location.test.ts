/**
 * `Location` as the client must follow it, for each way API Gateway can be reached: the execute-api host
 * (the stage is part of the path), a custom domain mapped at its root (no stage in the path) and a custom
 * domain under a base path. The events carry what API Gateway sets: `requestContext.domainName`,
 * `requestContext.stage` and `requestContext.path` (the path as the client sent it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createRestApi } from '../../../functions/rest-api/api.js';
import { apiEvent } from '../../fixtures/api-gateway-event.js';
import { stubRestServices } from '../../fixtures/stub-rest-services.js';

const rest = createRestApi(
  stubRestServices({
    createConnector: async (name, config) => ({ name: name ?? '', config, tasks: [], type: 'source' }),
    putConnectorConfig: async (name, config) => ({ created: true, info: { name, config, tasks: [], type: 'source' } }),
  }),
  { log: { error: () => undefined } },
);

/** An event as API Gateway builds it for `host` with the client's path `clientPath` (prefix + resource path). */
function reached(
  method: string,
  resourcePath: string,
  host: string,
  prefix: string,
  stage = 'connect',
): APIGatewayProxyEvent {
  const body = method === 'POST' ? { name: 'orders', config: { 'connector.class': 'X' } } : { 'connector.class': 'X' };
  const event = apiEvent(method, resourcePath, { body, headers: { Host: host, 'X-Forwarded-Proto': 'https' }, stage });
  return {
    ...event,
    requestContext: { ...event.requestContext, domainName: host, stage, path: `${prefix}${resourcePath}` },
  };
}

const location = async (event: APIGatewayProxyEvent): Promise<unknown> => (await rest(event)).headers?.['Location'];

test('on the execute-api host the stage is part of the Location', async () => {
  const host = 'abc123.execute-api.eu-west-1.amazonaws.com';
  assert.equal(
    await location(reached('POST', '/connectors', host, '/connect')),
    `https://${host}/connect/connectors/orders`,
  );
  assert.equal(
    await location(reached('PUT', '/connectors/a%20b/config', host, '/connect')),
    `https://${host}/connect/connectors/a%20b`,
  );
});

test('behind a custom domain mapped at its root the Location has no stage', async () => {
  const host = 'connect.example.com';
  assert.equal(await location(reached('POST', '/connectors', host, '')), `https://${host}/connectors/orders`);
  assert.equal(
    await location(reached('PUT', '/connectors/orders/config', host, '')),
    `https://${host}/connectors/orders`,
  );
});

test('behind a custom domain under a base path the Location keeps that base path, not the stage', async () => {
  const host = 'api.example.com';
  assert.equal(
    await location(reached('POST', '/connectors', host, '/kafka-connect', 'prod')),
    `https://${host}/kafka-connect/connectors/orders`,
  );
});

test('requestContext.domainName wins over a Host header that names something else', async () => {
  const event = reached('POST', '/connectors', 'connect.example.com', '');
  const res = await rest({ ...event, headers: { ...event.headers, Host: 'internal-proxy:8080' } });
  assert.equal(res.headers?.['Location'], 'https://connect.example.com/connectors/orders');
});

test("a client path that differs from the resource path only in encoding falls back to the host's rule", async () => {
  const api = 'abc123.execute-api.eu-west-1.amazonaws.com';
  const onApi = reached('PUT', '/connectors/a%2Fb/config', api, '/connect');
  assert.equal(
    await location({ ...onApi, requestContext: { ...onApi.requestContext, path: '/connect/connectors/a/b/config' } }),
    `https://${api}/connect/connectors/a/b`,
  );
  const onDomain = reached('PUT', '/connectors/a%2Fb/config', 'connect.example.com', '');
  assert.equal(
    await location({ ...onDomain, requestContext: { ...onDomain.requestContext, path: '/connectors/a/b/config' } }),
    'https://connect.example.com/connectors/a/b',
  );
});

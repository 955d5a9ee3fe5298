/**
 * `GET /health`: 200 while the state store and Kafka answer; 503 `unhealthy` naming the dependency when
 * one does not (a retry-later answer; Connect answers a stuck worker with 500), never the raw error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRestApi } from '../../../functions/rest-api/api.js';
import type { KafkaPort } from '../../../lib/kafka/kafka-port.js';
import { healthCheck } from '../../../lib/runtime/health.js';
import type { Stores } from '../../../lib/stores/ports.js';
import { apiEvent, parseResponse } from '../../fixtures/api-gateway-event.js';
import { stubRestServices } from '../../fixtures/stub-rest-services.js';

const storeUp = { configs: { getConnector: async () => null } } as unknown as Stores;
const storeDown = {
  configs: { getConnector: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:8000')) },
} as unknown as Stores;
const kafkaUp = { clusterId: async () => 'cluster' } as unknown as KafkaPort;
const kafkaDown = {
  clusterId: async () => Promise.reject(new Error('Connection error: connect ECONNREFUSED 10.0.0.9:9092')),
} as unknown as KafkaPort;
const kafkaHanging = { clusterId: () => new Promise<string>(() => undefined) } as unknown as KafkaPort;

async function health(
  stores: Stores,
  kafka: KafkaPort,
  timeoutMs?: number,
): Promise<{ status: number; body: { status: string; message: string } }> {
  const rest = createRestApi(stubRestServices({}, { health: healthCheck(stores, kafka, timeoutMs) }), {
    log: { error: () => undefined },
  });
  const response = parseResponse<{ status: string; message: string }>(await rest(apiEvent('GET', '/health')));
  return { status: response.status, body: response.body };
}

test('healthy while the state store and Kafka answer', async () => {
  const { status, body } = await health(storeUp, kafkaUp);
  assert.equal(status, 200);
  assert.deepEqual(body, {
    status: 'healthy',
    message: 'Worker has completed startup and is ready to handle requests.',
  });
});

test('503 unhealthy naming Kafka when tasks cannot reach it, without its address', async () => {
  const { status, body } = await health(storeUp, kafkaDown);
  assert.equal(status, 503);
  assert.equal(body.status, 'unhealthy');
  assert.match(
    body.message,
    /^Worker was unable to handle this request and may be unable to handle other requests\. Tasks cannot reach Kafka/,
  );
  assert.doesNotMatch(body.message, /10\.0\.0\.9/);
});

test('503 naming the state store when it is down', async () => {
  const { status, body } = await health(storeDown, kafkaUp);
  assert.equal(status, 503);
  assert.match(body.message, /state store \(DynamoDB\) cannot be reached/);
  assert.doesNotMatch(body.message, /10\.0\.0\.7/);
});

test('a broker that does not answer counts as unreachable after the timeout', async () => {
  const { status, body } = await health(storeUp, kafkaHanging, 50);
  assert.equal(status, 503);
  assert.match(body.message, /cannot reach Kafka/);
});

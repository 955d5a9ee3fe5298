/**
 * Issue 13's pipeline through a local stack, both ends plugin packages found in plugins/: the Datagen
 * source (orders quickstart, 100,000 iterations) → topic → the HTTP sink, batched as JSON arrays, → a real
 * HTTP server. Every order arrives exactly once: orderid runs 0..99,999, one record each.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { HttpTestServer } from '../helpers/http-test-server.js';

const ORDERS = 100_000;
const JSON_CONVERTER = {
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
};

describe('Datagen → Kafka → HTTP sink', () => {
  const ref = useTestStack();
  let server: HttpTestServer | undefined;
  after(async () => server?.close());

  test(`${ORDERS.toLocaleString('en-US')} generated orders each reach the endpoint exactly once`, async () => {
    const { rest } = ref.current;
    const s = await HttpTestServer.start(() => ({ status: 200 }));
    server = s;
    const topic = uniqueName('orders');
    const source = uniqueName('datagen-orders');
    const sink = uniqueName('orders-to-http');
    const orderIds = (): number[] =>
      s.received.flatMap((r) => (JSON.parse(r.body) as Array<{ orderid: number }>).map((o) => o.orderid));
    const created = await rest.post('/connectors', {
      name: source,
      config: {
        'connector.class': 'DatagenConnector',
        'kafka.topic': topic,
        quickstart: 'orders',
        iterations: String(ORDERS),
        'max.interval': '0',
        'random.seed': '7',
        'tasks.max': '1',
        ...JSON_CONVERTER,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sinkCreated = await rest.post('/connectors', {
      name: sink,
      config: {
        'connector.class': 'HttpSink',
        topics: topic,
        'http.api.url': s.url,
        'request.body.format': 'json',
        'batch.max.size': '500',
        'batch.json.as.array': 'true',
        ...JSON_CONVERTER,
      },
    });
    assert.equal(sinkCreated.status, 201, JSON.stringify(sinkCreated.body));
    let count = 0;
    await waitFor(() => (count = orderIds().length) >= ORDERS, {
      timeoutMs: 240_000,
      intervalMs: 500,
      message: `${ORDERS} orders at the endpoint`,
    }).catch((error: Error) => {
      throw new Error(`${error.message} (${count} arrived)`);
    });
    const ids = orderIds();
    assert.equal(ids.length, ORDERS, 'no order twice');
    const sorted = [...ids].sort((a, b) => a - b);
    assert.ok(
      sorted.every((id, i) => id === i),
      'orderids 0..99,999, none missing',
    );
    assert.ok(s.received.every((r) => r.headers['content-type'] === 'application/json'));
    for (const name of [source, sink]) assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });
});

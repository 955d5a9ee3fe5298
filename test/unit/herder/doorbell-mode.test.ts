/** `latency.mode=doorbell` is for sinks (decision 0023): a source with it is a 400 naming the key; a sink is accepted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOORBELL_SINKS_ONLY } from '../../../lib/common/latency-mode.js';
import { sinkConfig, sourceConfig, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();

test('a source connector with latency.mode=doorbell is refused at creation and by validate, with the reason', async () => {
  const config = sourceConfig({ 'latency.mode': 'doorbell' });
  const created = await h.call<{ error_code: number; message: string }>('POST', '/connectors', {
    body: { name: uniqueName('source'), config },
  });
  assert.equal(created.status, 400);
  assert.equal(created.body.error_code, 400);
  assert.ok(created.body.message.includes(DOORBELL_SINKS_ONLY), created.body.message);
  const validated = await h.call<{
    error_count: number;
    configs: Array<{ value: { name: string; errors: string[] } }>;
  }>('PUT', '/connector-plugins/TestSource/config/validate', { body: config });
  const baseline = await h.call<{ error_count: number }>('PUT', '/connector-plugins/TestSource/config/validate', {
    body: sourceConfig(),
  });
  assert.equal(validated.status, 200);
  assert.equal(validated.body.error_count, baseline.body.error_count + 1, 'one error more than without the mode');
  const mode = validated.body.configs.find((c) => c.value.name === 'latency.mode');
  assert.deepEqual(mode?.value.errors, [DOORBELL_SINKS_ONLY]);
});

test('a sink connector with latency.mode=doorbell is accepted; an unknown mode is still refused', async () => {
  const sink = await h.call('POST', '/connectors', {
    body: { name: uniqueName('sink'), config: sinkConfig({ 'latency.mode': 'doorbell' }) },
  });
  assert.equal(sink.status, 201);
  const unknown = await h.call('POST', '/connectors', {
    body: { name: uniqueName('sink'), config: sinkConfig({ 'latency.mode': 'bell' }) },
  });
  assert.equal(unknown.status, 400);
});

/**
 * The scheduler's `ReconcileFailures` metric as CloudWatch receives it (EMF on stdout): one value per
 * tick, zero included, in the namespace and with the dimensions the alarm in infra/ reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createTickMetrics } from '../../../functions/scheduler/metrics.js';
import { MetricName, METRICS_NAMESPACE, METRICS_SERVICE } from '../../../lib/config/metrics.js';

test('every tick publishes ReconcileFailures with its failure count, zero included', (t) => {
  // POWERTOOLS_DEV routes EMF through the global console, which the test can observe; it would also
  // disable metrics unless POWERTOOLS_METRICS_DISABLED says otherwise.
  const env = { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false' };
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  t.after(() => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: unknown) => void lines.push(String(line)));
  const onTick = createTickMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }));
  onTick({ connectors: 3, invoked: 2, failures: 0 });
  onTick({ connectors: 3, invoked: 1, failures: 2 });
  const emitted = lines.map(
    (l) =>
      JSON.parse(l) as Record<string, unknown> & {
        _aws: {
          CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
        };
      },
  );
  assert.deepEqual(
    emitted.map((e) => e[MetricName.RECONCILE_FAILURES]),
    [0, 2],
  );
  for (const e of emitted) {
    const [directive] = e._aws.CloudWatchMetrics;
    assert.equal(directive?.Namespace, METRICS_NAMESPACE);
    assert.deepEqual(directive?.Dimensions, [['service']]);
    assert.deepEqual(
      directive?.Metrics.map((m) => m.Name),
      [MetricName.RECONCILE_FAILURES],
    );
    assert.equal(e['service'], METRICS_SERVICE);
  }
});

/**
 * The scheduler's own CloudWatch metric (Powertools Metrics, EMF in its logs): how many connectors each
 * tick failed to reconcile. One value per tick, zero included, so the alarm sees a steady series and a
 * failure count, not an absence of data; no connector dimension (the failing connector's status and the
 * scheduler's log say which one).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/config/metrics.js';
import type { TickReport } from '../../lib/scheduler/scheduler.js';

export function createTickMetrics(
  metrics = new Metrics({
    namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? METRICS_NAMESPACE,
    serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? METRICS_SERVICE,
  }),
): (report: TickReport) => void {
  return (report) => {
    metrics.addMetric(MetricName.RECONCILE_FAILURES, MetricUnit.Count, report.failures);
    metrics.publishStoredMetrics();
  };
}

/**
 * Per-slice CloudWatch metrics (Powertools Metrics, EMF in the function's logs), per connector: records,
 * slice duration, sink lag and failures. The alarms and dashboard of `infra/` read exactly these.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricDimension, MetricName, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/config/metrics.js';
import type { SliceReport } from '../../lib/worker/task-runner.js';

export function createSliceMetrics(): (report: SliceReport) => void {
  const metrics = new Metrics({
    namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? METRICS_NAMESPACE,
    serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? METRICS_SERVICE,
  });
  return (report) => {
    if (report.outcome !== 'completed' && report.outcome !== 'failed') return;
    // Idle slices publish nothing: per-connector custom metrics cost money for every minute they are kept alive.
    if (report.outcome === 'completed' && (report.records ?? 0) === 0 && (report.lag ?? 0) === 0) return;
    metrics.addDimension(MetricDimension.CONNECTOR, report.connector);
    metrics.addMetric(MetricName.RECORDS, MetricUnit.Count, report.records ?? 0);
    metrics.addMetric(MetricName.SLICE_DURATION, MetricUnit.Milliseconds, report.durationMs);
    if (report.lag !== undefined) metrics.addMetric(MetricName.SINK_LAG, MetricUnit.Count, report.lag);
    metrics.addMetric(MetricName.TASK_FAILURES, MetricUnit.Count, report.outcome === 'failed' ? 1 : 0);
    metrics.publishStoredMetrics();
  };
}

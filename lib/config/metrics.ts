/**
 * The CloudWatch metrics the handlers emit through Powertools Metrics (EMF in their logs) and the
 * alarms and dashboard read. Powertools always adds a `service` dimension, set from
 * `POWERTOOLS_SERVICE_NAME`; the construct sets that to {@link METRICS_SERVICE} on every function, so
 * each metric carries exactly the dimensions `service` and `connector`.
 */
export const METRICS_NAMESPACE = 'LambdaConnect';
export const METRICS_SERVICE = 'lambda-connect';

export const MetricDimension = { CONNECTOR: 'connector', SERVICE: 'service' } as const;

export const MetricName = {
  /** Count of records a source slice produced or a sink slice delivered. */
  RECORDS: 'Records',
  /** Count of task slices that ended with the task FAILED. */
  TASK_FAILURES: 'TaskFailures',
  /** Records between a sink task's committed offsets and the log end (max over its partitions). */
  SINK_LAG: 'SinkLag',
  /** Milliseconds one slice ran. */
  SLICE_DURATION: 'SliceDurationMs',
  /** Connectors one scheduler tick failed to reconcile (dimension `service` only, one value per tick). */
  RECONCILE_FAILURES: 'ReconcileFailures',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

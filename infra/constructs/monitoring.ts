/**
 * Alarms and a dashboard over the per-connector metrics the handlers emit (lib/config/metrics.ts) and the
 * functions' own Lambda metrics. Fleet-wide views use Metrics Insights queries, so connectors created
 * later through the REST API appear without a redeploy; connectors declared in code can add alarms of
 * their own with {@link LambdaConnectMonitoring.addConnectorAlarms}.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricDimension, MetricName } from '../../lib/config/metrics.js';
import type { MonitoringProps } from './props.js';

export interface MonitoredResources {
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The task-runner's on-failure destination. */
  readonly failureQueue: sqs.IQueue;
  /** Tables by role, each alarmed on throttled requests. */
  readonly tables?: Readonly<Record<string, dynamodb.ITable>>;
  /** The REST API, alarmed on 5xx answers. */
  readonly api?: apigw.RestApi;
}

/** The alarms on the deployment's own resources (not per connector). */
export interface OperationalAlarms {
  /** Per function: invocations that ended in an error (a crash, a timeout, an unhandled rejection). */
  readonly functionErrors: Readonly<Record<string, cloudwatch.Alarm>>;
  /** Per function: invocations Lambda refused for lack of concurrency. */
  readonly functionThrottles: Readonly<Record<string, cloudwatch.Alarm>>;
  /** Per table: read or write requests DynamoDB throttled. */
  readonly tableThrottles: Readonly<Record<string, cloudwatch.Alarm>>;
  /** 5xx answers of the REST API (API Gateway's own and the handler's). */
  readonly api5xx: cloudwatch.Alarm | undefined;
  /** Connectors the scheduler failed to reconcile (its `ReconcileFailures` metric). */
  readonly reconcileFailures: cloudwatch.Alarm;
}

export interface ConnectorAlarmOptions {
  /** Lag growth is only alarming above this many records. Default 1000. */
  readonly minLag?: number;
}

export interface ConnectorAlarms {
  readonly taskFailures: cloudwatch.Alarm;
  readonly sinkLagGrowing: cloudwatch.Alarm;
}

const ALARM_PERIOD = Duration.minutes(5);
const GRAPH_PERIOD = Duration.minutes(1);
const SERIES_LABEL = '${LABEL}';
const SCHEMA = `SCHEMA("${METRICS_NAMESPACE}", ${MetricDimension.CONNECTOR}, ${MetricDimension.SERVICE})`;

/** A Metrics Insights query over every connector: one series, or one per connector with `byConnector`. */
function insights(fn: 'SUM' | 'MAX' | 'AVG', metric: MetricName, period: Duration, byConnector: boolean) {
  const groupBy = byConnector ? ` GROUP BY ${MetricDimension.CONNECTOR}` : '';
  return new cloudwatch.MathExpression({
    expression: `SELECT ${fn}(${metric}) FROM ${SCHEMA}${groupBy}`,
    period,
    // CloudWatch's dynamic label: the connector name of each grouped series.
    label: byConnector ? SERIES_LABEL : metric,
  });
}

export class LambdaConnectMonitoring extends Construct {
  readonly taskFailuresAlarm: cloudwatch.Alarm;
  readonly sinkLagAlarm: cloudwatch.Alarm;
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
  readonly operational: OperationalAlarms;
  readonly dashboard: cloudwatch.Dashboard;
  readonly #props: MonitoringProps;

  constructor(scope: Construct, id: string, resources: MonitoredResources, props: MonitoringProps = {}) {
    super(scope, id);
    this.#props = props;
    this.taskFailuresAlarm = this.#alarm('TaskFailures', {
      metric: insights('SUM', MetricName.TASK_FAILURES, ALARM_PERIOD, false),
      threshold: 0,
      evaluationPeriods: 1,
      alarmDescription: 'A connector task failed (any connector; see the dashboard for which)',
    });
    const lagPeriods = props.lagEvaluationPeriods ?? 3;
    this.sinkLagAlarm = this.#alarm('SinkLag', {
      metric: insights('MAX', MetricName.SINK_LAG, ALARM_PERIOD, false),
      threshold: props.sinkLagThreshold ?? 100_000,
      evaluationPeriods: lagPeriods,
      alarmDescription: `A sink connector's lag stayed above the threshold for ${lagPeriods} periods`,
    });
    this.failedInvocationsAlarm = this.#alarm('FailedTaskInvocations', {
      metric: resources.failureQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD }),
      threshold: 0,
      evaluationPeriods: 1,
      alarmDescription: 'Task-runner invocations failed or expired (see the failure queue)',
    });
    this.operational = this.#operationalAlarms(resources);
    this.dashboard = this.#dashboard(resources, props.dashboardName);
  }

  /** A connector's own metric, with the dimensions the handlers emit. */
  metric(metricName: MetricName, connector: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [MetricDimension.CONNECTOR]: connector, [MetricDimension.SERVICE]: METRICS_SERVICE },
      period: ALARM_PERIOD,
      ...props,
    });
  }

  /** Alarms for one connector: any failed task, and sink lag growing period after period. */
  addConnectorAlarms(scope: Construct, connector: string, options: ConnectorAlarmOptions = {}): ConnectorAlarms {
    const lag = this.metric(MetricName.SINK_LAG, connector, { statistic: cloudwatch.Stats.MAXIMUM });
    const periods = this.#props.lagEvaluationPeriods ?? 3;
    const taskFailures = this.#alarm(
      'TaskFailures',
      {
        metric: this.metric(MetricName.TASK_FAILURES, connector, { statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        evaluationPeriods: 1,
        alarmDescription: `A task of connector ${connector} failed`,
      },
      scope,
    );
    const sinkLagGrowing = this.#alarm(
      'SinkLagGrowing',
      {
        metric: new cloudwatch.MathExpression({
          expression: `IF(lag > ${options.minLag ?? 1000}, DIFF(lag), 0)`,
          usingMetrics: { lag },
          label: `${connector} sink lag growth`,
        }),
        threshold: 0,
        evaluationPeriods: periods,
        alarmDescription: `The sink lag of connector ${connector} grew for ${periods} periods in a row`,
      },
      scope,
    );
    return { taskFailures, sinkLagGrowing };
  }

  #alarm(
    id: string,
    props: Pick<cloudwatch.AlarmProps, 'metric' | 'threshold' | 'evaluationPeriods' | 'alarmDescription'>,
    scope: Construct = this,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      ...props,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No data means no slices ran for that metric, which is not a failure.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const action of this.#props.alarmActions ?? []) alarm.addAlarmAction(action);
    if (this.#props.alarmTopic !== undefined)
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.#props.alarmTopic));
    return alarm;
  }

  #operationalAlarms(resources: MonitoredResources): OperationalAlarms {
    const any = (id: string, metric: cloudwatch.IMetric, alarmDescription: string) =>
      this.#alarm(id, { metric, threshold: 0, evaluationPeriods: 1, alarmDescription });
    const functionErrors: Record<string, cloudwatch.Alarm> = {};
    const functionThrottles: Record<string, cloudwatch.Alarm> = {};
    for (const [name, fn] of Object.entries(resources.functions)) {
      const id = pascal(name);
      functionErrors[name] = any(
        `${id}Errors`,
        fn.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        `The ${name} function ended invocations in an error (crash or timeout)`,
      );
      functionThrottles[name] = any(
        `${id}Throttles`,
        fn.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        `Lambda throttled invocations of the ${name} function`,
      );
    }
    const tableThrottles: Record<string, cloudwatch.Alarm> = {};
    for (const [role, table] of Object.entries(resources.tables ?? {})) {
      tableThrottles[role] = any(
        `${pascal(role)}TableThrottles`,
        tableThrottleEvents(table),
        `DynamoDB throttled requests to the ${role} table`,
      );
    }
    const api5xx =
      resources.api === undefined
        ? undefined
        : any(
            'Api5xx',
            resources.api.metricServerError({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
            'The REST API answered 5xx',
          );
    const reconcileFailures = any(
      'ReconcileFailures',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: MetricName.RECONCILE_FAILURES,
        dimensionsMap: { [MetricDimension.SERVICE]: METRICS_SERVICE },
        period: ALARM_PERIOD,
        statistic: cloudwatch.Stats.SUM,
      }),
      'The scheduler failed to reconcile a connector (its status is FAILED; the scheduler log says why)',
    );
    return { functionErrors, functionThrottles, tableThrottles, api5xx, reconcileFailures };
  }

  #dashboard(resources: MonitoredResources, dashboardName: string | undefined): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(dashboardName === undefined ? {} : { dashboardName }),
      defaultInterval: Duration.hours(3),
    });
    const perConnector = (title: string, expression: cloudwatch.IMetric): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({ title, left: [expression], width: 12, height: 6 });
    const recordsPerMinute = insights('SUM', MetricName.RECORDS, GRAPH_PERIOD, true);
    const fns = Object.entries(resources.functions);
    dashboard.addWidgets(
      perConnector(
        'Records per second',
        new cloudwatch.MathExpression({
          expression: `records / ${GRAPH_PERIOD.toSeconds()}`,
          usingMetrics: { records: recordsPerMinute },
          period: GRAPH_PERIOD,
          label: SERIES_LABEL,
        }),
      ),
      perConnector('Sink lag (records, max)', insights('MAX', MetricName.SINK_LAG, GRAPH_PERIOD, true)),
    );
    dashboard.addWidgets(
      perConnector('Slice duration (ms, max)', insights('MAX', MetricName.SLICE_DURATION, GRAPH_PERIOD, true)),
      perConnector('Task failures', insights('SUM', MetricName.TASK_FAILURES, GRAPH_PERIOD, true)),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        left: fns.map(([name, fn]) => fn.metricErrors({ label: name, period: GRAPH_PERIOD })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda throttles',
        left: fns.map(([name, fn]) => fn.metricThrottles({ label: name, period: GRAPH_PERIOD })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed task invocations (queue)',
        left: [resources.failureQueue.metricApproximateNumberOfMessagesVisible({ period: GRAPH_PERIOD })],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [
          this.taskFailuresAlarm,
          this.sinkLagAlarm,
          this.failedInvocationsAlarm,
          ...operationalAlarmList(this.operational),
        ],
        width: 24,
      }),
    );
    return dashboard;
  }
}

/** Read plus write throttle events of one table. */
function tableThrottleEvents(table: dynamodb.ITable): cloudwatch.IMetric {
  const events = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensionsMap: { TableName: table.tableName },
      period: ALARM_PERIOD,
      statistic: cloudwatch.Stats.SUM,
    });
  return new cloudwatch.MathExpression({
    expression: 'FILL(r, 0) + FILL(w, 0)',
    usingMetrics: { r: events('ReadThrottleEvents'), w: events('WriteThrottleEvents') },
    period: ALARM_PERIOD,
    label: 'throttle events',
  });
}

function operationalAlarmList(alarms: OperationalAlarms): cloudwatch.IAlarm[] {
  return [
    ...Object.values(alarms.functionErrors),
    ...Object.values(alarms.functionThrottles),
    ...Object.values(alarms.tableThrottles),
    ...(alarms.api5xx === undefined ? [] : [alarms.api5xx]),
    alarms.reconcileFailures,
  ];
}

/** `task-runner` becomes `TaskRunner` (construct ids). */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

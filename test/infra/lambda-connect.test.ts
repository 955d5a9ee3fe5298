/**
 * The default deployment (IAM auth, no SASL, no VPC): one synth shared by every test in this file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { Env } from '../../lib/config/env.js';
import { runtimeConfigFromEnv } from '../../lib/runtime/runtime-config.js';
import { TableKey } from '../../lib/stores/tables.js';
import {
  DYNAMODB_READ_ACTIONS,
  DYNAMODB_WRITE_ACTIONS,
  LambdaConnect,
  METRICS_NAMESPACE,
  MetricName,
} from '../../infra/constructs/index.js';
import {
  actionsOf,
  actionsOn,
  environmentOf,
  functionByDescription,
  logicalId,
  resources,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
  synth,
} from './helpers.js';

// CloudFormation schema validation runs in lambda-connect-options.test.ts, over a superset of these resources.
const { template } = synth(
  (stack) => {
    new LambdaConnect(stack, 'LC', { kafka: { bootstrapServers: 'b-1.kafka.internal:9092' } });
  },
  { cfnValidation: false },
);

const TASK_RUNNER = functionByDescription(template, 'lambda-connect task runner');
const SCHEDULER = functionByDescription(template, 'lambda-connect scheduler');
const REST_API = functionByDescription(template, 'lambda-connect REST API');
const DOORBELL = functionByDescription(template, 'lambda-connect doorbell');
const RUNTIME_FUNCTIONS = {
  'task-runner': TASK_RUNNER,
  scheduler: SCHEDULER,
  'rest-api': REST_API,
  doorbell: DOORBELL,
};
const CONFIG = logicalId(template, 'AWS::DynamoDB::Table', 'LCTablesConfig');
const OFFSETS = logicalId(template, 'AWS::DynamoDB::Table', 'LCTablesOffsets');
const STATE = logicalId(template, 'AWS::DynamoDB::Table', 'LCTablesState');
const READ = [...DYNAMODB_READ_ACTIONS].sort();
const READ_WRITE = [...DYNAMODB_READ_ACTIONS, ...DYNAMODB_WRITE_ACTIONS].sort();

describe('tables', () => {
  test('three on-demand tables with pk/sk, point-in-time recovery, retained on deletion', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 3);
    template.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: [
          { AttributeName: TableKey.PARTITION, KeyType: 'HASH' },
          { AttributeName: TableKey.SORT, KeyType: 'RANGE' },
        ],
      }),
    });
  });
});

describe('functions', () => {
  test('nodejs22.x on arm64 with JSON logs into a log group with a retention', () => {
    for (const [name, fn] of Object.entries(RUNTIME_FUNCTIONS)) {
      const p = fn.Properties;
      assert.equal(p['Runtime'], 'nodejs22.x', name);
      assert.deepEqual(p['Architectures'], ['arm64'], name);
      assert.equal(p['Handler'], 'index.handler', name);
      assert.deepEqual(
        p['LoggingConfig'],
        {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'WARN',
          LogGroup: { Ref: (p['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref },
        },
        name,
      );
    }
    // The three functions' log groups and the API's access logs.
    template.resourceCountIs('AWS::Logs::LogGroup', 5);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the task runner allows recursive loops; the others keep the default', () => {
    assert.equal(TASK_RUNNER.Properties['RecursiveLoop'], 'Allow');
    assert.equal(SCHEDULER.Properties['RecursiveLoop'], undefined);
    assert.equal(REST_API.Properties['RecursiveLoop'], undefined);
  });

  test('task-runner async invocations: no retries, failures to the SQS queue', () => {
    const queue = logicalId(template, 'AWS::SQS::Queue', 'LCTaskFailureQueue');
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: TASK_RUNNER.id },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: SCHEDULER.id },
      MaximumRetryAttempts: 0,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });
});

describe('schedule', () => {
  test('EventBridge Scheduler invokes the scheduler every minute, without retries', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [SCHEDULER.id, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        // A scheduled tick is marked, so the handler tells it from a REST kick (decision 0023).
        Input: JSON.stringify({ source: 'lambda-connect.schedule' }),
      }),
    });
  });
});

describe('API', () => {
  test('every method requires IAM auth and proxies to the REST handler', () => {
    const methods = resources(template, 'AWS::ApiGateway::Method');
    assert.equal(methods.length, 2);
    for (const method of methods) {
      assert.equal(method.Properties['AuthorizationType'], 'AWS_IAM', method.id);
      assert.match(JSON.stringify(method.Properties['Integration']), new RegExp(REST_API.id));
    }
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
  });

  test('the stage is throttled, and API Gateway errors use Connect error bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'connect',
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
      ResponseTemplates: { 'application/json': '{"error_code":403,"message":$context.error.messageString}' },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      StatusCode: '429',
    });
  });
});

describe('IAM', () => {
  const policies = [
    ...resources(template, 'AWS::IAM::Policy').map((p) => p.Properties['PolicyDocument']),
    ...resources(template, 'AWS::IAM::Role').flatMap((r) =>
      ((r.Properties['Policies'] as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument),
    ),
  ] as { Statement: Parameters<typeof actionsOf>[0][] }[];
  const allows = policies.flatMap((doc) => doc.Statement).filter((s) => s.Effect === 'Allow');

  test('no statement allows a wildcard action or a wildcard resource, but the doorbell mappings API that takes none', () => {
    assert.ok(allows.length > 10);
    const wildcards: unknown[] = [];
    for (const statement of allows) {
      for (const action of actionsOf(statement)) assert.ok(!action.includes('*'), `wildcard action ${action}`);
      if (resourcesOf(statement).includes('*')) wildcards.push(statement);
    }
    // CreateEventSourceMapping only on the doorbell function; ListEventSourceMappings has no resource or condition key.
    assert.deepEqual(wildcards, [
      {
        Action: 'lambda:CreateEventSourceMapping',
        Condition: { StringEquals: { 'lambda:FunctionArn': { 'Fn::GetAtt': [DOORBELL.id, 'Arn'] } } },
        Effect: 'Allow',
        Resource: '*',
      },
      { Action: 'lambda:ListEventSourceMappings', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('scheduler: deletes event source mappings only of the doorbell function, and is told its name', () => {
    const statements = statementsOfRole(template, roleIdOf(SCHEDULER));
    const deletes = statements.filter((s) => actionsOf(s).includes('lambda:DeleteEventSourceMapping'));
    assert.equal(deletes.length, 1);
    assert.deepEqual((deletes[0] as { Condition?: unknown } | undefined)?.Condition, {
      StringEquals: { 'lambda:FunctionArn': { 'Fn::GetAtt': [DOORBELL.id, 'Arn'] } },
    });
    assert.match(JSON.stringify(resourcesOf(deletes[0]!)), /:event-source-mapping:\*/);
    assert.equal(environmentOf(SCHEDULER)[Env.DOORBELL_FUNCTION], DOORBELL.Properties['FunctionName']);
    assert.deepEqual(JSON.parse(String(environmentOf(SCHEDULER)[Env.DOORBELL_EVENT_SOURCE])), {
      batchingWindowSeconds: 0,
    });
    for (const fn of [TASK_RUNNER, REST_API, DOORBELL]) {
      const esm = statementsOfRole(template, roleIdOf(fn)).filter((s) =>
        actionsOf(s).some((a) => a.includes('EventSourceMapping')),
      );
      assert.deepEqual(esm, [], 'only the scheduler manages mappings');
    }
  });

  test('doorbell: reads config, reads and writes state (task statuses), nothing on offsets, invokes only the task runner', () => {
    const statements = statementsOfRole(template, roleIdOf(DOORBELL));
    assert.deepEqual(actionsOn(statements, CONFIG), READ);
    assert.deepEqual(actionsOn(statements, STATE), READ_WRITE);
    assert.deepEqual(actionsOn(statements, OFFSETS), []);
    assert.deepEqual(invokeTargets(statements), [TASK_RUNNER.id]);
    assert.equal(DOORBELL.Properties['Timeout'], 30);
  });

  test('function roles carry no managed policies (no logs:* on every log group)', () => {
    for (const fn of Object.values(RUNTIME_FUNCTIONS)) {
      const role = resources(template, 'AWS::IAM::Role').find((r) => r.id === roleIdOf(fn));
      assert.equal(role?.Properties['ManagedPolicyArns'], undefined);
      const logs = statementsOfRole(template, roleIdOf(fn)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      assert.deepEqual(logs.flatMap(actionsOf).sort(), ['logs:CreateLogStream', 'logs:PutLogEvents']);
    }
  });

  test('REST handler: read-write on all three tables, invokes only the scheduler', () => {
    const statements = statementsOfRole(template, roleIdOf(REST_API));
    assert.deepEqual(actionsOn(statements, CONFIG), READ_WRITE);
    assert.deepEqual(actionsOn(statements, STATE), READ_WRITE);
    assert.deepEqual(actionsOn(statements, OFFSETS), READ_WRITE);
    assert.deepEqual(invokeTargets(statements), [SCHEDULER.id]);
  });

  test('scheduler: read-write on config and state, nothing on offsets, invokes only the task runner', () => {
    const statements = statementsOfRole(template, roleIdOf(SCHEDULER));
    assert.deepEqual(actionsOn(statements, CONFIG), READ_WRITE);
    assert.deepEqual(actionsOn(statements, STATE), READ_WRITE);
    assert.deepEqual(actionsOn(statements, OFFSETS), []);
    assert.deepEqual(invokeTargets(statements), [TASK_RUNNER.id]);
  });

  test('task runner: reads config, writes offsets and state, invokes only itself', () => {
    const statements = statementsOfRole(template, roleIdOf(TASK_RUNNER));
    assert.deepEqual(actionsOn(statements, CONFIG), READ);
    assert.deepEqual(actionsOn(statements, OFFSETS), READ_WRITE);
    assert.deepEqual(actionsOn(statements, STATE), READ_WRITE);
    assert.deepEqual(invokeTargets(statements), [TASK_RUNNER.id]);
  });

  test('without secretArns/parameterArns no function may read secrets or parameters', () => {
    const actions = allows.flatMap(actionsOf);
    assert.ok(
      !actions.some((a) => a.startsWith('secretsmanager:') || a.startsWith('ssm:') || a.startsWith('kafka-cluster:')),
    );
  });
});

describe('environment wiring', () => {
  test('each runtime function names the tables, the functions and Kafka by the variables in lib/config/env.ts', () => {
    for (const [name, fn] of Object.entries(RUNTIME_FUNCTIONS)) {
      const env = environmentOf(fn);
      assert.deepEqual(env[Env.CONFIG_TABLE], { Ref: CONFIG }, name);
      assert.deepEqual(env[Env.OFFSETS_TABLE], { Ref: OFFSETS }, name);
      assert.deepEqual(env[Env.STATE_TABLE], { Ref: STATE }, name);
      assert.equal(env[Env.KAFKA_BOOTSTRAP_SERVERS], 'b-1.kafka.internal:9092', name);
      assert.equal(env[Env.KAFKA_SSL], 'false', name);
      assert.equal(env[Env.METRICS_NAMESPACE], METRICS_NAMESPACE, name);
      assert.equal(env[Env.LOG_LEVEL], 'INFO', name);
    }
  });

  test('function names in the environment are the names the functions really get', () => {
    const taskRunnerName = TASK_RUNNER.Properties['FunctionName'];
    const schedulerName = SCHEDULER.Properties['FunctionName'];
    assert.equal(typeof taskRunnerName, 'string');
    // The task runner names itself with a literal: a reference to itself would be a dependency cycle.
    assert.equal(environmentOf(TASK_RUNNER)[Env.TASK_RUNNER_FUNCTION], taskRunnerName);
    assert.equal(environmentOf(REST_API)[Env.TASK_RUNNER_FUNCTION], taskRunnerName);
    assert.deepEqual(environmentOf(SCHEDULER)[Env.TASK_RUNNER_FUNCTION], { Ref: TASK_RUNNER.id });
    assert.equal(environmentOf(SCHEDULER)[Env.SCHEDULER_FUNCTION], schedulerName);
    assert.deepEqual(environmentOf(REST_API)[Env.SCHEDULER_FUNCTION], { Ref: SCHEDULER.id });
  });

  test("the handlers' runtime config accepts every runtime function's environment", () => {
    for (const [name, fn] of Object.entries(RUNTIME_FUNCTIONS)) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(fn)).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : `resolved-${JSON.stringify(v)}`,
        ]),
      );
      assert.doesNotThrow(() => runtimeConfigFromEnv({ ...env, AWS_REGION: 'eu-west-1' }), name);
    }
  });
});

describe('observability', () => {
  test('alarms on task failures, sink lag and failed invocations', () => {
    // Those three, errors and throttles of the 4 functions, throttles of the 3 tables, API 5xx, reconcile failures.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 + 8 + 3 + 1 + 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [
        Match.objectLike({
          Expression: Match.stringLikeRegexp(
            `SUM\\(${MetricName.TASK_FAILURES}\\) FROM SCHEMA\\("${METRICS_NAMESPACE}"`,
          ),
        }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp(`MAX\\(${MetricName.SINK_LAG}\\)`) })],
      EvaluationPeriods: 3,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
  });

  test('the dashboard shows records, lag, slice duration, failures, Lambda errors and throttles', () => {
    const [dashboard] = resources(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties['DashboardBody']);
    for (const needle of [
      MetricName.RECORDS,
      MetricName.SINK_LAG,
      MetricName.SLICE_DURATION,
      MetricName.TASK_FAILURES,
      'Errors',
      'Throttles',
    ]) {
      assert.ok(body.includes(needle), needle);
    }
  });
});

function invokeTargets(statements: ReturnType<typeof statementsOfRole>): string[] {
  return statements
    .filter((s) => actionsOf(s).includes('lambda:InvokeFunction'))
    .flatMap(resourcesOf)
    .map((r) => (r as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0])
    .sort();
}

describe('FileStream opt-in (decision 0008)', () => {
  test('by default every runtime function leaves the FileStream connectors out', () => {
    for (const [name, fn] of Object.entries(RUNTIME_FUNCTIONS)) {
      assert.equal(environmentOf(fn)[Env.FILE_STREAM_ENABLED], 'false', name);
      assert.equal(environmentOf(fn)[Env.FILE_ALLOWED_DIRS], undefined, name);
    }
  });

  test('opted in, they are registered and confined to the named directories (default /tmp)', () => {
    for (const [fileStream, dirs] of [
      [{}, '/tmp'],
      [{ allowedDirs: ['/tmp/in', '/tmp/out'] }, '/tmp/in:/tmp/out'],
    ] as const) {
      const optedIn = synth(
        (stack) => new LambdaConnect(stack, 'LC', { kafka: { bootstrapServers: 'b:9092' }, fileStream }),
        { cfnValidation: false },
      ).template;
      for (const description of ['lambda-connect task runner', 'lambda-connect scheduler', 'lambda-connect REST API']) {
        const env = environmentOf(functionByDescription(optedIn, description));
        assert.equal(env[Env.FILE_STREAM_ENABLED], 'true', description);
        assert.equal(env[Env.FILE_ALLOWED_DIRS], dirs, description);
      }
    }
  });
});

/**
 * Operations: alarms on every function, table and the API, the scheduler's own reconcile-failure metric,
 * an optional SNS topic for every alarm, API access logs, the task runner's default concurrency cap, KMS
 * grants for a SCRAM secret's customer-managed key, and table deletion protection; as props and as the
 * default app's context values.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { METRICS_NAMESPACE, MetricName } from '../../lib/config/metrics.js';
import { DEFAULT_TASK_RUNNER_CONCURRENCY, KafkaSaslMechanism, LambdaConnect } from '../../infra/constructs/index.js';
import { propsFromContext, connectorsFromContext } from '../../infra/context.js';
import { LambdaConnectStack } from '../../infra/lambda-connect-stack.js';
import {
  functionByDescription,
  resources,
  roleIdOf,
  statementsOfRole,
  synth,
  withCfnValidation,
  type Resource,
} from './helpers.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_prod-AbCdEf';

const { template } = synth(
  (stack) => {
    const topic = new sns.Topic(stack, 'Ops');
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Scram', SECRET_ARN);
    const connect = new LambdaConnect(stack, 'LC', {
      kafka: {
        bootstrapServers: 'b-1:9096',
        auth: { mechanism: KafkaSaslMechanism.SCRAM_SHA_512, secret, secretKmsKeyArn: KEY_ARN },
      },
      tables: { deletionProtection: true },
      monitoring: { alarmTopic: topic },
    });
    void connect.connectorsProvider;
  },
  { cfnValidation: false },
);

const alarms = resources(template, 'AWS::CloudWatch::Alarm');
const FUNCTIONS = {
  'rest-api': functionByDescription(template, 'lambda-connect REST API'),
  scheduler: functionByDescription(template, 'lambda-connect scheduler'),
  'task-runner': functionByDescription(template, 'lambda-connect task runner'),
};

function alarmOn(metricName: string, dimension: [string, unknown]): Resource | undefined {
  return alarms.find((a) => {
    const p = a.Properties;
    const dims = (p['Dimensions'] as Array<{ Name: string; Value: unknown }> | undefined) ?? [];
    return (
      p['MetricName'] === metricName &&
      dims.some((d) => d.Name === dimension[0] && JSON.stringify(d.Value) === JSON.stringify(dimension[1]))
    );
  });
}

describe('alarms', () => {
  test('errors and throttles of each function, alarming on the first one', () => {
    for (const [name, fn] of Object.entries(FUNCTIONS)) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarmOn(metric, ['FunctionName', { Ref: fn.id }]);
        assert.ok(alarm, `${metric} alarm of ${name}`);
        assert.equal(alarm.Properties['Namespace'], 'AWS/Lambda');
        assert.equal(alarm.Properties['Statistic'], 'Sum');
        assert.equal(alarm.Properties['Threshold'], 0);
        assert.equal(alarm.Properties['ComparisonOperator'], 'GreaterThanThreshold');
      }
    }
  });

  test('5xx answers of the REST API', () => {
    const api = resources(template, 'AWS::ApiGateway::RestApi')[0];
    const alarm = alarms.find((a) => a.Properties['MetricName'] === '5XXError');
    assert.ok(alarm);
    assert.equal(alarm.Properties['Namespace'], 'AWS/ApiGateway');
    assert.ok(JSON.stringify(alarm.Properties['Dimensions']).includes(JSON.stringify(api?.Properties['Name'])));
  });

  test('read and write throttles of each table', () => {
    for (const table of resources(template, 'AWS::DynamoDB::Table')) {
      const alarm = alarms.find((a) =>
        JSON.stringify(a.Properties['Metrics'] ?? []).includes(JSON.stringify({ Ref: table.id })),
      );
      assert.ok(alarm, `throttle alarm of ${table.id}`);
      const metrics = JSON.stringify(alarm.Properties['Metrics']);
      assert.match(metrics, /ReadThrottleEvents/);
      assert.match(metrics, /WriteThrottleEvents/);
    }
  });

  test("the scheduler's reconcile failures, a metric of its own", () => {
    const alarm = alarms.find((a) => a.Properties['MetricName'] === MetricName.RECONCILE_FAILURES);
    assert.ok(alarm);
    assert.equal(alarm.Properties['Namespace'], METRICS_NAMESPACE);
    assert.deepEqual(alarm.Properties['Dimensions'], [{ Name: 'service', Value: 'lambda-connect' }]);
  });

  test('every alarm notifies the SNS topic given', () => {
    const topic = resources(template, 'AWS::SNS::Topic')[0];
    assert.ok(alarms.length >= 14);
    for (const alarm of alarms) assert.deepEqual(alarm.Properties['AlarmActions'], [{ Ref: topic?.id }], alarm.id);
  });
});

describe('API access logs', () => {
  test('the stage writes JSON access lines to a log group of its own, with a retention', () => {
    const stage = resources(template, 'AWS::ApiGateway::Stage')[0];
    const settings = stage?.Properties['AccessLogSetting'] as {
      DestinationArn: { 'Fn::GetAtt': [string, string] };
      Format: string;
    };
    const group = resources(template, 'AWS::Logs::LogGroup').find(
      (g) => g.id === settings.DestinationArn['Fn::GetAtt'][0],
    );
    assert.equal(group?.Properties['RetentionInDays'], 30);
    const format = JSON.parse(settings.Format) as Record<string, string>;
    assert.equal(format['status'], '$context.status');
    assert.equal(format['caller'], '$context.identity.userArn');
    assert.equal(format['integrationRequestId'], '$context.awsEndpointRequestId');
  });

  test('accessLogs: false leaves them out (accounts without the API Gateway CloudWatch role)', () => {
    const { template: off } = synth(
      (stack) => new LambdaConnect(stack, 'LC', { kafka: { bootstrapServers: 'b:9092' }, api: { accessLogs: false } }),
      { cfnValidation: false },
    );
    assert.equal(resources(off, 'AWS::ApiGateway::Stage')[0]?.Properties['AccessLogSetting'], undefined);
  });
});

describe('concurrency', () => {
  test('the task runner is capped by default; REST API and scheduler are not', () => {
    assert.equal(FUNCTIONS['task-runner'].Properties['ReservedConcurrentExecutions'], DEFAULT_TASK_RUNNER_CONCURRENCY);
    assert.equal(FUNCTIONS['rest-api'].Properties['ReservedConcurrentExecutions'], undefined);
    // Ticks and kicks run side by side on AWS; the scheduler must not be capped to one.
    assert.equal(FUNCTIONS.scheduler.Properties['ReservedConcurrentExecutions'], undefined);
  });

  test('reservedConcurrency: null removes the cap', () => {
    const { template: uncapped } = synth(
      (stack) =>
        new LambdaConnect(stack, 'LC', {
          kafka: { bootstrapServers: 'b:9092' },
          functions: { taskRunner: { reservedConcurrency: null } },
        }),
      { cfnValidation: false },
    );
    assert.equal(
      functionByDescription(uncapped, 'lambda-connect task runner').Properties['ReservedConcurrentExecutions'],
      undefined,
    );
  });
});

describe('SCRAM secret with a customer-managed key', () => {
  test('every function that reads the secret may decrypt with the key, only through Secrets Manager', () => {
    const readers = [...Object.values(FUNCTIONS), functionByDescription(template, 'lambda-connect connectors-as-code')];
    for (const fn of readers) {
      const statements = statementsOfRole(template, roleIdOf(fn));
      const reads = statements.some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes('AmazonMSK_prod'),
      );
      assert.ok(reads, `${String(fn.Properties['Description'])} reads the secret`);
      const decrypt = statements.find((s) => [s.Action].flat().includes('kms:Decrypt'));
      assert.ok(decrypt, `${String(fn.Properties['Description'])} decrypts`);
      assert.equal(decrypt.Resource, KEY_ARN);
      assert.deepEqual((decrypt as unknown as { Condition: unknown }).Condition, {
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
          },
        },
      });
    }
  });

  test('a key that is not a key ARN is rejected at synth', () => {
    assert.throws(
      () =>
        synth(
          (stack) =>
            new LambdaConnect(stack, 'LC', {
              kafka: {
                bootstrapServers: 'b:9096',
                auth: {
                  mechanism: KafkaSaslMechanism.SCRAM_SHA_256,
                  secret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', SECRET_ARN),
                  secretKmsKeyArn: 'alias/kafka',
                },
              },
            }),
          { cfnValidation: false },
        ),
      /must be a key ARN/,
    );
  });
});

describe('tables', () => {
  test('deletion protection on every table when asked', () => {
    template.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('context values', () => {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      bootstrapServers: 'b-1:9096',
      kafkaSaslMechanism: 'scram-sha-512',
      kafkaSaslSecretArn: SECRET_ARN,
      kafkaSaslSecretKmsKeyArn: KEY_ARN,
      tableDeletionProtection: 'true',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
      apiAccessLogs: 'false',
      taskRunnerConcurrency: 'none',
    },
  });
  const stack = new LambdaConnectStack(app, 'Ctx', {
    lambdaConnect: propsFromContext,
    connectors: connectorsFromContext(app),
  });
  const ctx = withCfnValidation(false, () => Template.fromStack(stack));

  test('kafkaSaslSecretKmsKeyArn, tableDeletionProtection, alarmTopicArn, apiAccessLogs, taskRunnerConcurrency=none', () => {
    const runner = functionByDescription(ctx, 'lambda-connect task runner');
    assert.ok(
      statementsOfRole(ctx, roleIdOf(runner)).some(
        (s) => [s.Action].flat().includes('kms:Decrypt') && s.Resource === KEY_ARN,
      ),
    );
    ctx.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    ctx.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops'] });
    ctx.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
    assert.equal(runner.Properties['ReservedConcurrentExecutions'], undefined);
  });
});

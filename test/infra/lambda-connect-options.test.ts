/**
 * A deployment using every option (basic auth, MSK IAM, VPC, secrets by reference, concurrency limits,
 * custom domain, tables destroyed with the stack, a connector declared in code), synthesized once; and
 * the validation errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Env } from '../../lib/config/env.js';
import { runtimeConfigFromEnv } from '../../lib/runtime/runtime-config.js';
import { ConnectorResourceProperty as HandlerProperty } from '../../functions/connectors-resource/connectors-resource.js';
import {
  ConnectorResourceProperty,
  CONNECTOR_RESOURCE_TYPE,
  KafkaConnector,
  KafkaSaslMechanism,
  LambdaConnect,
  METRICS_SERVICE,
  MetricName,
  MSK_IAM_ACTIONS,
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
  type Statement,
} from './helpers.js';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-7';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/kafka/*';

const { template } = synth((stack) => {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const securityGroup = new ec2.SecurityGroup(stack, 'KafkaClients', { vpc });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const connect = new LambdaConnect(stack, 'LC', {
    kafka: {
      bootstrapServers: 'b-1.events.kafka.eu-west-1.amazonaws.com:9098',
      auth: { mechanism: KafkaSaslMechanism.AWS_MSK_IAM, clusterArn: CLUSTER_ARN },
    },
    api: {
      auth: { type: 'basic', cacheTtl: Duration.minutes(1) },
      throttlingRateLimit: 5,
      throttlingBurstLimit: 10,
      domain: {
        domainName: 'connect.example.com',
        certificate: new acm.Certificate(stack, 'Cert', { domainName: 'connect.example.com' }),
        hostedZone: zone,
      },
    },
    network: { vpc, securityGroups: [securityGroup] },
    tables: { removalPolicy: RemovalPolicy.DESTROY },
    functions: { taskRunner: { reservedConcurrency: 20 }, scheduler: { reservedConcurrency: 1 } },
    secretsByReference: { secretArns: [SECRET_ARN], parameterArns: [PARAMETER_ARN] },
  });
  new KafkaConnector(stack, 'Orders', {
    lambdaConnect: connect,
    name: 'orders-sink',
    config: {
      'connector.class': 'FileStreamSink',
      topics: 'orders',
      'connection.password': '${secretsmanager:prod/db:password}',
    },
  });
});

const TASK_RUNNER = functionByDescription(template, 'lambda-connect task runner');
const SCHEDULER = functionByDescription(template, 'lambda-connect scheduler');
const REST_API = functionByDescription(template, 'lambda-connect REST API');
const AUTHORIZER = functionByDescription(template, 'lambda-connect basic-auth authorizer');
const CONNECTORS = functionByDescription(template, 'lambda-connect connectors-as-code');
const DOORBELL = functionByDescription(template, 'lambda-connect doorbell');
const BASIC_SECRET = logicalId(template, 'AWS::SecretsManager::Secret', 'LCBasicAuthCredentials');

function kafkaActions(statements: Statement[]): Record<string, string[]> {
  const byResource: Record<string, string[]> = {};
  for (const s of statements.filter((x) => actionsOf(x).some((a) => a.startsWith('kafka-cluster:')))) {
    for (const r of resourcesOf(s)) byResource[String(r)] = [...(byResource[String(r)] ?? []), ...actionsOf(s)].sort();
  }
  return byResource;
}

describe('basic auth', () => {
  test('every method uses the Lambda authorizer', () => {
    const authorizer = logicalId(template, 'AWS::ApiGateway::Authorizer', 'LCApiBasicAuthorizer');
    const methods = resources(template, 'AWS::ApiGateway::Method');
    assert.equal(methods.length, 2);
    for (const method of methods) {
      assert.equal(method.Properties['AuthorizationType'], 'CUSTOM');
      assert.deepEqual(method.Properties['AuthorizerId'], { Ref: authorizer });
    }
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
      IdentityValidationExpression: '^Basic [A-Za-z0-9+/]+={0,2}$',
    });
    const [authorizerResource] = resources(template, 'AWS::ApiGateway::Authorizer');
    assert.match(JSON.stringify(authorizerResource?.Properties['AuthorizerUri']), new RegExp(AUTHORIZER.id));
  });

  test('the authorizer reads only the generated credentials secret, named in its environment', () => {
    assert.deepEqual(environmentOf(AUTHORIZER)[Env.BASIC_AUTH_SECRET_ARN], { Ref: BASIC_SECRET });
    const statements = statementsOfRole(template, roleIdOf(AUTHORIZER));
    assert.deepEqual(actionsOn(statements, BASIC_SECRET), [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    assert.equal(AUTHORIZER.Properties['VpcConfig'], undefined);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        SecretStringTemplate: '{"username":"connect"}',
      }),
    });
  });

  test('a 401 challenges for basic credentials', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: {
        'gatewayresponse.header.WWW-Authenticate': `'Basic realm="lambda-connect", charset="UTF-8"'`,
      },
    });
  });
});

describe('MSK IAM', () => {
  const topics = 'arn:aws:kafka:eu-west-1:123456789012:topic/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-7/*';
  const groups = 'arn:aws:kafka:eu-west-1:123456789012:group/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-7/*';

  test('each function gets its own explicit kafka-cluster actions on this cluster only', () => {
    const expect = (role: keyof typeof MSK_IAM_ACTIONS): Record<string, string[]> => {
      const a = MSK_IAM_ACTIONS[role];
      const pairs: [string, readonly string[]][] = [
        [CLUSTER_ARN, a.cluster],
        [topics, a.topic],
        [groups, a.group],
      ];
      return Object.fromEntries(
        pairs.filter(([, list]) => list.length > 0).map(([arn, list]) => [arn, [...list].sort()]),
      );
    };
    assert.deepEqual(kafkaActions(statementsOfRole(template, roleIdOf(TASK_RUNNER))), expect('worker'));
    assert.deepEqual(kafkaActions(statementsOfRole(template, roleIdOf(SCHEDULER))), expect('scheduler'));
    assert.deepEqual(kafkaActions(statementsOfRole(template, roleIdOf(REST_API))), expect('admin'));
    // What Lambda's pollers of the doorbell mappings use: read the topics in the mappings' groups.
    assert.deepEqual(kafkaActions(statementsOfRole(template, roleIdOf(DOORBELL))), expect('doorbell'));
    assert.ok(
      !kafkaActions(statementsOfRole(template, roleIdOf(REST_API)))[topics]?.includes('kafka-cluster:WriteData'),
    );
  });

  test('doorbell: the mappings read from the cluster (its ARN for the scheduler), the pollers find its brokers and make their network interfaces', () => {
    const statements = statementsOfRole(template, roleIdOf(DOORBELL));
    const on = (action: string) => statements.filter((s) => actionsOf(s).includes(action)).flatMap(resourcesOf);
    assert.deepEqual(on('kafka:DescribeClusterV2'), [CLUSTER_ARN]);
    assert.deepEqual(on('kafka:GetBootstrapBrokers'), [CLUSTER_ARN]);
    for (const action of [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeVpcs',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
    ])
      assert.deepEqual(on(action), ['*'], action);
    assert.deepEqual(JSON.parse(String(environmentOf(SCHEDULER)[Env.DOORBELL_EVENT_SOURCE])), {
      batchingWindowSeconds: 0,
      mskClusterArn: CLUSTER_ARN,
    });
    for (const fn of [TASK_RUNNER, SCHEDULER, REST_API])
      assert.deepEqual(
        statementsOfRole(template, roleIdOf(fn)).filter((s) => actionsOf(s).some((a) => a.startsWith('ec2:'))),
        [],
        'only the pollers get EC2 actions beyond the managed VPC policy',
      );
  });

  test('the handlers are told to use SASL mechanism aws over TLS', () => {
    for (const fn of [TASK_RUNNER, SCHEDULER, REST_API, CONNECTORS]) {
      assert.equal(environmentOf(fn)[Env.KAFKA_SASL_MECHANISM], 'aws');
      assert.equal(environmentOf(fn)[Env.KAFKA_SSL], 'true');
      assert.equal(environmentOf(fn)[Env.KAFKA_SASL_SECRET_ARN], undefined);
    }
  });
});

describe('network, concurrency, tables, domain', () => {
  test('functions that talk to Kafka run in the VPC with the given security group', () => {
    const sg = logicalId(template, 'AWS::EC2::SecurityGroup', 'KafkaClients');
    for (const fn of [TASK_RUNNER, SCHEDULER, REST_API, CONNECTORS, DOORBELL]) {
      const vpcConfig = fn.Properties['VpcConfig'] as { SecurityGroupIds: unknown[]; SubnetIds: unknown[] };
      assert.deepEqual(vpcConfig.SecurityGroupIds, [{ 'Fn::GetAtt': [sg, 'GroupId'] }]);
      assert.equal(vpcConfig.SubnetIds.length, 2);
      assert.match(JSON.stringify(vpcConfig.SubnetIds), /PrivateSubnet/);
      const role = resources(template, 'AWS::IAM::Role').find((r) => r.id === roleIdOf(fn));
      assert.match(JSON.stringify(role?.Properties['ManagedPolicyArns']), /AWSLambdaVPCAccessExecutionRole/);
    }
  });

  test('reserved concurrency and stage throttling come from the props', () => {
    assert.equal(TASK_RUNNER.Properties['ReservedConcurrentExecutions'], 20);
    assert.equal(SCHEDULER.Properties['ReservedConcurrentExecutions'], 1);
    assert.equal(REST_API.Properties['ReservedConcurrentExecutions'], undefined);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })],
    });
  });

  test('tables follow the removal policy prop and keep point-in-time recovery', () => {
    template.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    });
  });

  test('custom domain: a regional domain name mapped at the root, with an alias record', () => {
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'connect.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'connect.example.com.', Type: 'A' });
  });
});

describe('secrets by reference', () => {
  test('scheduler and task runner may read exactly the listed secrets and parameters; the REST handler may not', () => {
    const grantsOf = (fn: typeof TASK_RUNNER) =>
      statementsOfRole(template, roleIdOf(fn))
        .filter((s) => actionsOf(s).some((a) => a === 'secretsmanager:GetSecretValue' || a === 'ssm:GetParameter'))
        .map((s) => [actionsOf(s).join(), resourcesOf(s)]);
    const expected = [
      ['secretsmanager:GetSecretValue', [SECRET_ARN]],
      ['ssm:GetParameter', [PARAMETER_ARN]],
    ];
    assert.deepEqual(grantsOf(TASK_RUNNER), expected);
    assert.deepEqual(grantsOf(SCHEDULER), expected);
    assert.deepEqual(grantsOf(REST_API), []);
  });
});

describe('connectors as code', () => {
  test('a custom resource carries the name and config, with the property names the handler reads', () => {
    assert.deepEqual(ConnectorResourceProperty, HandlerProperty);
    template.hasResourceProperties(CONNECTOR_RESOURCE_TYPE, {
      [HandlerProperty.NAME]: 'orders-sink',
      [HandlerProperty.CONFIG]: {
        'connector.class': 'FileStreamSink',
        topics: 'orders',
        'connection.password': '${secretsmanager:prod/db:password}',
      },
    });
    template.hasResource(CONNECTOR_RESOURCE_TYPE, { DeletionPolicy: 'Delete' });
  });

  test("the custom-resource handler has the REST handler's table access except offsets", () => {
    const statements = statementsOfRole(template, roleIdOf(CONNECTORS));
    const offsets = logicalId(template, 'AWS::DynamoDB::Table', 'LCTablesOffsets');
    const config = logicalId(template, 'AWS::DynamoDB::Table', 'LCTablesConfig');
    assert.deepEqual(actionsOn(statements, offsets), []);
    assert.ok(actionsOn(statements, config).includes('dynamodb:PutItem'));
    assert.deepEqual(environmentOf(CONNECTORS)[Env.SCHEDULER_FUNCTION], { Ref: SCHEDULER.id });
  });

  test("the custom-resource handler's environment satisfies the shared runtime config", () => {
    const env = Object.fromEntries(
      Object.entries(environmentOf(CONNECTORS)).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : `resolved-${JSON.stringify(v)}`,
      ]),
    );
    assert.doesNotThrow(() => runtimeConfigFromEnv({ ...env, AWS_REGION: 'eu-west-1' }));
  });

  test("per-connector alarms watch that connector's metrics", () => {
    const dims = [
      { Name: 'connector', Value: 'orders-sink' },
      { Name: 'service', Value: METRICS_SERVICE },
    ];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: MetricName.TASK_FAILURES,
      Dimensions: Match.arrayWith(dims),
      Threshold: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(lag > 1000, DIFF(lag), 0)' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: MetricName.SINK_LAG, Dimensions: Match.arrayWith(dims) }),
          }),
        }),
      ]),
    });
  });
});

describe('validation', () => {
  test('rejects MSK IAM without TLS, wildcard secret grants, and a config name that differs', () => {
    assert.throws(
      () =>
        synth(
          (s) =>
            new LambdaConnect(s, 'X', { kafka: { tls: false, auth: { mechanism: 'aws', clusterArn: CLUSTER_ARN } } }),
        ),
      /needs TLS/,
    );
    assert.throws(
      () => synth((s) => new LambdaConnect(s, 'X', { secretsByReference: { secretArns: ['*'] } })),
      /must be ARNs/,
    );
    assert.throws(
      () =>
        synth((s) => {
          const connect = new LambdaConnect(s, 'X');
          new KafkaConnector(s, 'C', {
            lambdaConnect: connect,
            name: 'a',
            config: { name: 'b', 'connector.class': 'X' },
          });
        }),
      /differs from the connector name/,
    );
  });

  test('SCRAM: the handlers get the secret ARN and read rights on that secret only', () => {
    const { template: scram } = synth((s) => {
      const secret = secretsmanager.Secret.fromSecretCompleteArn(s, 'Scram', SECRET_ARN);
      new LambdaConnect(s, 'LC', {
        kafka: { bootstrapServers: 'k:9096', auth: { mechanism: 'scram-sha-512', secret } },
      });
    });
    const fn = functionByDescription(scram, 'lambda-connect task runner');
    assert.equal(environmentOf(fn)[Env.KAFKA_SASL_SECRET_ARN], SECRET_ARN);
    assert.equal(environmentOf(fn)[Env.KAFKA_SASL_MECHANISM], 'scram-sha-512');
    const reads = statementsOfRole(scram, roleIdOf(fn)).filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    assert.deepEqual(reads.flatMap(resourcesOf), [SECRET_ARN]);
    // The doorbell's role is what its mappings' pollers authenticate with: the same secret, read only.
    const doorbell = functionByDescription(scram, 'lambda-connect doorbell');
    const pollerReads = statementsOfRole(scram, roleIdOf(doorbell)).filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    assert.deepEqual(pollerReads.flatMap(resourcesOf), [SECRET_ARN]);
  });
});

/**
 * The default app's stack as `cdk deploy -c ...` builds it: context values become props, declared
 * connectors become custom resources, and the outputs an operator needs are there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Env } from '../../lib/config/env.js';
import { connectorsFromContext, propsFromContext } from '../../infra/context.js';
import { CONNECTOR_RESOURCE_TYPE } from '../../infra/constructs/index.js';
import { LambdaConnectStack } from '../../infra/lambda-connect-stack.js';
import { environmentOf, functionByDescription, withCfnValidation } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lc-app-context-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const connectorsFile = join(dir, 'connectors.json');
writeFileSync(
  connectorsFile,
  JSON.stringify([{ name: 'ctx-orders', config: { 'connector.class': 'FileStreamSink', topics: 'orders' } }]),
);

function stackWith(context: Record<string, string>): LambdaConnectStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return new LambdaConnectStack(app, 'LambdaConnect', {
    lambdaConnect: propsFromContext,
    connectors: connectorsFromContext(app),
  });
}

const configured = stackWith({
  bootstrapServers: 'b-1:9096,b-2:9096',
  kafkaSaslMechanism: 'scram-sha-256',
  kafkaSaslSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_ctx-AbCdEf',
  apiAuth: 'basic',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0aaa,subnet-0bbb',
  securityGroupIds: 'sg-0ccc',
  taskRunnerConcurrency: '8',
  connectorsFile,
});
// CloudFormation schema validation runs in lambda-connect-options.test.ts; skipping it here saves seconds.
const template = withCfnValidation(false, () => Template.fromStack(configured));

describe('context', () => {
  test('Kafka, auth, VPC and concurrency come from context values', () => {
    const fn = functionByDescription(template, 'lambda-connect task runner');
    const env = environmentOf(fn);
    assert.equal(env[Env.KAFKA_BOOTSTRAP_SERVERS], 'b-1:9096,b-2:9096');
    assert.equal(env[Env.KAFKA_SASL_MECHANISM], 'scram-sha-256');
    assert.equal(env[Env.KAFKA_SSL], 'true');
    assert.deepEqual(fn.Properties['VpcConfig'], {
      SubnetIds: ['subnet-0aaa', 'subnet-0bbb'],
      SecurityGroupIds: ['sg-0ccc'],
    });
    assert.equal(fn.Properties['ReservedConcurrentExecutions'], 8);
    template.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });
  });

  test('connectors from the connectors file become custom resources', () => {
    template.resourceCountIs(CONNECTOR_RESOURCE_TYPE, 1);
    template.hasResourceProperties(CONNECTOR_RESOURCE_TYPE, { ConnectorName: 'ctx-orders' });
  });

  test('outputs: API URL, tables, functions, failure queue, dashboard, basic-auth secret', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of [
      'ApiUrl',
      'ConfigTableName',
      'OffsetsTableName',
      'StateTableName',
      'TaskRunnerFunctionName',
      'TaskFailureQueueUrl',
      'DashboardName',
      'BasicAuthSecretArn',
    ]) {
      assert.ok(outputs.includes(name), name);
    }
  });

  test('with no bootstrap servers synth reports an error naming the context value to set', () => {
    const bare = stackWith({});
    const bareTemplate = withCfnValidation(false, () => Template.fromStack(bare));
    withCfnValidation(false, () => Annotations.fromStack(bare)).hasError(
      '*',
      Match.stringLikeRegexp('No Kafka bootstrap servers.*-c bootstrapServers='),
    );
    withCfnValidation(false, () => Annotations.fromStack(configured)).hasNoError('*', Match.anyValue());
    const env = environmentOf(functionByDescription(bareTemplate, 'lambda-connect REST API'));
    assert.equal(env[Env.KAFKA_BOOTSTRAP_SERVERS], undefined);
  });

  test('invalid context values are rejected with the key to fix', () => {
    assert.throws(() => stackWith({ kafkaSaslMechanism: 'plain' }), /kafkaSaslMechanism must be/);
    assert.throws(() => stackWith({ kafkaSaslMechanism: 'aws' }), /mskClusterArn/);
    assert.throws(() => stackWith({ vpcId: 'vpc-1' }), /subnetIds/);
    assert.throws(() => stackWith({ taskRunnerConcurrency: 'lots' }), /taskRunnerConcurrency/);
  });
});

/**
 * dataAccess.databases (issue 18): the JDBC connectors' database secrets are readable by the task runner
 * and the scheduler only, each secret by its own ARN; the database's security group admits them on its port.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import { propsFromContext } from '../../infra/context.js';
import { LambdaConnect } from '../../infra/constructs/index.js';
import { LambdaConnectStack } from '../../infra/lambda-connect-stack.js';
import {
  actionsOf,
  environmentOf,
  functionByDescription,
  resources,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
  synth,
  withCfnValidation,
  type Resource,
} from './helpers.js';

const SECRET_A = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders-db-AbCdEf';
const SECRET_B = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-db-??????';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function secretReads(template: Template, fn: Resource): unknown[] {
  return statementsOfRole(template, roleIdOf(fn))
    .filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))
    .flatMap(resourcesOf);
}

const { template } = synth(
  (stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const databaseGroup = new ec2.SecurityGroup(stack, 'DatabaseGroup', { vpc, allowAllOutbound: false });
    new LambdaConnect(stack, 'LC', {
      kafka: { bootstrapServers: 'k:9092' },
      network: { vpc },
      dataAccess: {
        databases: [{ secretArn: SECRET_A, kmsKeyArn: KEY, securityGroup: databaseGroup }, { secretArn: SECRET_B }],
      },
    });
  },
  { cfnValidation: false },
);

describe('dataAccess.databases', () => {
  test('the task runner and the scheduler may read exactly the named secrets; the REST API none', () => {
    for (const description of ['lambda-connect task runner', 'lambda-connect scheduler']) {
      assert.deepEqual(
        secretReads(template, functionByDescription(template, description)),
        [SECRET_A, SECRET_B],
        description,
      );
    }
    assert.deepEqual(secretReads(template, functionByDescription(template, 'lambda-connect REST API')), []);
  });

  test('both trust the RDS certificate authorities (the runtime’s CA bundle), for sslmode=verify-full', () => {
    for (const description of ['lambda-connect task runner', 'lambda-connect scheduler']) {
      assert.equal(
        environmentOf(functionByDescription(template, description))['NODE_EXTRA_CA_CERTS'],
        '/var/runtime/ca-cert.pem',
      );
    }
  });

  test('the secret’s KMS key decrypts through Secrets Manager only', () => {
    const fn = functionByDescription(template, 'lambda-connect task runner');
    const decrypts = statementsOfRole(template, roleIdOf(fn)).filter((s) => actionsOf(s).includes('kms:Decrypt'));
    assert.deepEqual(decrypts.flatMap(resourcesOf), [KEY]);
    assert.deepEqual((decrypts[0] as unknown as { Condition: unknown }).Condition, {
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
    });
  });

  test('the database’s security group admits the two functions on 5432, and nothing else', () => {
    const ingress = resources(template, 'AWS::EC2::SecurityGroupIngress').filter((r) =>
      JSON.stringify(r.Properties['GroupId']).includes('DatabaseGroup'),
    );
    assert.equal(ingress.length, 2);
    for (const rule of ingress) {
      assert.equal(rule.Properties['FromPort'], 5432);
      assert.equal(rule.Properties['ToPort'], 5432);
      assert.equal(rule.Properties['IpProtocol'], 'tcp');
      assert.ok(rule.Properties['SourceSecurityGroupId'] !== undefined, 'from a security group, not a CIDR');
    }
  });

  test('refuses a wildcard secret, and a security group without the functions in a VPC', () => {
    assert.throws(
      () =>
        synth(
          (s) =>
            new LambdaConnect(s, 'X', {
              dataAccess: { databases: [{ secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:*' }] },
            }),
          { cfnValidation: false },
        ),
      /must name one Secrets Manager secret/,
    );
    assert.throws(
      () =>
        synth(
          (s) => {
            const vpc = new ec2.Vpc(s, 'V', {
              maxAzs: 1,
              natGateways: 0,
              subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
            });
            new LambdaConnect(s, 'X', {
              dataAccess: {
                databases: [{ secretArn: SECRET_A, securityGroup: new ec2.SecurityGroup(s, 'G', { vpc }) }],
              },
            });
          },
          { cfnValidation: false },
        ),
      /securityGroup needs the functions in the database's VPC: set network.vpc/,
    );
  });

  test('context: -c databaseSecretArns / databaseSecurityGroupId / databasePort', () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        bootstrapServers: 'k:9092',
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: 'subnet-0aaa,subnet-0bbb',
        databaseSecretArns: SECRET_A,
        databaseSecurityGroupId: 'sg-0db',
        databasePort: '6432',
      },
    });
    const stack = new LambdaConnectStack(app, 'LambdaConnect', { lambdaConnect: propsFromContext, connectors: [] });
    const fromContext = withCfnValidation(false, () => Template.fromStack(stack));
    assert.deepEqual(secretReads(fromContext, functionByDescription(fromContext, 'lambda-connect task runner')), [
      SECRET_A,
    ]);
    const ingress = resources(fromContext, 'AWS::EC2::SecurityGroupIngress').filter(
      (r) => r.Properties['GroupId'] === 'sg-0db',
    );
    assert.deepEqual(
      ingress.map((r) => r.Properties['FromPort']),
      [6432, 6432],
    );
  });
});

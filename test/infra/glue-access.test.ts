/**
 * `dataAccess.glueSchemaRegistries`: the task runner, and only it, gets exactly the AWSKafkaAvroConverter's
 * four Glue calls on each named registry and its schemas; names resolve in the stack's account and region;
 * wildcards and other ARNs are refused at synth; `-c glueSchemaRegistries=...` reaches the props.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { propsFromContext } from '../../infra/context.js';
import { GLUE_SCHEMA_REGISTRY_ACTIONS, LambdaConnect } from '../../infra/constructs/index.js';
import {
  actionsOf,
  functionByDescription,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
  synth,
  type Statement,
} from './helpers.js';

const REGISTRY_ARN = 'arn:aws:glue:eu-west-1:123456789012:registry/payments';

const { template } = synth(
  (stack) => {
    new LambdaConnect(stack, 'LC', { dataAccess: { glueSchemaRegistries: ['orders', REGISTRY_ARN] } });
  },
  { cfnValidation: false },
);

const glueStatements = (description: string): Statement[] =>
  statementsOfRole(template, roleIdOf(functionByDescription(template, description))).filter((s) =>
    actionsOf(s).some((a) => a.startsWith('glue:')),
  );

describe('dataAccess.glueSchemaRegistries', () => {
  test('the task runner gets the four Glue calls on exactly the named registries and their schemas', () => {
    const [statement, ...others] = glueStatements('lambda-connect task runner');
    assert.deepEqual(others, []);
    assert.ok(statement !== undefined);
    assert.deepEqual([...actionsOf(statement)].sort(), [...GLUE_SCHEMA_REGISTRY_ACTIONS].sort());
    const resources = JSON.stringify(resourcesOf(statement));
    assert.match(resources, /:registry\/orders"/);
    assert.match(resources, /:schema\/orders\/\*"/);
    assert.ok(resourcesOf(statement).includes(REGISTRY_ARN));
    assert.ok(resourcesOf(statement).includes('arn:aws:glue:eu-west-1:123456789012:schema/payments/*'));
    assert.doesNotMatch(resources, /registry\/\*/);
  });

  test('the REST API and the scheduler get no Glue call', () => {
    for (const fn of ['lambda-connect REST API', 'lambda-connect scheduler'])
      assert.deepEqual(glueStatements(fn), [], fn);
  });

  test('wildcards and ARNs of anything but a registry are refused, naming the entry', () => {
    const build = (registry: string) => () =>
      new LambdaConnect(new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S'), 'LC', {
        dataAccess: { glueSchemaRegistries: [registry] },
      });
    assert.throws(build('pay*'), /glueSchemaRegistries entries name one registry each, got "pay\*" \(no wildcards\)/);
    assert.throws(build('arn:aws:glue:eu-west-1:123456789012:schema/payments/orders'), /is not a Glue registry ARN/);
  });

  test('-c glueSchemaRegistries=a,b becomes dataAccess.glueSchemaRegistries', () => {
    const app = new App({ context: { glueSchemaRegistries: 'a,b', 'aws:cdk:bundling-stacks': [] } });
    const props = propsFromContext(new Stack(app, 'S'));
    assert.deepEqual(props.dataAccess?.glueSchemaRegistries, ['a', 'b']);
  });
});

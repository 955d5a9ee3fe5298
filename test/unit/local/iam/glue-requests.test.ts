/**
 * Glue Schema Registry calls as local IAM checks them: on the registry and the schema ARN, as the
 * construct grants them (`dataAccess.glueSchemaRegistries`); GetSchemaVersion by version id alone on the
 * schema Glue's answer names, the answer withheld when that schema is not granted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AccessDeniedException,
  authorizationRequest,
  AwsService,
  IamEnforcer,
  LocalFunction,
  localNames,
  type FunctionPolicy,
} from '../../../../local/iam/index.js';

const AT = { region: 'us-east-1', account: '000000000000' };
const ARN = 'arn:aws:glue:us-east-1:000000000000';

describe('Glue Schema Registry requests in local IAM', () => {
  test('a schema named by registry and name is checked on the registry and on the schema', () => {
    const request = authorizationRequest(
      AwsService.GLUE,
      'GetSchemaByDefinitionCommand',
      { SchemaId: { RegistryName: 'orders', SchemaName: 'orders-value' }, SchemaDefinition: '"string"' },
      AT,
    );
    assert.equal(request.action, 'glue:GetSchemaByDefinition');
    assert.deepEqual(request.resources, [`${ARN}:registry/orders`, `${ARN}:schema/orders/orders-value`]);
    const created = authorizationRequest(
      AwsService.GLUE,
      'CreateSchemaCommand',
      { RegistryId: { RegistryName: 'orders' }, SchemaName: 's' },
      AT,
    );
    assert.deepEqual(created.resources, [`${ARN}:registry/orders`, `${ARN}:schema/orders/s`]);
    const byArn = authorizationRequest(
      AwsService.GLUE,
      'RegisterSchemaVersionCommand',
      { SchemaId: { SchemaArn: `${ARN}:schema/payments/p` } },
      AT,
    );
    assert.deepEqual(byArn.resources, [`${ARN}:registry/payments`, `${ARN}:schema/payments/p`]);
    // Without a registry name, Glue uses its default registry.
    const noRegistry = authorizationRequest(
      AwsService.GLUE,
      'GetSchemaByDefinitionCommand',
      { SchemaId: { SchemaName: 'x' } },
      AT,
    );
    assert.deepEqual(noRegistry.resources, [`${ARN}:registry/default-registry`, `${ARN}:schema/default-registry/x`]);
  });

  test('GetSchemaVersion by id is checked on the schema the answer names: allowed when granted, withheld when not', async () => {
    const fn = LocalFunction.TASK_RUNNER;
    const policy: FunctionPolicy = {
      function: fn,
      roleName: 'task-runner-role',
      statements: [
        {
          effect: 'Allow',
          actions: ['glue:GetSchemaVersion', 'glue:GetSchemaByDefinition'],
          resources: [`${ARN}:registry/orders`, `${ARN}:schema/orders/*`],
          conditional: false,
        },
      ],
    };
    const enforcer = new IamEnforcer(new Map([[fn, policy]]), localNames({} as never, {} as never));
    type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>;
    let middleware: ((next: Handler, context: { commandName: string }) => Handler) | undefined;
    const client = { middlewareStack: { add: (m: typeof middleware) => void (middleware = m) } };
    enforcer.instrument(client, 'glue');
    const sent: unknown[] = [];
    const answering =
      (schemaArn: string): Handler =>
      async (args) => {
        sent.push(args.input);
        return { output: { SchemaArn: schemaArn, SchemaDefinition: '"string"' } };
      };
    const call = (schemaArn: string) =>
      enforcer.runAs(fn, () =>
        (middleware as NonNullable<typeof middleware>)(answering(schemaArn), {
          commandName: 'GetSchemaVersionCommand',
        })({
          input: { SchemaVersionId: 'b7a0c1e2-0000-4000-8000-000000000001' },
        }),
      );
    assert.deepEqual((await call(`${ARN}:schema/orders/orders-value`)).output, {
      SchemaArn: `${ARN}:schema/orders/orders-value`,
      SchemaDefinition: '"string"',
    });
    await assert.rejects(
      call(`${ARN}:schema/payments/p-value`),
      (error: unknown) =>
        error instanceof AccessDeniedException &&
        error.message.includes(
          `not authorized to perform: glue:GetSchemaVersion on resource: ${ARN}:registry/payments`,
        ),
    );
    assert.equal(sent.length, 2);
    assert.equal(enforcer.stats.denied, 1);
    // A call by registry and schema never leaves when it is not granted.
    await assert.rejects(
      enforcer.runAs(fn, () =>
        (middleware as NonNullable<typeof middleware>)(answering('x'), { commandName: 'GetSchemaByDefinitionCommand' })(
          {
            input: { SchemaId: { RegistryName: 'payments', SchemaName: 'p-value' } },
          },
        ),
      ),
      AccessDeniedException,
    );
    assert.equal(sent.length, 2);
  });
});

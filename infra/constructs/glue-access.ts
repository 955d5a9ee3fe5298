/**
 * `dataAccess.glueSchemaRegistries`: the AWS Glue Schema Registries the AWSKafkaAvroConverter reads and
 * registers schemas in. The task runner (the only function that converts records) gets exactly the four
 * calls the converter makes, on each named registry and the schemas in it, never on a wildcard registry.
 */
import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/** Exactly the calls plugins/schema-registry/src/glue/glue-registry.ts makes. */
export const GLUE_SCHEMA_REGISTRY_ACTIONS = [
  'glue:GetSchemaByDefinition',
  'glue:GetSchemaVersion',
  'glue:CreateSchema',
  'glue:RegisterSchemaVersion',
] as const;

/** Grants `fn` the converter's Glue calls on `registries` (names in the stack's account and region, or registry ARNs). */
export function grantGlueSchemaRegistries(fn: lambda.IFunction, registries: readonly string[] | undefined): void {
  if (registries === undefined || registries.length === 0) return;
  const resources = registries.flatMap((registry) => {
    const { registryArn, schemasArn } = glueRegistryArns(fn, registry);
    return [registryArn, schemasArn];
  });
  fn.addToRolePolicy(
    new iam.PolicyStatement({ sid: 'GlueSchemaRegistries', actions: [...GLUE_SCHEMA_REGISTRY_ACTIONS], resources }),
  );
}

/** A registry's ARN and the ARN pattern of its schemas, from its name or its ARN; wildcards refused at synth. */
export function glueRegistryArns(scope: IConstruct, registry: string): { registryArn: string; schemasArn: string } {
  if (Token.isUnresolved(registry))
    throw new Error(`${scope.node.path}: dataAccess.glueSchemaRegistries entries must be known at synth time`);
  if (/[*?]/.test(registry))
    throw new Error(
      `${scope.node.path}: dataAccess.glueSchemaRegistries entries name one registry each, got "${registry}" (no wildcards)`,
    );
  const stack = Stack.of(scope);
  if (!registry.startsWith('arn:')) {
    if (!/^[A-Za-z0-9_$#.-]{1,255}$/.test(registry))
      throw new Error(`${scope.node.path}: "${registry}" is not a Glue registry name`);
    return {
      registryArn: stack.formatArn({ service: 'glue', resource: 'registry', resourceName: registry }),
      schemasArn: stack.formatArn({ service: 'glue', resource: 'schema', resourceName: `${registry}/*` }),
    };
  }
  const parts = Arn.split(registry, ArnFormat.SLASH_RESOURCE_NAME);
  if (
    parts.service !== 'glue' ||
    parts.resource !== 'registry' ||
    parts.resourceName === undefined ||
    parts.resourceName.includes('/')
  ) {
    throw new Error(
      `${scope.node.path}: "${registry}" is not a Glue registry ARN (arn:<partition>:glue:<region>:<account>:registry/<name>)`,
    );
  }
  return { registryArn: registry, schemasArn: registry.replace(/:registry\/([^/]+)$/, ':schema/$1/*') };
}

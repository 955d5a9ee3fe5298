/**
 * Connects handlers to what they use, granting and configuring in one call (the `grant*` habit of CDK
 * construct libraries): the environment a handler reads is set by the same code that grants it access,
 * so the two cannot drift apart.
 */
import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { HandlerFunction } from './handler-function.js';
import type { KafkaAccess, KafkaRole } from './kafka-access.js';
import type { SecretsByReferenceProps } from './props.js';

export const TableAccess = { READ: 'read', READ_WRITE: 'read-write' } as const;
export type TableAccess = (typeof TableAccess)[keyof typeof TableAccess];

/** Exactly the item operations the DynamoDB store adapters issue (lib/stores/dynamodb). */
export const DYNAMODB_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const DYNAMODB_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface TableBinding {
  readonly table: dynamodb.ITable;
  /** The variable the handler reads the table name from. */
  readonly envName: string;
}

/** What one handler may touch. Anything left out is neither granted nor configured. */
export interface HandlerAccess {
  readonly tables?: readonly (TableBinding & { readonly access: TableAccess })[];
  /** Functions it invokes, each with the variable naming it (omit the variable for self-invocation). */
  readonly invokes?: readonly { readonly target: lambda.IFunction; readonly envName?: string }[];
  readonly kafka?: { readonly access: KafkaAccess; readonly role: KafkaRole };
  /** Secrets it reads, each with the variable holding the secret's ARN. */
  readonly secrets?: readonly { readonly secret: ISecret; readonly envName: string }[];
  /** Lets `${secretsmanager:...}` / `${ssm:...}` placeholders resolve in this handler. */
  readonly secretsByReference?: SecretsByReferenceProps;
}

/** Sets `handler`'s environment for, and grants it, exactly `access`. */
export function wireHandler(handler: HandlerFunction, access: HandlerAccess): void {
  const fn = handler.function;
  for (const binding of access.tables ?? []) {
    fn.addEnvironment(binding.envName, binding.table.tableName);
    const actions =
      binding.access === TableAccess.READ
        ? [...DYNAMODB_READ_ACTIONS]
        : [...DYNAMODB_READ_ACTIONS, ...DYNAMODB_WRITE_ACTIONS];
    binding.table.grant(fn, ...actions);
  }
  if (access.kafka !== undefined) {
    for (const [name, value] of Object.entries(access.kafka.access.environment)) fn.addEnvironment(name, value);
    access.kafka.access.grant(fn, access.kafka.role);
  }
  for (const { secret, envName } of access.secrets ?? []) {
    fn.addEnvironment(envName, secret.secretArn);
    secret.grantRead(fn);
  }
  grantInvokes(handler, access.invokes ?? []);
  if (access.secretsByReference !== undefined) grantReferencedSecrets(fn, access.secretsByReference);
}

/**
 * Invoke rights live in their own policy, not the role's default one: a function depends on its
 * default policy, so a self-invoke statement there would make the function depend on itself.
 */
function grantInvokes(handler: HandlerFunction, invokes: NonNullable<HandlerAccess['invokes']>): void {
  if (invokes.length === 0) return;
  for (const { target, envName } of invokes) {
    if (envName !== undefined) handler.function.addEnvironment(envName, target.functionName);
  }
  new iam.Policy(handler, 'InvokePolicy', {
    roles: [handler.role],
    statements: [
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: invokes.map(({ target }) => target.functionArn),
      }),
    ],
  });
}

function grantReferencedSecrets(fn: lambda.IFunction, props: SecretsByReferenceProps): void {
  const grants: [string, readonly string[] | undefined][] = [
    ['secretsmanager:GetSecretValue', props.secretArns],
    ['ssm:GetParameter', props.parameterArns],
    ['kms:Decrypt', props.kmsKeyArns],
  ];
  for (const [action, arns] of grants) {
    if (arns === undefined || arns.length === 0) continue;
    for (const arn of arns) requireScopedArn(fn, arn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action], resources: [...arns] }));
  }
}

function requireScopedArn(scope: Construct, arn: string): void {
  // Wildcards inside an ARN (a secret's random suffix) are fine; a bare wildcard is not least privilege.
  if (Token.isUnresolved(arn)) return;
  if (!/^arn:[^:]+:[^:]+:/.test(arn)) {
    throw new Error(`${scope.node.path}: secretsByReference entries must be ARNs, got "${arn}"`);
  }
}

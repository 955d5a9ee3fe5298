/**
 * Shared helpers for the infra tests: synthesize without bundling (assets are not built, so a file
 * synthesizes in well under a second), and read functions, roles and policy statements back out of the
 * template.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

type Json = Record<string, unknown>;

export interface Resource {
  readonly id: string;
  readonly Type: string;
  readonly Properties: Json;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/**
 * A stack built by `build` in an app that skips asset bundling, and its template. CDK validates the
 * template against the CloudFormation schemas at synth; loading that validator costs seconds per
 * process, so `cfnValidation: false` skips it where another test file already covers those resources.
 */
export function synth(
  build: (stack: Stack) => void,
  options: { context?: Record<string, unknown>; cfnValidation?: boolean } = {},
): { stack: Stack; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stack = new Stack(app, 'Test');
  build(stack);
  return { stack, template: withCfnValidation(options.cfnValidation ?? true, () => Template.fromStack(stack)) };
}

/** Runs `fn` with CDK's built-in CloudFormation validation on or off (it reads `CDK_VALIDATION`). */
export function withCfnValidation<T>(enabled: boolean, fn: () => T): T {
  const previous = process.env['CDK_VALIDATION'];
  if (!enabled) process.env['CDK_VALIDATION'] = 'false';
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env['CDK_VALIDATION'];
    else process.env['CDK_VALIDATION'] = previous;
  }
}

export function resources(template: Template, type: string): Resource[] {
  return Object.entries(template.findResources(type)).map(([id, r]) => ({ id, ...(r as Omit<Resource, 'id'>) }));
}

/** The Lambda function whose Description is `description`. */
export function functionByDescription(template: Template, description: string): Resource {
  const found = resources(template, 'AWS::Lambda::Function').filter((f) => f.Properties['Description'] === description);
  if (found.length !== 1) throw new Error(`Expected one function described "${description}", found ${found.length}`);
  return found[0] as Resource;
}

export function environmentOf(fn: Resource): Json {
  return ((fn.Properties['Environment'] as Json | undefined)?.['Variables'] ?? {}) as Json;
}

export function roleIdOf(fn: Resource): string {
  const role = fn.Properties['Role'] as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

/** Every statement of every AWS::IAM::Policy attached to `roleId`, plus the role's inline policies. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const attached = resources(template, 'AWS::IAM::Policy').filter((p) =>
    ((p.Properties['Roles'] as unknown[]) ?? []).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  const role = resources(template, 'AWS::IAM::Role').find((r) => r.id === roleId);
  const inline = ((role?.Properties['Policies'] as Json[] | undefined) ?? []).map((p) => p['PolicyDocument'] as Json);
  return [...attached.map((p) => p.Properties['PolicyDocument'] as Json), ...inline].flatMap(
    (doc) => doc['Statement'] as Statement[],
  );
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Actions granted on resources whose JSON mentions `logicalId` (e.g. a table's `Fn::GetAtt`). */
export function actionsOn(statements: Statement[], logicalId: string): string[] {
  return statements
    .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r).includes(`"${logicalId}"`)))
    .flatMap(actionsOf)
    .sort();
}

/** The logical id of the only resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`Expected one ${type} with id prefix ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

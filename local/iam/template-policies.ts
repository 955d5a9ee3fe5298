/**
 * Reads each function's IAM policies out of the synthesized CloudFormation template and resolves their
 * resources to the local stack's names: a table `Ref`/`Fn::GetAtt` becomes the local table's name/ARN,
 * a function's becomes the local function's. Which logical id is which table or function is read from
 * the template too (the environment variables the construct sets beside its grants), so nothing here
 * repeats what the construct grants.
 */
import { Env } from '../../lib/config/env.js';
import type { TableNames } from '../../lib/stores/tables.js';
import type { ResolvedStatement } from './policy.js';

/** The functions the local stack runs, by the Description the construct gives them. */
export const LocalFunction = {
  REST_API: 'lambda-connect REST API',
  SCHEDULER: 'lambda-connect scheduler',
  TASK_RUNNER: 'lambda-connect task runner',
  DOORBELL: 'lambda-connect doorbell',
} as const;
export type LocalFunction = (typeof LocalFunction)[keyof typeof LocalFunction];

/** What the template's names become locally. */
export interface LocalNames {
  readonly region: string;
  readonly account: string;
  readonly tables: TableNames;
  readonly functions: {
    readonly taskRunner: string;
    readonly scheduler: string;
    readonly restApi: string;
    readonly doorbell: string;
  };
}

export interface FunctionPolicy {
  readonly function: LocalFunction;
  /** The role's name as it would appear in an AccessDeniedException. */
  readonly roleName: string;
  readonly statements: readonly ResolvedStatement[];
}

type Json = Record<string, unknown>;
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Json;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

interface Named {
  readonly name: string;
  readonly arn: string;
}

/** Every local function's policy; throws if the template lacks one of them. */
export function policiesFromTemplate(template: CfnTemplate, names: LocalNames): Map<LocalFunction, FunctionPolicy> {
  const resources = Object.entries(template.Resources);
  const functions = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  const known = knownResources(functions, names);
  const result = new Map<LocalFunction, FunctionPolicy>();
  for (const local of Object.values(LocalFunction)) {
    const found = functions.find(([, r]) => r.Properties?.['Description'] === local);
    if (found === undefined) throw new Error(`The synthesized template has no function described "${local}"`);
    const roleId = logicalIdOf(found[1].Properties?.['Role']);
    if (roleId === undefined) throw new Error(`The role of "${local}" is not a resource of the template`);
    const documents = [
      ...resources
        .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && refersTo(r.Properties?.['Roles'], roleId))
        .map(([, r]) => r.Properties?.['PolicyDocument'] as Json),
      ...((template.Resources[roleId]?.Properties?.['Policies'] as Json[] | undefined) ?? []).map(
        (p) => p['PolicyDocument'] as Json,
      ),
    ];
    const statements = documents
      .flatMap((d) => asArray(d['Statement']) as Json[])
      .map((s) => resolveStatement(s, known, names));
    result.set(local, { function: local, roleName: roleId, statements });
  }
  return result;
}

/** Logical ids of the tables and functions the handlers name in their environment, with local names. */
function knownResources(functions: [string, CfnResource][], names: LocalNames): Map<string, Named> {
  const known = new Map<string, Named>();
  const arn = (service: string, path: string): string => `arn:aws:${service}:${names.region}:${names.account}:${path}`;
  const tableEnv: [string, string][] = [
    [Env.CONFIG_TABLE, names.tables.config],
    [Env.OFFSETS_TABLE, names.tables.offsets],
    [Env.STATE_TABLE, names.tables.state],
  ];
  const functionEnv: [string, string][] = [
    [Env.TASK_RUNNER_FUNCTION, names.functions.taskRunner],
    [Env.SCHEDULER_FUNCTION, names.functions.scheduler],
    [Env.DOORBELL_FUNCTION, names.functions.doorbell],
  ];
  for (const [, fn] of functions) {
    const env = ((fn.Properties?.['Environment'] as Json | undefined)?.['Variables'] ?? {}) as Json;
    for (const [variable, name] of tableEnv) {
      const id = logicalIdOf(env[variable]);
      if (id !== undefined) known.set(id, { name, arn: arn('dynamodb', `table/${name}`) });
    }
    for (const [variable, name] of functionEnv) {
      const value = env[variable];
      const id =
        typeof value === 'string'
          ? functions.find(([, f]) => f.Properties?.['FunctionName'] === value)?.[0]
          : logicalIdOf(value);
      if (id !== undefined) known.set(id, { name, arn: arn('lambda', `function:${name}`) });
    }
  }
  const rest = functions.find(([, f]) => f.Properties?.['Description'] === LocalFunction.REST_API)?.[0];
  if (rest !== undefined)
    known.set(rest, { name: names.functions.restApi, arn: arn('lambda', `function:${names.functions.restApi}`) });
  return known;
}

function resolveStatement(statement: Json, known: Map<string, Named>, names: LocalNames): ResolvedStatement {
  const strings = (key: string): readonly string[] | undefined => {
    const value = statement[key];
    if (value === undefined) return undefined;
    // A resource that does not resolve locally (a log group, a queue) matches nothing here.
    return asArray(value)
      .map((v) => resolveValue(v, known, names))
      .filter((v): v is string => v !== undefined);
  };
  const actions = strings('Action');
  const notActions = strings('NotAction');
  const resources = strings('Resource');
  const notResources = strings('NotResource');
  return {
    effect: statement['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    ...(actions === undefined ? {} : { actions }),
    ...(notActions === undefined ? {} : { notActions }),
    ...(resources === undefined ? {} : { resources }),
    ...(notResources === undefined ? {} : { notResources }),
    conditional: statement['Condition'] !== undefined,
    ...conditionsOf(statement['Condition'], known, names),
  };
}

/** The statement's conditions with their values resolved; none when a value does not resolve locally. */
function conditionsOf(
  condition: unknown,
  known: Map<string, Named>,
  names: LocalNames,
): { conditions?: Record<string, Record<string, string[]>> } {
  if (condition === null || typeof condition !== 'object') return {};
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const [operator, tests] of Object.entries(condition as Json)) {
    if (tests === null || typeof tests !== 'object') return {};
    const resolved: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(tests as Json)) {
      const strings = asArray(values).map((v) => resolveValue(v, known, names));
      if (strings.some((v) => v === undefined)) return {};
      resolved[key] = strings as string[];
    }
    conditions[operator] = resolved;
  }
  return { conditions };
}

const PSEUDO = (names: LocalNames): Record<string, string> => ({
  'AWS::Partition': 'aws',
  'AWS::Region': names.region,
  'AWS::AccountId': names.account,
  'AWS::URLSuffix': 'amazonaws.com',
});

/** A template value as a string, or undefined when it names something the local stack does not have. */
function resolveValue(value: unknown, known: Map<string, Named>, names: LocalNames): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const json = value as Json;
  if (typeof json['Ref'] === 'string') return PSEUDO(names)[json['Ref']] ?? known.get(json['Ref'])?.name;
  const getAtt = json['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') return known.get(String(getAtt[0]))?.arn;
  const join = json['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = (join[1] as unknown[]).map((p) => resolveValue(p, known, names));
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = json['Fn::Sub'];
  if (typeof sub === 'string') {
    let unresolved = false;
    const text = sub.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      const value = PSEUDO(names)[name] ?? known.get(name)?.name;
      if (value === undefined) unresolved = true;
      return value ?? '';
    });
    return unresolved ? undefined : text;
  }
  return undefined;
}

function logicalIdOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const json = value as Json;
  if (typeof json['Ref'] === 'string') return json['Ref'];
  const getAtt = json['Fn::GetAtt'];
  return Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
}

function refersTo(roles: unknown, roleId: string): boolean {
  return asArray(roles).some((r) => logicalIdOf(r) === roleId);
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

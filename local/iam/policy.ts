/**
 * IAM policy evaluation as AWS does it for identity-based policies, reduced to what our templates use:
 * an explicit Deny wins, otherwise some Allow must match both the action (case-insensitive, `*` and `?`
 * wildcards) and the resource ARN (case-sensitive, same wildcards). `NotAction` / `NotResource` are
 * honoured. A `Condition` is evaluated when every test in it is `StringEquals` / `StringLike` on a
 * context key the request carries (S3's `s3:prefix` on listings); any other condition cannot be
 * evaluated locally, so its statement never allows (fail closed) and always denies.
 */

/** One statement with its resources already resolved to ARN strings. */
export interface ResolvedStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditional: boolean;
  /** The statement's `Condition` (operator → key → values), when it has one. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Request context keys (e.g. `s3:prefix`) a condition may test. */
export type RequestContext = Readonly<Record<string, string>>;

const EVALUABLE = new Set(['StringEquals', 'StringLike']);

/** true/false when the local stack can evaluate the condition for this request, else undefined. */
function conditionHolds(statement: ResolvedStatement, context: RequestContext): boolean | undefined {
  const conditions = statement.conditions;
  if (conditions === undefined) return statement.conditional ? undefined : true;
  let holds = true;
  for (const [operator, tests] of Object.entries(conditions)) {
    if (!EVALUABLE.has(operator)) return undefined;
    for (const [key, values] of Object.entries(tests)) {
      const actual = context[key];
      if (actual === undefined) return undefined;
      // Values of one key are OR'ed; keys and operators AND'ed. Condition keys compare case-sensitively.
      const match = operator === 'StringLike' ? matchesAny(values, actual, false) : values.includes(actual);
      holds &&= match;
    }
  }
  return holds;
}

export const Decision = { ALLOW: 'allow', EXPLICIT_DENY: 'explicit-deny', IMPLICIT_DENY: 'implicit-deny' } as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

const patternCache = new Map<string, RegExp>();

function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let regex = patternCache.get(key);
  if (regex === undefined) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    patternCache.set(key, regex);
  }
  return regex;
}

function matchesAny(patterns: readonly string[], value: string, caseInsensitive: boolean): boolean {
  return patterns.some((p) => wildcard(p, caseInsensitive).test(value));
}

function matchesAction(statement: ResolvedStatement, action: string): boolean {
  if (statement.actions !== undefined) return matchesAny(statement.actions, action, true);
  if (statement.notActions !== undefined) return !matchesAny(statement.notActions, action, true);
  return false;
}

function matchesResource(statement: ResolvedStatement, arn: string): boolean {
  if (statement.resources !== undefined) return matchesAny(statement.resources, arn, false);
  if (statement.notResources !== undefined) return !matchesAny(statement.notResources, arn, false);
  return false;
}

/** The decision for `action` on `arn` under `statements` (all of one principal's policies). */
export function evaluate(
  statements: readonly ResolvedStatement[],
  action: string,
  arn: string,
  context: RequestContext = {},
): Decision {
  let allowed = false;
  for (const statement of statements) {
    if (!matchesAction(statement, action) || !matchesResource(statement, arn)) continue;
    const holds = conditionHolds(statement, context);
    // An unevaluable condition: a Deny is taken to apply, an Allow not (fail closed both ways).
    if (statement.effect === 'Deny') {
      if (holds !== false) return Decision.EXPLICIT_DENY;
      continue;
    }
    if (holds === true) allowed = true;
  }
  return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
}

/**
 * IAM policy evaluation as AWS does it for identity-based policies, reduced to what our templates use:
 * an explicit Deny wins, otherwise some Allow must match both the action (case-insensitive, `*` and `?`
 * wildcards) and the resource ARN (case-sensitive, same wildcards). `NotAction` / `NotResource` are
 * honoured; statements with a `Condition` are treated as not matching for Allow (fail closed) and as
 * matching for Deny, since the local stack cannot evaluate request context keys.
 */

/** One statement with its resources already resolved to ARN strings. */
export interface ResolvedStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditional: boolean;
}

export const Decision = { ALLOW: 'allow', EXPLICIT_DENY: 'explicit-deny', IMPLICIT_DENY: 'implicit-deny' } as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

const patternCache = new Map<string, RegExp>();

function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let regex = patternCache.get(key);
  if (regex === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
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
export function evaluate(statements: readonly ResolvedStatement[], action: string, arn: string): Decision {
  let allowed = false;
  for (const statement of statements) {
    if (!matchesAction(statement, action) || !matchesResource(statement, arn)) continue;
    if (statement.effect === 'Deny') return Decision.EXPLICIT_DENY;
    if (!statement.conditional) allowed = true;
  }
  return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
}

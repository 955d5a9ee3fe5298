/**
 * IAM enforced on the local stack's AWS SDK clients: every command a function sends is checked against
 * that function's policy as synthesized by the CDK construct, before it leaves the process, and refused
 * with AWS's `AccessDeniedException` when the policy does not allow it. The local stack shares clients
 * between its functions, so the function a command belongs to is the one whose invocation it runs in
 * (async context). Commands sent outside any invocation (test set-up reading the stores) are counted as
 * unattributed and let through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AccessDeniedException } from './access-denied.js';
import { Decision, evaluate } from './policy.js';
import { ACCESS_DENIED_STATUS, authorizationRequest, type AwsService } from './requests.js';
import type { FunctionPolicy, LocalFunction, LocalNames } from './template-policies.js';

export interface Denial {
  readonly function: LocalFunction;
  readonly action: string;
  readonly resource: string;
}

export interface EnforcementStats {
  readonly checked: number;
  readonly denied: number;
  readonly unattributed: number;
  readonly denials: readonly Denial[];
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output?: unknown }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface Instrumentable {
  readonly middlewareStack: {
    add(middleware: Middleware, options: { step: 'initialize'; name: string; priority: 'high' }): void;
  };
}

export class IamEnforcer {
  readonly #policies: ReadonlyMap<LocalFunction, FunctionPolicy>;
  readonly #names: LocalNames;
  readonly #current = new AsyncLocalStorage<LocalFunction>();
  /** The function an event source mapping invokes, by UUID (the local Lambda endpoint knows). */
  mappingFunctionArn: ((uuid: string) => string | undefined) | undefined;
  #checked = 0;
  #unattributed = 0;
  readonly #denials: Denial[] = [];

  constructor(policies: ReadonlyMap<LocalFunction, FunctionPolicy>, names: LocalNames) {
    this.#policies = policies;
    this.#names = names;
  }

  /** Runs `work` as an invocation of `fn`: the commands it sends are checked against fn's policy. */
  runAs<T>(fn: LocalFunction, work: () => T): T {
    return this.#current.run(fn, work);
  }

  /** Adds the check to `client` (before its first `send`: clients may cache their middleware stack). */
  readonly instrument = (client: { readonly middlewareStack: unknown }, service: AwsService | (string & {})): void => {
    const middleware: Middleware = (next, context) => async (args) => {
      const afterAnswer = this.check(service, context.commandName ?? 'Unknown', args.input);
      const result = await next(args);
      afterAnswer?.(result.output);
      return result;
    };
    (client as Instrumentable).middlewareStack.add(middleware, {
      step: 'initialize',
      name: 'localIamEnforcement',
      priority: 'high',
    });
  };

  /**
   * Throws {@link AccessDeniedException} unless the current function may send this command. For a
   * command whose resource only the answer names (Glue's GetSchemaVersion by id), checks what it can
   * now and returns the check to run on the answer (which throws the same way).
   */
  check(
    service: AwsService | (string & {}),
    commandName: string,
    input: Record<string, unknown>,
  ): ((output: unknown) => void) | undefined {
    const fn = this.#current.getStore();
    if (fn === undefined) {
      this.#unattributed += 1;
      return undefined;
    }
    const policy = this.#policies.get(fn);
    if (policy === undefined) throw new Error(`No synthesized policy for function "${fn}"`);
    const at =
      this.mappingFunctionArn === undefined
        ? this.#names
        : { ...this.#names, mappingFunctionArn: this.mappingFunctionArn };
    const { action, resources, context, resourcesFromOutput } = authorizationRequest(service, commandName, input, at);
    this.#checked += 1;
    if (resourcesFromOutput !== undefined)
      return (output) => this.#authorize(fn, policy, service, action, resourcesFromOutput(output), context);
    this.#authorize(fn, policy, service, action, resources, context);
    return undefined;
  }

  #authorize(
    fn: LocalFunction,
    policy: FunctionPolicy,
    service: AwsService | (string & {}),
    action: string,
    resources: readonly string[],
    context: Readonly<Record<string, string>> | undefined,
  ): void {
    for (const resource of resources.length === 0 ? ['*'] : resources) {
      const decision = evaluate(policy.statements, action, resource, context);
      if (decision === Decision.ALLOW) continue;
      this.#denials.push({ function: fn, action, resource });
      const because =
        decision === Decision.EXPLICIT_DENY
          ? 'with an explicit deny'
          : `because no identity-based policy allows the ${action} action`;
      throw new AccessDeniedException(
        `User: arn:aws:sts::${this.#names.account}:assumed-role/${policy.roleName}/${fn} is not authorized to perform: ${action} on resource: ${resource} ${because}`,
        ACCESS_DENIED_STATUS[service as AwsService] ?? 400,
      );
    }
  }

  get stats(): EnforcementStats {
    return {
      checked: this.#checked,
      denied: this.#denials.length,
      unattributed: this.#unattributed,
      denials: [...this.#denials],
    };
  }

  /** One line for logs: commands checked, denials (distinct), unattributed. */
  summary(): string {
    const distinct = [...new Set(this.#denials.map((d) => `${d.function}: ${d.action} on ${d.resource}`))];
    return `IAM enforcement: ${this.#checked} commands checked, ${this.#denials.length} denied${distinct.length > 0 ? ` (${distinct.join('; ')})` : ''}, ${this.#unattributed} unattributed`;
  }
}

/** How the local stack switches IAM enforcement and names the template's resources locally. */
import type { LocalNames } from './template-policies.js';

/** The account id local ARNs carry. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION_FOR_IAM = 'us-east-1';

/** Environment variable: `off` runs the local stack without IAM enforcement. */
export const LOCAL_IAM_ENV = 'LC_LOCAL_IAM';

/**
 * Environment variable: a file the local stack appends its IAM enforcement counts to (one JSON line per
 * stack) when it stops; the test runner sums them into the suite's summary.
 */
export const IAM_REPORT_ENV = 'LC_IAM_REPORT_FILE';

/**
 * Environment variable: the CDK context the policies are synthesized with, as `key=value` pairs separated
 * by `;` (e.g. `secretArns=arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-*`), the same values
 * a deployment passes with `cdk deploy -c`: a local stack that resolves secrets is allowed the ones its
 * deployment would grant, and no others.
 */
export const LOCAL_IAM_CONTEXT_ENV = 'LC_LOCAL_IAM_CONTEXT';

/** The context pairs of {@link LOCAL_IAM_CONTEXT_ENV}, as the synth script's `key=value` arguments. */
export function localIamContext(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[LOCAL_IAM_CONTEXT_ENV] ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes('='));
}

export function localNames(tables: LocalNames['tables'], functions: LocalNames['functions']): LocalNames {
  return { region: LOCAL_REGION_FOR_IAM, account: LOCAL_ACCOUNT, tables, functions };
}

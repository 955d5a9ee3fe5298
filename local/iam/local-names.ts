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

export function localNames(tables: LocalNames['tables'], functions: LocalNames['functions']): LocalNames {
  return { region: LOCAL_REGION_FOR_IAM, account: LOCAL_ACCOUNT, tables, functions };
}

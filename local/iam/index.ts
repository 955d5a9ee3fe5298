export { AccessDeniedException } from './access-denied.js';
export { IamEnforcer, type Denial, type EnforcementStats } from './enforcer.js';
export { Decision, evaluate, type ResolvedStatement } from './policy.js';
export { ACCESS_DENIED_STATUS, AwsService, authorizationRequest, type AuthorizationRequest } from './requests.js';
export { IAM_REPORT_ENV, LOCAL_ACCOUNT, LOCAL_IAM_CONTEXT_ENV, LOCAL_IAM_ENV, localNames } from './local-names.js';
export { reportIamStats } from './report.js';
export { loadSynthesizedTemplate } from './template-cache.js';
export {
  LocalFunction,
  policiesFromTemplate,
  type CfnTemplate,
  type FunctionPolicy,
  type LocalNames,
} from './template-policies.js';

import { IamEnforcer } from './enforcer.js';
import { loadSynthesizedTemplate } from './template-cache.js';
import { policiesFromTemplate, type LocalNames } from './template-policies.js';

/** An enforcer for the local stack named by `names`, from the default app's synthesized template. */
export async function createIamEnforcer(names: LocalNames): Promise<IamEnforcer> {
  return new IamEnforcer(policiesFromTemplate(await loadSynthesizedTemplate(), names), names);
}

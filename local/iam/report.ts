/** Appends an enforcer's counts to the run's IAM report (IAM_REPORT_ENV), which the test runner sums. */
import { appendFile } from 'node:fs/promises';
import type { IamEnforcer } from './enforcer.js';
import { IAM_REPORT_ENV } from './local-names.js';

export async function reportIamStats(iam: IamEnforcer): Promise<void> {
  const file = process.env[IAM_REPORT_ENV];
  if (file === undefined || file === '') return;
  const { checked, denied, unattributed, denials } = iam.stats;
  await appendFile(file, `${JSON.stringify({ checked, denied, unattributed, denials })}\n`);
}

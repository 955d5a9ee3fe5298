/**
 * cdk-nag's AwsSolutions pack over the deployments `npm run lint:cfn` lints: every finding is fixed or
 * acknowledged with a reason (infra/constructs/nag-acknowledgements.ts, listed in docs/deploy.md), and a
 * new, unacknowledged finding fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NAG_ACKNOWLEDGEMENTS } from '../../infra/constructs/nag-acknowledgements.js';
import { LINT_VARIANTS, lintVariantStack } from '../../infra/lint-variants.js';
import { withCfnValidation } from './helpers.js';

const outdir = mkdtempSync(join(tmpdir(), 'lc-nag-'));
after(() => rmSync(outdir, { recursive: true, force: true }));

/** Synthesizes with the pack as a validation plugin; returns where the validation report would be. */
function nagSynth(name: string, change?: (stack: ReturnType<typeof lintVariantStack>['stack']) => void): string {
  const dir = join(outdir, `${name}-${Math.random().toString(36).slice(2)}`);
  const { app, stack } = lintVariantStack(name, { outdir: dir });
  change?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  withCfnValidation(false, () => app.synth());
  return join(dir, 'validation-report.json');
}

for (const name of Object.keys(LINT_VARIANTS)) {
  test(`${name}: no unacknowledged AwsSolutions finding`, () => {
    assert.doesNotThrow(() => nagSynth(name));
  });
}

test('a new wildcard grant is a finding that fails synth', () => {
  let report = '';
  assert.throws(
    () =>
      nagSynth('default', (stack) => {
        stack.lambdaConnect.restApiFunction.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }),
        );
      }),
    (error: Error) => {
      report = /found in: (\S+validation-report\.json)/.exec(error.message)?.[1] ?? report;
      return /Validation failed/.test(error.message);
    },
  );
  const violations = (
    JSON.parse(readFileSync(report, 'utf8')) as { pluginReports: Array<{ violations: Array<{ ruleName: string }> }> }
  ).pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName));
  assert.deepEqual(violations.sort(), ['AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Resource::*]']);
});

test('every acknowledgement gives a reason', () => {
  for (const [id, reason] of Object.entries(NAG_ACKNOWLEDGEMENTS)) {
    assert.match(id, /^AwsSolutions-[A-Z]+\d+$/);
    assert.ok(reason.length > 40, id);
  }
});

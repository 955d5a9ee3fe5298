/**
 * `npm run lint:cfn`: synthesizes the deployments in infra/lint-variants.ts (default; SCRAM; MSK IAM +
 * VPC + basic auth + custom domain) with cdk-nag's AwsSolutions pack as a validation plugin (synth fails
 * on any finding not fixed or acknowledged in infra/constructs/nag-acknowledgements.ts), then runs
 * cfn-lint on each template (errors fail; warnings are printed). Offline; bundling is skipped (the
 * templates do not depend on the bundles' contents).
 *
 * cfn-lint comes from PyPI into `.cache/venv-cfn` (`.ci/run` creates it); `CFN_LINT` overrides the path.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LINT_VARIANTS, lintVariantStack } from '../infra/lint-variants.js';

const cfnLint = process.env['CFN_LINT'] ?? join('.cache', 'venv-cfn', 'bin', 'cfn-lint');
if (!existsSync(cfnLint)) {
  console.error(
    `cfn-lint not found at ${cfnLint}: python3 -m venv .cache/venv-cfn && .cache/venv-cfn/bin/pip install cfn-lint==1.58.0`,
  );
  process.exit(2);
}

const outdir = mkdtempSync(join(tmpdir(), 'lc-lint-cfn-'));
let failed = false;
try {
  const templates: string[] = [];
  for (const name of Object.keys(LINT_VARIANTS)) {
    const { app, stack } = lintVariantStack(name, { outdir: join(outdir, name) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
      console.log(`cdk-nag AwsSolutions: ${name}: no unacknowledged findings`);
    } catch (error) {
      failed = true;
      console.error(`cdk-nag AwsSolutions: ${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    templates.push(join(outdir, name, `${stack.stackName}.template.json`));
  }
  if (templates.length > 0) {
    // Exit code: bit 2 means errors; warnings (4) and informational (8) are reported, not fatal.
    const lint = spawnSync(cfnLint, ['--format', 'parseable', '--', ...templates], { stdio: 'inherit' });
    const code = lint.status ?? 1;
    if (lint.error !== undefined || (code & 2) !== 0 || code === 1) {
      failed = true;
      console.error(`cfn-lint found errors (exit ${code})`);
    } else {
      console.log(`cfn-lint: ${templates.length} templates, no errors`);
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

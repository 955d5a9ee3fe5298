/**
 * The task runner's bundle stays under its budget (scripts/bundle-measure.ts; `npm run bundle-size` prints
 * every handler): bundled as the CDK construct bundles it, AWS SDK included, no plugins.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BUNDLE_AWS_SDK } from '../../infra/bundling.js';
import { HandlerEntry } from '../../infra/handler-entries.js';
import { measure, TASK_RUNNER_LIMIT_BYTES } from '../../scripts/bundle-measure.js';

test('the task-runner bundle is under its budget, without the whole SSM client', async () => {
  const measured = await measure(HandlerEntry.TASK_RUNNER, DEFAULT_BUNDLE_AWS_SDK, 40, []);
  const inputs = Object.fromEntries(measured.largest);
  assert.ok(
    measured.bytes < TASK_RUNNER_LIMIT_BYTES,
    `${measured.entry} is ${measured.bytes} bytes minified; the budget is under ${TASK_RUNNER_LIMIT_BYTES}. Largest inputs: ${measured.largest.map(([name, bytes]) => `${name} ${bytes}`).join(', ')}`,
  );
  // The SSM client with every command's schema was 170 KB of it (decision 0032); GetParameter alone is ~70 KB.
  assert.ok(
    (inputs['@aws-sdk/client-ssm'] ?? 0) < 100_000,
    `@aws-sdk/client-ssm: ${inputs['@aws-sdk/client-ssm']} bytes`,
  );
});

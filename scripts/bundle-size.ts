/**
 * `npm run bundle-size`: bundles each Lambda handler the way the CDK constructs do (esbuild, minified,
 * ESM, node22 for arm64 Lambda, same banner and externals; see infra/bundling.ts) and prints the sizes.
 * Fails when the task-runner bundle reaches 1.4 MB minified, the budget that keeps its cold start short
 * with the AWS SDK bundled (decision 0009: 1,252 KB, 355 KB gzip, in December; the budget was 1 MB while
 * the SDK was left to the runtime, when the task runner was 493 KB). CI holds the task runner to it in
 * test/infra/bundle-budget.test.ts.
 *
 * Options: --runtime-aws-sdk (measure with the AWS SDK left to the runtime), --top N (largest inputs per handler).
 */
import { BUNDLE_TARGET, DEFAULT_BUNDLE_AWS_SDK } from '../infra/bundling.js';
import { HandlerEntry } from '../infra/handler-entries.js';
import { bundledPluginSources } from '../infra/plugin-bundling.js';
import type { PluginSource } from '../lib/config/plugin-sources.js';
import { measure, TASK_RUNNER_LIMIT_BYTES } from './bundle-measure.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const bundleAwsSdk = args.includes('--runtime-aws-sdk') ? false : DEFAULT_BUNDLE_AWS_SDK;
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1] ?? 3) : 3;
  console.log(
    `Handler bundles (esbuild, minified, ${BUNDLE_TARGET} ESM, AWS SDK ${bundleAwsSdk ? 'bundled' : 'from the Lambda runtime'})\n`,
  );
  console.log(`${'handler'.padEnd(46)} ${'minified'.padStart(11)} ${'gzip'.padStart(10)}  largest inputs`);
  let failed = false;
  // The budget holds for the core; the plugin packages the app bundles by default are measured beside it.
  const plugins = bundledPluginSources();
  const runs = [
    ...Object.values(HandlerEntry).map((entry) => ({ entry, label: entry, plugins: [] as PluginSource[] })),
    ...(plugins.length === 0
      ? []
      : [HandlerEntry.REST_API, HandlerEntry.TASK_RUNNER].map((entry) => ({
          entry,
          label: `${entry} + ${plugins.length} plugins`,
          plugins,
        }))),
  ];
  for (const { entry, label, plugins: bundled } of runs) {
    try {
      const m = await measure(entry, bundleAwsSdk, top, bundled);
      const largest = m.largest.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ');
      console.log(`${label.padEnd(46)} ${kb(m.bytes).padStart(11)} ${kb(m.gzipBytes).padStart(10)}  ${largest}`);
      if (entry === HandlerEntry.TASK_RUNNER && bundled.length === 0 && m.bytes >= TASK_RUNNER_LIMIT_BYTES) {
        console.error(`\n${entry} is ${m.bytes} bytes minified; the budget is under ${TASK_RUNNER_LIMIT_BYTES}`);
        failed = true;
      }
    } catch (error) {
      console.error(`${entry.padEnd(46)} failed to bundle: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();

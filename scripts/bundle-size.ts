/**
 * `npm run bundle-size`: bundles each Lambda handler the way the CDK constructs do (esbuild, minified,
 * ESM, node22 for arm64 Lambda, same banner and externals; see infra/bundling.ts) and prints the sizes.
 * Fails when the task-runner bundle reaches 1.4 MB minified, the budget that keeps its cold start short
 * with the AWS SDK bundled (decision 0009: 1,252 KB, 355 KB gzip, in December; the budget was 1 MB while
 * the SDK was left to the runtime, when the task runner was 493 KB).
 *
 * Options: --runtime-aws-sdk (measure with the AWS SDK left to the runtime), --top N (largest inputs per handler).
 */
import { build, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import {
  BUNDLE_MAIN_FIELDS,
  BUNDLE_TARGET,
  DEFAULT_BUNDLE_AWS_SDK,
  ESM_REQUIRE_BANNER,
  externalModules,
} from '../infra/bundling.js';
import { entryPath, HandlerEntry, PROJECT_ROOT } from '../infra/handler-entries.js';
import { bundledPluginSources, bundleEntry } from '../infra/plugin-bundling.js';
import type { PluginSource } from '../lib/config/plugin-sources.js';

const TASK_RUNNER_LIMIT_BYTES = 1_400_000;

interface Measured {
  readonly entry: HandlerEntry;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly largest: [string, number][];
}

async function measure(
  entry: HandlerEntry,
  bundleAwsSdk: boolean,
  top: number,
  plugins: readonly PluginSource[],
): Promise<Measured> {
  const result = await build({
    entryPoints: [plugins.length === 0 ? entryPath(entry) : bundleEntry(entry, plugins)],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    mainFields: BUNDLE_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: externalModules(bundleAwsSdk),
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'index.mjs',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return {
    entry,
    bytes: output.contents.length,
    gzipBytes: gzipSync(output.contents).length,
    largest: largestPackages(result.metafile, top),
  };
}

/** Bytes in the output per package (or per repo directory for our own code). */
function largestPackages(metafile: Metafile, top: number): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top);
}

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

/**
 * Bundles a Lambda handler the way the CDK constructs do (esbuild, minified, ESM, node22 for arm64 Lambda,
 * same banner and externals; see infra/bundling.ts) and measures it: what `npm run bundle-size` prints and
 * what test/infra/bundle-budget.test.ts holds the task runner to.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, ESM_REQUIRE_BANNER, externalModules } from '../infra/bundling.js';
import { entryPath, type HandlerEntry, PROJECT_ROOT } from '../infra/handler-entries.js';
import { bundleEntry } from '../infra/plugin-bundling.js';
import type { PluginSource } from '../lib/config/plugin-sources.js';

/**
 * The task runner's budget, minified (exclusive): it keeps its cold start short with the AWS SDK bundled
 * (decision 0009; decision 0032 for the 1.3 MB it is since the SSM client is imported statically).
 */
export const TASK_RUNNER_LIMIT_BYTES = 1_400_000;

export interface Measured {
  readonly entry: HandlerEntry;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly largest: [string, number][];
}

/** esbuild's options for a handler bundle as the CDK construct builds it; the bundle stays in memory. */
export function handlerBuildOptions(entryPoint: string, bundleAwsSdk: boolean): BuildOptions & { write: false } {
  return {
    entryPoints: [entryPoint],
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
    logLevel: 'silent',
    outfile: 'index.mjs',
  };
}

export async function measure(
  entry: HandlerEntry,
  bundleAwsSdk: boolean,
  top: number,
  plugins: readonly PluginSource[],
): Promise<Measured> {
  const result = await build({
    ...handlerBuildOptions(plugins.length === 0 ? entryPath(entry) : bundleEntry(entry, plugins), bundleAwsSdk),
    metafile: true,
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

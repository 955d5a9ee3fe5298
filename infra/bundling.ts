/**
 * How every handler is bundled, in one place: the constructs pass these to NodejsFunction's local
 * esbuild, and `scripts/bundle-size.ts` feeds the same values to esbuild to report sizes.
 */

/** Node.js version of the `nodejs22.x` Lambda runtime. */
export const BUNDLE_TARGET = 'node22';

/**
 * ESM output has no `require`; some bundled CommonJS dependencies (kafkajs) still call it for Node
 * built-ins, so the bundle starts by defining one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __lcCreateRequire } from 'node:module'; const require = __lcCreateRequire(import.meta.url);";

/** Prefer the ESM builds of dependencies. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

/**
 * The AWS SDK v3 is left to the one the `nodejs22.x` runtime provides unless `bundleAwsSdk` is set:
 * bundled, the task-runner exceeds 1 MB minified (client-ssm alone adds ~230 KB).
 */
export const AWS_SDK_EXTERNALS = ['@aws-sdk/*'];

export function externalModules(bundleAwsSdk: boolean): string[] {
  return bundleAwsSdk ? [] : [...AWS_SDK_EXTERNALS];
}

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
 * The AWS SDK v3 is bundled by default (decision 0009): the functions then run the SDK version the tests
 * ran, and the MSK IAM path's modules (credential-providers, client-sts, util-format-url, which the
 * runtime is not documented to provide) are present. `bundleAwsSdk: false` leaves every `@aws-sdk/*`
 * import to the `nodejs22.x` runtime's copy instead (smaller bundles, an SDK version we never tested).
 */
export const DEFAULT_BUNDLE_AWS_SDK = true;

export const AWS_SDK_EXTERNALS = ['@aws-sdk/*'];

export function externalModules(bundleAwsSdk: boolean): string[] {
  return bundleAwsSdk ? [] : [...AWS_SDK_EXTERNALS];
}

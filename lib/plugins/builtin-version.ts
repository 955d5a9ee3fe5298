/** Kept for importers of the old path; the constant lives in the shared leaf `lib/common/`. */
export { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';

/** Errors of plugin resolution. Both are plain `ConnectError`s in Connect (HTTP 500 there; see the REST mapping). */
import { ConnectError } from '../api/index.js';
import type { PluginType } from './plugin-type.js';

/** No registered plugin of the requested type matches the name. */
export class PluginNotFoundError extends ConnectError {
  constructor(
    message: string,
    readonly pluginType: PluginType | 'connector',
    readonly requested: string,
    /** A registered name close to the requested one (case, `-`, `_`, `.` ignored), if any. */
    readonly suggestion: string | undefined,
  ) {
    super(message);
    this.name = 'PluginNotFoundError';
  }
}

/** A short connector name matches more than one connector class. */
export class AmbiguousPluginError extends ConnectError {
  constructor(
    message: string,
    readonly requested: string,
    readonly candidates: readonly string[],
  ) {
    super(message);
    this.name = 'AmbiguousPluginError';
  }
}

export { VersionedPluginLoadingError } from '../common/version-range.js';

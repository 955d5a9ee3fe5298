/** Checks on connector configs as they come in, before anything is written. */
import { ConflictError } from '../stores/errors.js';
import type { ConnectorProperties } from '../stores/model.js';
import { BadRequestError, ConcurrentChangeError, ConnectRestError } from './errors.js';

/**
 * A connector config is one DynamoDB item (at most 400 KB with its attributes); Connect's limit is the
 * config topic's message size (about 1 MB), and beyond it Connect answers 500. We refuse earlier, with
 * a clear 413, before anything is written.
 */
export const MAX_CONFIG_BYTES = 350_000;

export function ensureStorable(config: ConnectorProperties): void {
  const size = Buffer.byteLength(JSON.stringify(config), 'utf8');
  if (size > MAX_CONFIG_BYTES) {
    throw new ConnectRestError(
      413,
      `Connector configuration is too large: ${size} bytes, at most ${MAX_CONFIG_BYTES} bytes can be stored per connector`,
    );
  }
}

/**
 * A key set to JSON `null`. Connect stores it (a declared key then reads as null: FileStream's `file`
 * means stdin/stdout there), which a Lambda has no use for and which every reader of a config's string
 * values would trip over; refused with a 400 naming the keys, after validation (whose answers stay
 * Connect's). Removing the key gives the default; PATCH with null removes it.
 */
export function hasNullValues(config: Readonly<Record<string, string | null>>): boolean {
  return Object.values(config).some((value) => value === null);
}

export function ensureNoNullValues(config: Readonly<Record<string, string | null>>): void {
  const nulls = Object.entries(config)
    .filter(([, value]) => value === null)
    .map(([key]) => key);
  if (nulls.length === 0) return;
  throw new BadRequestError(
    `Connector configuration is invalid and contains the following ${nulls.length} error(s):\n` +
      nulls
        .map(
          (key) =>
            `Null value can not be supplied as the configuration value of '${key}'; leave the key out to use its default.`,
        )
        .join('\n'),
  );
}

/** DynamoDB's sort-key limit: connector and logger names are sort keys (see lib/stores/dynamodb). */
export const MAX_NAME_BYTES = 1_024;

/** A UTF-16 surrogate without its partner: not Unicode text, and not storable as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A connector or logger name must be storable as it was given: well-formed Unicode (a lone surrogate
 * would come back as U+FFFD, a different name) and at most {@link MAX_NAME_BYTES} bytes in UTF-8.
 * Checked before anything is written.
 */
export function ensureStorableName(what: 'Connector' | 'Logger', name: string): void {
  if (LONE_SURROGATE.test(name)) {
    throw new BadRequestError(
      `${what} name contains an unpaired UTF-16 surrogate (at index ${name.search(LONE_SURROGATE)}); names must be valid Unicode text`,
    );
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES)
    throw new BadRequestError(`${what} name is too long: ${bytes} bytes in UTF-8, at most ${MAX_NAME_BYTES}`);
}

/** Checks a `name` key against the URL/body name and injects it, as Connect's resource layer does. */
export function injectName(name: string, config: ConnectorProperties): ConnectorProperties {
  const configured = config['name'];
  if (configured !== undefined && configured !== name) {
    throw new BadRequestError(
      `Connector name configuration (${configured}) doesn't match connector name in the URL (${name})`,
    );
  }
  return { ...config, name };
}

export function conflict(error: unknown): unknown {
  if (error instanceof ConflictError) {
    return new ConcurrentChangeError(
      'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
      { cause: error },
    );
  }
  return error;
}

/**
 * Parsing of `${provider:path}` and `${provider:path:key}` placeholders, the syntax of Kafka Connect's
 * ConfigProvider variables. Only the providers named in {@link ConfigProviderName} are recognised;
 * any other `${...}` text is left as written, as Connect leaves variables of unconfigured providers.
 */
import { ConfigValueError, ReferenceFailure } from './errors.js';

export const ConfigProviderName = {
  /** `${secretsmanager:<secret-id>}` or `${secretsmanager:<secret-id>:<json-key>}`. */
  SECRETS_MANAGER: 'secretsmanager',
  /** `${ssm:<parameter-name>}`; the name may carry a `:version` or `:label` selector. */
  SSM: 'ssm',
} as const;
export type ConfigProviderName = (typeof ConfigProviderName)[keyof typeof ConfigProviderName];

/** One placeholder found in a config value. */
export interface ConfigReference {
  /** The placeholder as written, used in error messages and for substitution. */
  readonly text: string;
  readonly provider: ConfigProviderName;
  /** Secret id (name or ARN) or parameter name. */
  readonly path: string;
  /** For Secrets Manager: the field of a JSON secret to return. */
  readonly key?: string;
}

// `${` provider `:` body `}`; the body cannot contain `}` (secret names and parameter names cannot either).
const PLACEHOLDER = /\$\{([a-z]+):([^}]*)\}/g;
const KNOWN = new Set<string>(Object.values(ConfigProviderName));
// arn:partition:secretsmanager:region:account:secret:name-suffix has seven colon-separated fields.
const SECRET_ARN_FIELDS = 7;

function isKnown(provider: string): provider is ConfigProviderName {
  return KNOWN.has(provider);
}

function invalid(text: string, why: string): ConfigValueError {
  return new ConfigValueError(ReferenceFailure.INVALID_REFERENCE, `the placeholder is malformed: ${why}`, {
    reference: text,
  });
}

function parseSecretsManager(text: string, body: string): ConfigReference {
  // Secret names cannot contain ':', so outside an ARN the first ':' ends the id.
  const fields = body.split(':');
  const idFields = body.startsWith('arn:') ? SECRET_ARN_FIELDS : 1;
  const path = fields.slice(0, idFields).join(':');
  const rest = fields.slice(idFields);
  if (path === '' || fields.length < idFields) throw invalid(text, 'the secret id is empty or incomplete');
  if (rest.length === 0) return { text, provider: ConfigProviderName.SECRETS_MANAGER, path };
  const key = rest.join(':');
  if (key === '') throw invalid(text, 'the JSON key after the secret id is empty');
  return { text, provider: ConfigProviderName.SECRETS_MANAGER, path, key };
}

function parseSsm(text: string, body: string): ConfigReference {
  if (body === '') throw invalid(text, 'the parameter name is empty');
  return { text, provider: ConfigProviderName.SSM, path: body };
}

/**
 * Every recognised placeholder in `value`, in order of appearance.
 * @throws ConfigValueError (`invalid-reference`) for a recognised provider with a malformed body.
 */
export function findReferences(value: string): ConfigReference[] {
  const found: ConfigReference[] = [];
  for (const match of value.matchAll(PLACEHOLDER)) {
    const [text, provider = '', body = ''] = match;
    if (!isKnown(provider)) continue;
    found.push(provider === ConfigProviderName.SSM ? parseSsm(text, body) : parseSecretsManager(text, body));
  }
  return found;
}

/** Replaces each recognised placeholder in `value` by `lookup(text)`; other text is kept. */
export function substituteReferences(value: string, lookup: (text: string) => string): string {
  return value.replace(PLACEHOLDER, (text, provider: string) => (isKnown(provider) ? lookup(text) : text));
}

/** Cheap check used before anything is loaded: does any value hold a recognised placeholder? */
export function containsReferences(config: Readonly<Record<string, string>>): boolean {
  return Object.values(config).some((value) => {
    for (const match of value.matchAll(PLACEHOLDER)) if (isKnown(match[1] ?? '')) return true;
    return false;
  });
}

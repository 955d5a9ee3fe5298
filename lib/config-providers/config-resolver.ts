/**
 * Resolves secrets by reference in a connector config at run time, the way Kafka Connect's
 * ConfigTransformer applies ConfigProviders: each recognised `${provider:path[:key]}` in a value is
 * replaced by what it points to. Stores and the REST API keep only the references.
 */
import { ConfigReferenceError, ConfigValueError, ReferenceFailure } from './errors.js';
import type { SecretsManagerPort, SsmPort } from './ports.js';
import {
  ConfigProviderName,
  containsReferences,
  findReferences,
  substituteReferences,
  type ConfigReference,
} from './reference.js';
import type { ResolvedConfig } from './task-config-placeholders.js';
import { TtlCache } from './ttl-cache.js';

export interface ConfigResolverOptions {
  readonly secretsManager: SecretsManagerPort;
  readonly ssm: SsmPort;
  /** How long a fetched secret or parameter is reused. Default 5 minutes. */
  readonly ttlMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export const DEFAULT_CONFIG_CACHE_TTL_MS = 5 * 60_000;

type Config = Readonly<Record<string, string>>;

/** Where each placeholder occurs first, so errors name a config key deterministically. */
interface Occurrence {
  readonly reference: ConfigReference;
  readonly configKey: string;
}

/**
 * Created once per cold start and reused: its cache spans invocations. Nothing is fetched, and no SDK
 * is loaded, for a config without placeholders.
 */
export class ConfigResolver {
  readonly #secretsManager: SecretsManagerPort;
  readonly #ssm: SsmPort;
  readonly #cache: TtlCache<string>;

  constructor(options: ConfigResolverOptions) {
    this.#secretsManager = options.secretsManager;
    this.#ssm = options.ssm;
    this.#cache = new TtlCache<string>({
      ttlMs: options.ttlMs ?? DEFAULT_CONFIG_CACHE_TTL_MS,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /**
   * A copy of `config` with every recognised placeholder replaced.
   * @throws ConfigReferenceError naming the first failing placeholder (in key order) and its config key.
   */
  async resolve(config: Config): Promise<Record<string, string>> {
    return (await this.resolveWithSecrets(config)).config;
  }

  /**
   * As {@link resolve}, and the values the placeholders stood for, so that callers can keep them out
   * of what they store or print (see task-config-placeholders.ts).
   */
  async resolveWithSecrets(config: Config): Promise<ResolvedConfig> {
    if (!containsReferences(config)) return { config: { ...config }, secrets: new Set() };
    const occurrences = collectOccurrences(config);
    const settled = await Promise.allSettled(occurrences.map((o) => this.#resolveOne(o.reference)));
    const values = new Map<string, string>();
    for (const [i, result] of settled.entries()) {
      const occurrence = occurrences[i] as Occurrence;
      if (result.status === 'rejected') {
        throw asReferenceError(result.reason, occurrence.reference.text, occurrence.configKey);
      }
      values.set(occurrence.reference.text, result.value);
    }
    // Object.fromEntries, not assignment: a config key named `__proto__` must stay a key.
    const resolved = Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        substituteReferences(value, (text) => values.get(text) ?? text),
      ]),
    );
    return { config: resolved, secrets: new Set(values.values()) };
  }

  /** Forgets every cached value. */
  clearCache(): void {
    this.#cache.clear();
  }

  async #resolveOne(reference: ConfigReference): Promise<string> {
    // The cache holds whole secrets, so several keys of one secret cost one fetch.
    const raw = await this.#cache.get(`${reference.provider}\u0000${reference.path}`, () => this.#fetch(reference));
    return reference.key === undefined ? raw : extractJsonKey(raw, reference.path, reference.key);
  }

  #fetch(reference: ConfigReference): Promise<string> {
    return reference.provider === ConfigProviderName.SSM
      ? this.#ssm.getParameter(reference.path)
      : this.#secretsManager.getSecretString(reference.path);
  }
}

function collectOccurrences(config: Config): Occurrence[] {
  const seen = new Map<string, Occurrence>();
  for (const [configKey, value] of Object.entries(config)) {
    let references: ConfigReference[];
    try {
      references = findReferences(value);
    } catch (error) {
      const text = error instanceof ConfigValueError ? (error.reference ?? '') : '';
      throw asReferenceError(error, text, configKey);
    }
    for (const reference of references) {
      if (!seen.has(reference.text)) seen.set(reference.text, { reference, configKey });
    }
  }
  return [...seen.values()];
}

function asReferenceError(error: unknown, text: string, configKey: string): Error {
  // Anything else (a TypeError in a port, say) is a bug and must surface unchanged.
  if (!(error instanceof ConfigValueError)) return error instanceof Error ? error : new Error(String(error));
  return new ConfigReferenceError(text, configKey, error);
}

function extractJsonKey(raw: string, secretId: string, key: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigValueError(
      ReferenceFailure.UNUSABLE_VALUE,
      `secret "${secretId}" is not a JSON object, so it has no key "${key}"`,
    );
  }
  const value = (parsed as Record<string, unknown>)[key];
  if (value === undefined) {
    throw new ConfigValueError(ReferenceFailure.UNUSABLE_VALUE, `secret "${secretId}" has no key "${key}"`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

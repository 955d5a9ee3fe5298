/**
 * Secrets by reference: `${secretsmanager:...}` and `${ssm:...}` placeholders in connector configs,
 * stored and shown as written, resolved in memory only where a connector or a task starts (Kafka Connect's
 * ConfigProvider idea, KIP-297).
 */
import { ConfigResolver, type ConfigResolverOptions } from './config-resolver.js';
import { createSdkSecretsManagerPort, type SdkClientOptions } from './secrets-manager-sdk.js';
import { createSdkSsmPort } from './ssm-sdk.js';

export { ConfigResolver, DEFAULT_CONFIG_CACHE_TTL_MS, type ConfigResolverOptions } from './config-resolver.js';
export { ConfigReferenceError, ConfigValueError, ReferenceFailure } from './errors.js';
export type { SecretsManagerPort, SsmPort } from './ports.js';
export {
  ConfigProviderName,
  containsReferences,
  findReferences,
  substituteReferences,
  type ConfigReference,
} from './reference.js';
export { createSdkSecretsManagerPort, type SdkClientOptions } from './secrets-manager-sdk.js';
export { createSdkSsmPort } from './ssm-sdk.js';
export {
  MIN_MASKED_SECRET_LENGTH,
  redactSecrets,
  restorePlaceholders,
  SECRET_MASK,
  type ResolvedConfig,
} from './task-config-placeholders.js';
export { TtlCache, type TtlCacheOptions } from './ttl-cache.js';

/**
 * The production resolver: AWS SDK ports (loaded on first use) and the default cache TTL. Build it once
 * per cold start, in the composition root.
 */
export function createConfigResolver(
  options: SdkClientOptions & Pick<ConfigResolverOptions, 'ttlMs'> = {},
): ConfigResolver {
  const { ttlMs, ...client } = options;
  return new ConfigResolver({
    secretsManager: createSdkSecretsManagerPort(client),
    ssm: createSdkSsmPort(client),
    ...(ttlMs === undefined ? {} : { ttlMs }),
  });
}

/**
 * The keys every Confluent Schema Registry converter shares (Confluent's `AbstractKafkaSchemaSerDeConfig`
 * and `AbstractConverterConfig`), with Confluent's names, defaults and docs in our words. A format adds
 * its own keys (`enhanced.avro.schema.support`, ...) to {@link registryConfigDef}'s result.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators } from 'lambda-connect/api';
import { defineRegistryTls, parseRegistryTls, type RegistryTls } from '../client/registry-tls.js';
import { SubjectNameStrategyClasses, type SubjectNameStrategy, subjectNameStrategy } from './subject-name-strategy.js';

export const RegistryConfigKeys = {
  CONVERTER_TYPE: 'converter.type',
  URL: 'schema.registry.url',
  CREDENTIALS_SOURCE: 'basic.auth.credentials.source',
  USER_INFO: 'basic.auth.user.info',
  BEARER_SOURCE: 'bearer.auth.credentials.source',
  BEARER_TOKEN: 'bearer.auth.token',
  BEARER_LOGICAL_CLUSTER: 'bearer.auth.logical.cluster',
  BEARER_IDENTITY_POOL: 'bearer.auth.identity.pool.id',
  AUTO_REGISTER: 'auto.register.schemas',
  USE_LATEST_VERSION: 'use.latest.version',
  LATEST_COMPATIBILITY_STRICT: 'latest.compatibility.strict',
  LATEST_CACHE_TTL: 'latest.cache.ttl.sec',
  NORMALIZE: 'normalize.schemas',
  USE_SCHEMA_ID: 'use.schema.id',
  KEY_STRATEGY: 'key.subject.name.strategy',
  VALUE_STRATEGY: 'value.subject.name.strategy',
  SCHEMAS_CACHE: 'schemas.cache.config',
} as const;

/** `basic.auth.credentials.source`: where basic auth credentials come from. */
export const CredentialsSource = { URL: 'URL', USER_INFO: 'USER_INFO', SASL_INHERIT: 'SASL_INHERIT' } as const;

/** `bearer.auth.credentials.source`: where the bearer token comes from (STATIC_TOKEN only here). */
export const BearerSource = {
  STATIC_TOKEN: 'STATIC_TOKEN',
  OAUTHBEARER: 'OAUTHBEARER',
  SASL_OAUTHBEARER_INHERIT: 'SASL_OAUTHBEARER_INHERIT',
  CUSTOM: 'CUSTOM',
} as const;

/** What a registry converter reads from its configs. */
export interface RegistrySettings {
  readonly isKey: boolean;
  readonly urls: readonly string[];
  /** `user:password` when `basic.auth.credentials.source=USER_INFO`. */
  readonly userInfo: string | undefined;
  /** `bearer.auth.token` when `bearer.auth.credentials.source=STATIC_TOKEN` (then no basic auth). */
  readonly bearerToken: string | undefined;
  /** Confluent Cloud's `target-sr-cluster` / `Confluent-Identity-Pool-Id` headers with bearer auth. */
  readonly headers: Readonly<Record<string, string>>;
  /** `schema.registry.ssl.*`; undefined: Node's defaults (public CAs, host name checked). */
  readonly tls: RegistryTls | undefined;
  readonly autoRegister: boolean;
  readonly useLatestVersion: boolean;
  readonly latestCompatibilityStrict: boolean;
  /** -1: the latest version is cached until the environment ends. */
  readonly latestCacheTtlSec: number;
  readonly normalize: boolean;
  /** -1: not set. */
  readonly useSchemaId: number;
  readonly subjectNameStrategy: SubjectNameStrategy;
  readonly schemasCacheSize: number;
}

const STRATEGY_DOC =
  'Determines how to construct the subject name under which the schema is registered with the Schema Registry. By default, <topic>-key or <topic>-value is used as subject.';

/** A fresh ConfigDef with the shared keys. */
export function registryConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: RegistryConfigKeys.CONVERTER_TYPE,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: (n, v) => (v === null ? undefined : Validators.in(['key', 'value', 'header'])(n, v)),
      importance: Importance.LOW,
      documentation: 'How this converter will be used.',
    })
    .define({
      name: RegistryConfigKeys.URL,
      type: ConfigType.LIST,
      validator: nonEmptyList,
      importance: Importance.HIGH,
      documentation:
        'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas. Several URLs are tried in turn when one does not answer.',
    })
    .define({
      name: RegistryConfigKeys.CREDENTIALS_SOURCE,
      type: ConfigType.STRING,
      defaultValue: CredentialsSource.URL,
      validator: Validators.in(Object.values(CredentialsSource)),
      importance: Importance.MEDIUM,
      documentation:
        'Specify how to pick the credentials for the Basic authentication header. The supported values are URL and USER_INFO (SASL_INHERIT is not supported here).',
    })
    .define({
      name: RegistryConfigKeys.USER_INFO,
      type: ConfigType.PASSWORD,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation:
        'Specify the user info for Basic authentication in the form of {username}:{password}. Give it by reference (${secretsmanager:...}).',
    })
    .define({
      name: RegistryConfigKeys.BEARER_SOURCE,
      type: ConfigType.STRING,
      defaultValue: BearerSource.STATIC_TOKEN,
      validator: Validators.in(Object.values(BearerSource)),
      importance: Importance.MEDIUM,
      documentation:
        'Specify how to pick the credentials for the Bearer authentication header; applies when set. Supported here: STATIC_TOKEN (with bearer.auth.token).',
    })
    .define({
      name: RegistryConfigKeys.BEARER_TOKEN,
      type: ConfigType.PASSWORD,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation:
        'The bearer token when bearer.auth.credentials.source=STATIC_TOKEN. Give it by reference (${secretsmanager:...}).',
    })
    .define({
      name: RegistryConfigKeys.BEARER_LOGICAL_CLUSTER,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.LOW,
      documentation: 'The Schema Registry logical cluster id (Confluent Cloud), sent as target-sr-cluster.',
    })
    .define({
      name: RegistryConfigKeys.BEARER_IDENTITY_POOL,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.LOW,
      documentation: 'The identity pool id (Confluent Cloud), sent as Confluent-Identity-Pool-Id.',
    })
    .define({
      name: RegistryConfigKeys.AUTO_REGISTER,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.MEDIUM,
      documentation: 'Specify if the serializer should attempt to register the schema with the Schema Registry.',
    })
    .define({
      name: RegistryConfigKeys.USE_LATEST_VERSION,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation:
        'Specify if the serializer should use the latest subject version for serialization. Requires auto.register.schemas=false.',
    })
    .define({
      name: RegistryConfigKeys.LATEST_COMPATIBILITY_STRICT,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        'If true, check that the latest subject version is backward compatible with the schema of the object when use.latest.version is true.',
    })
    .define({
      name: RegistryConfigKeys.LATEST_CACHE_TTL,
      type: ConfigType.LONG,
      defaultValue: -1,
      importance: Importance.LOW,
      documentation:
        'How long (seconds) the latest version of a subject is cached; -1: for as long as the environment lives.',
    })
    .define({
      name: RegistryConfigKeys.NORMALIZE,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Whether to ask the registry to normalize schemas when registering or looking them up.',
    })
    .define({
      name: RegistryConfigKeys.USE_SCHEMA_ID,
      type: ConfigType.INT,
      defaultValue: -1,
      importance: Importance.LOW,
      documentation: 'Schema id to use for serialization (-1: not set).',
    })
    .define({
      name: RegistryConfigKeys.KEY_STRATEGY,
      type: ConfigType.CLASS,
      defaultValue: SubjectNameStrategyClasses.TOPIC,
      validator: strategyValidator,
      importance: Importance.MEDIUM,
      documentation: STRATEGY_DOC,
    })
    .define({
      name: RegistryConfigKeys.VALUE_STRATEGY,
      type: ConfigType.CLASS,
      defaultValue: SubjectNameStrategyClasses.TOPIC,
      validator: strategyValidator,
      importance: Importance.MEDIUM,
      documentation: STRATEGY_DOC,
    })
    .define({
      name: RegistryConfigKeys.SCHEMAS_CACHE,
      type: ConfigType.INT,
      defaultValue: 1000,
      validator: Validators.atLeast(0),
      importance: Importance.LOW,
      documentation: 'Size of the converted schemas cache.',
    });
  return defineRegistryTls(def);
}

/** Parses the shared keys (throws `ConfigError`); `isKey` selects the key or value subject name strategy. */
export function parseRegistrySettings(
  configs: Readonly<Record<string, string>>,
  isKey: boolean,
  def: ConfigDef = registryConfigDef(),
): { settings: RegistrySettings; parsed: Map<string, unknown> } {
  const parsed = def.parse(configs);
  const source = String(parsed.get(RegistryConfigKeys.CREDENTIALS_SOURCE));
  const userInfo = String(parsed.get(RegistryConfigKeys.USER_INFO) ?? '');
  if (source === CredentialsSource.SASL_INHERIT)
    throw ConfigError.invalidValue(
      RegistryConfigKeys.CREDENTIALS_SOURCE,
      source,
      'SASL_INHERIT is not supported: use USER_INFO with basic.auth.user.info',
    );
  if (source === CredentialsSource.USER_INFO && !userInfo.includes(':'))
    throw ConfigError.invalidValue(
      RegistryConfigKeys.USER_INFO,
      '[hidden]',
      'expected {username}:{password} when basic.auth.credentials.source=USER_INFO',
    );
  const bearer = bearerAuth(configs, parsed);
  const strategyKey = isKey ? RegistryConfigKeys.KEY_STRATEGY : RegistryConfigKeys.VALUE_STRATEGY;
  const settings: RegistrySettings = {
    isKey,
    urls: parsed.get(RegistryConfigKeys.URL) as string[],
    userInfo: source === CredentialsSource.USER_INFO && bearer === undefined ? userInfo : undefined,
    bearerToken: bearer?.token,
    headers: bearer?.headers ?? {},
    tls: parseRegistryTls(parsed),
    autoRegister: parsed.get(RegistryConfigKeys.AUTO_REGISTER) as boolean,
    useLatestVersion: parsed.get(RegistryConfigKeys.USE_LATEST_VERSION) as boolean,
    latestCompatibilityStrict: parsed.get(RegistryConfigKeys.LATEST_COMPATIBILITY_STRICT) as boolean,
    latestCacheTtlSec: parsed.get(RegistryConfigKeys.LATEST_CACHE_TTL) as number,
    normalize: parsed.get(RegistryConfigKeys.NORMALIZE) as boolean,
    useSchemaId: parsed.get(RegistryConfigKeys.USE_SCHEMA_ID) as number,
    subjectNameStrategy: subjectNameStrategy(String(parsed.get(strategyKey))),
    schemasCacheSize: parsed.get(RegistryConfigKeys.SCHEMAS_CACHE) as number,
  };
  return { settings, parsed };
}

/**
 * Bearer auth applies when `bearer.auth.credentials.source` is given (Confluent's RestService reads the
 * key as given, not its default); giving `basic.auth.credentials.source` too is Confluent's config error.
 */
function bearerAuth(
  configs: Readonly<Record<string, string>>,
  parsed: ReadonlyMap<string, unknown>,
): { token: string; headers: Record<string, string> } | undefined {
  if (configs[RegistryConfigKeys.BEARER_SOURCE] === undefined) return undefined;
  if (configs[RegistryConfigKeys.CREDENTIALS_SOURCE] !== undefined)
    throw new ConfigError(
      `Only one of '${RegistryConfigKeys.CREDENTIALS_SOURCE}' and '${RegistryConfigKeys.BEARER_SOURCE}' may be specified`,
    );
  const source = String(parsed.get(RegistryConfigKeys.BEARER_SOURCE));
  if (source !== BearerSource.STATIC_TOKEN)
    throw ConfigError.invalidValue(
      RegistryConfigKeys.BEARER_SOURCE,
      source,
      'only STATIC_TOKEN is supported here (give the token by reference in bearer.auth.token)',
    );
  const token = String(parsed.get(RegistryConfigKeys.BEARER_TOKEN) ?? '');
  if (token === '')
    throw ConfigError.invalidValue(
      RegistryConfigKeys.BEARER_TOKEN,
      '',
      'a token is required when bearer.auth.credentials.source=STATIC_TOKEN',
    );
  const headers: Record<string, string> = {};
  const cluster = String(parsed.get(RegistryConfigKeys.BEARER_LOGICAL_CLUSTER) ?? '');
  const pool = String(parsed.get(RegistryConfigKeys.BEARER_IDENTITY_POOL) ?? '');
  if (cluster !== '') headers['target-sr-cluster'] = cluster;
  if (pool !== '') headers['Confluent-Identity-Pool-Id'] = pool;
  return { token, headers };
}

function nonEmptyList(name: string, value: unknown): void {
  const urls = value as string[];
  if (urls.length === 0) throw ConfigError.invalidValue(name, '', 'at least one Schema Registry URL is required');
  for (const url of urls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw ConfigError.invalidValue(name, url.replace(/\/\/[^@/]*@/, '//[hidden]@'), 'expected an http(s) URL');
  }
}

function strategyValidator(name: string, value: unknown): void {
  subjectNameStrategy(String(value), name);
}

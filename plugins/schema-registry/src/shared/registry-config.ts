/**
 * The keys every Confluent Schema Registry converter shares (Confluent's `AbstractKafkaSchemaSerDeConfig`
 * and `AbstractConverterConfig`), with Confluent's names, defaults and docs in our words. A format adds
 * its own keys (`enhanced.avro.schema.support`, ...) to {@link registryConfigDef}'s result.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators } from 'lambda-connect/api';
import { SubjectNameStrategyClasses, type SubjectNameStrategy, subjectNameStrategy } from './subject-name-strategy.js';

export const RegistryConfigKeys = {
  CONVERTER_TYPE: 'converter.type',
  URL: 'schema.registry.url',
  CREDENTIALS_SOURCE: 'basic.auth.credentials.source',
  USER_INFO: 'basic.auth.user.info',
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

/** What a registry converter reads from its configs. */
export interface RegistrySettings {
  readonly isKey: boolean;
  readonly urls: readonly string[];
  /** `user:password` when `basic.auth.credentials.source=USER_INFO`. */
  readonly userInfo: string | undefined;
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
  return def;
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
  const strategyKey = isKey ? RegistryConfigKeys.KEY_STRATEGY : RegistryConfigKeys.VALUE_STRATEGY;
  const settings: RegistrySettings = {
    isKey,
    urls: parsed.get(RegistryConfigKeys.URL) as string[],
    userInfo: source === CredentialsSource.USER_INFO ? userInfo : undefined,
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

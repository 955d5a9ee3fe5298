/**
 * Validation of a connector config against the connector's own ConfigDef plus the framework's keys,
 * transform/predicate aliases and the sink topic rules, producing Connect's `ConfigInfos`.
 */
import { DOORBELL_SINKS_ONLY, LatencyConfigKeys, LatencyMode } from '../common/latency-mode.js';
import type { ConfigDef, ConfigValue } from '../api/config-def.js';
import { ConnectError } from '../api/errors.js';
import { JavaExceptionName } from '../api/java-exception-names.js';
import { ExactlyOnceSupport, type SourceConnector } from '../api/source-connector.js';
import { defineAliasKeys, describeAliases } from './alias-config.js';
import { applyConnectSemantics, validateAsConnect } from './connect-config-semantics.js';
import {
  connectorConfigDef,
  sinkConnectorConfigDef,
  sourceConnectorConfigDef,
} from '../common/connector-config-def.js';
import { InvalidVersionSpecificationError, VersionedPluginLoadingError } from '../common/version-range.js';
import { converterSections, describeConverterKeys, workerConverterDefaults } from './converter-config.js';
import {
  invalidConfigMessage,
  javaMapString,
  keyInfo,
  valueInfo,
  type ConfigInfo,
  type ConfigInfos,
} from './config-infos.js';
import { BadRequestError } from './errors.js';
import type { ConnectorPlugin, PluginCatalog } from './plugin-catalog.js';
import { splitList } from '../common/split-list.js';
import { safeRegex } from '../common/topic-matcher.js';

export interface ValidationResult {
  /** The connector in the version `connector.plugin.version` selects; null when no installed version matches. */
  readonly plugin: ConnectorPlugin | null;
  readonly infos: ConfigInfos;
}

/** A config that passed: its connector plugin is known. */
export interface ValidConnectorConfig extends ValidationResult {
  readonly plugin: ConnectorPlugin;
}

const CONNECTOR_VERSION = 'connector.plugin.version';

/**
 * Resolves `connector.class` in the version `connector.plugin.version` selects; a missing or unknown
 * class, or a version that is no Maven range, is the client's mistake (400). With `namesException`, an
 * unknown class's message is prefixed with Connect's exception class, as Connect 4.3.1 words it when
 * creating, updating or validating a connector. A class installed in no matching version throws
 * `VersionedPluginLoadingError`, which validation reports per key.
 */
export function resolveConnectorPlugin(
  catalog: PluginCatalog,
  props: Readonly<Record<string, string>>,
  namesException = false,
): ConnectorPlugin {
  const className = props['connector.class'];
  if (className === undefined || className === null) {
    throw new BadRequestError(`Connector config ${javaMapString(props)} contains no connector type`);
  }
  try {
    return catalog.connector(className, props[CONNECTOR_VERSION] ?? null);
  } catch (error) {
    if (error instanceof VersionedPluginLoadingError) throw error;
    if (error instanceof InvalidVersionSpecificationError) throw new BadRequestError(error.message, { cause: error });
    if (error instanceof ConnectError)
      throw new BadRequestError(namesException ? `${JavaExceptionName.CONNECT}: ${error.message}` : error.message, {
        cause: error,
      });
    throw error;
  }
}

export interface ValidationOptions {
  /** The worker's properties (default converters); the built-in defaults when absent. */
  readonly workerProperties?: Readonly<Record<string, string>>;
  /** Prefix an unknown class's message with `org.apache.kafka.connect.errors.ConnectException: ` (see resolveConnectorPlugin). */
  readonly namesException?: boolean;
}

export function validateConnectorConfig(
  catalog: PluginCatalog,
  props: Readonly<Record<string, string>>,
  options: ValidationOptions = {},
): ValidationResult {
  let plugin: ConnectorPlugin;
  try {
    plugin = resolveConnectorPlugin(catalog, props, options.namesException ?? false);
  } catch (error) {
    if (error instanceof VersionedPluginLoadingError) return invalidVersionResult(catalog, props, error);
    throw error;
  }
  const connector = plugin.create();
  const pluginDef = connector.config();
  const latest = latestVersion(catalog, plugin.className);
  const defOptions = {
    pluginVersion: latest,
    converterDefaults: workerConverterDefaults(catalog, options.workerProperties, props),
  };
  const frameworkDef =
    plugin.type === 'sink' ? sinkConnectorConfigDef(defOptions) : sourceConnectorConfigDef(defOptions);
  const aliases = defineAliasKeys(catalog, frameworkDef, props);

  const frameworkValues = validateAsConnect(frameworkDef, props);
  describeConverterKeys(catalog, frameworkValues, props);
  describeAliases(catalog, aliases, frameworkValues, props);
  describeConnectorVersion(frameworkValues, connectorVersions(catalog, plugin.className));
  const pluginOwn = (v: ConfigValue): boolean => frameworkDef.key(v.name) === undefined;
  const pluginValues = applyConnectSemantics(pluginDef, props, connector.validate(props).filter(pluginOwn));
  const extra: ConfigValue[] = [];
  if (plugin.type === 'sink') checkSinkTopics(frameworkValues, props);
  else {
    checkExactlyOnce(frameworkValues, connector as SourceConnector, props);
    checkSourceLatencyMode(frameworkValues, props);
  }
  checkNullValues(props, [...frameworkValues, ...pluginValues], extra);
  checkNegateWithoutPredicate(frameworkValues, props);
  const converters = converterSections(catalog, props);

  // Connect's order (AbstractHerder.generateResult): values without a definition, then the framework's
  // keys, then the connector's own, then each converter's settings; the 400 message follows it.
  const configs: ConfigInfo[] = [
    ...extra.map((v) => ({ definition: null, value: valueInfo(v) })),
    ...frameworkValues.map((v) => ({
      definition: keyInfoOf(frameworkDef, v.name),
      value: valueInfo(v, frameworkDef.key(v.name)?.type),
    })),
    ...pluginValues.map((v) => ({
      definition: keyInfoOf(pluginDef, v.name),
      value: valueInfo(v, pluginDef.key(v.name)?.type),
    })),
    ...converters.configs,
  ];
  const groups = [...frameworkDef.groups()];
  for (const group of [...pluginDef.groups(), ...converters.configs.map((c) => c.definition?.group)]) {
    if (group !== undefined && group !== null && !groups.includes(group)) groups.push(group);
  }
  const main = configs.slice(0, configs.length - converters.configs.length);
  const errorCount = main.reduce((n, c) => n + c.value.errors.length, 0) + converters.errorCount;
  return { plugin, infos: { name: props['connector.class'] ?? '', error_count: errorCount, groups, configs } };
}

/** Validates and throws Connect's 400 when there is any error. */
export function ensureValidConnectorConfig(
  catalog: PluginCatalog,
  props: Readonly<Record<string, string>>,
  options: ValidationOptions = {},
): ValidConnectorConfig {
  const { plugin, infos } = validateConnectorConfig(catalog, props, options);
  if (infos.error_count > 0 || plugin === null) throw new BadRequestError(invalidConfigMessage(infos));
  return { plugin, infos };
}

/**
 * Connect's answer when the connector class is installed but in no version `connector.plugin.version`
 * selects (`AbstractHerder.invalidVersionedConnectorValidation`): the common keys only, validated, with
 * the error on `connector.class` and on `connector.plugin.version`, whose recommended values are the
 * installed versions; nothing of the connector, its converters or transforms is validated.
 */
function invalidVersionResult(
  catalog: PluginCatalog,
  props: Readonly<Record<string, string>>,
  error: VersionedPluginLoadingError,
): ValidationResult {
  const def = connectorConfigDef({ pluginVersion: latestVersion(catalog, error.className) });
  const values = validateAsConnect(def, props);
  for (const value of values) {
    if (value.name === 'connector.class' || value.name === CONNECTOR_VERSION) value.errors.push(error.message);
    if (value.name === CONNECTOR_VERSION) value.recommendedValues = [...error.availableVersions];
    // No converter is known on this path, so Connect's converter version recommenders hide their keys.
    if (/^(key|value|header)\.converter\.plugin\.version$/.test(value.name)) value.visible = false;
  }
  const extra: ConfigValue[] = [];
  checkNullValues(props, values, extra);
  const configs: ConfigInfo[] = [
    ...extra.map((v) => ({ definition: null, value: valueInfo(v) })),
    ...values.map((v) => ({ definition: keyInfoOf(def, v.name), value: valueInfo(v, def.key(v.name)?.type) })),
  ];
  const errorCount = configs.reduce((n, c) => n + c.value.errors.length, 0);
  return {
    plugin: null,
    infos: { name: props['connector.class'] ?? '', error_count: errorCount, groups: [...def.groups()], configs },
  };
}

/** The latest installed version of a connector class (the default of `connector.plugin.version`); null when it has none. */
function latestVersion(catalog: PluginCatalog, className: string): string | null {
  const version = catalog.find(className)?.version;
  return version === undefined || version === 'undefined' ? null : version;
}

/** Every installed version of a connector class, ascending (Connect's version recommender). */
function connectorVersions(catalog: PluginCatalog, className: string): string[] {
  return catalog
    .list()
    .filter((p) => p.className === className && (p.type === 'source' || p.type === 'sink') && p.version !== 'undefined')
    .map((p) => p.version);
}

function keyInfoOf(def: ConfigDef, name: string): ReturnType<typeof keyInfo> | null {
  const key = def.key(name);
  return key === undefined ? null : keyInfo(key);
}

/** The installed versions of the connector are the recommended `connector.plugin.version` values. */
function describeConnectorVersion(values: ConfigValue[], versions: readonly string[]): void {
  const value = values.find((v) => v.name === CONNECTOR_VERSION);
  if (value !== undefined && versions.length > 0) value.recommendedValues = [...versions];
}

/** `exactly.once.support=required`: this runtime has no exactly-once source support (Connect's wording). */
function checkExactlyOnce(
  values: ConfigValue[],
  connector: SourceConnector,
  props: Readonly<Record<string, string>>,
): void {
  const value = values.find((v) => v.name === 'exactly.once.support');
  if (value === undefined || value.errors.length > 0 || String(value.value).toLowerCase() !== 'required') return;
  value.errors.push('This worker does not have exactly-once source support enabled.');
  if (connector.exactlyOnceSupport(props) !== ExactlyOnceSupport.SUPPORTED) {
    value.errors.push('The connector does not support exactly-once semantics with the provided configuration.');
  }
}

/** The doorbell rings on records arriving in topics, so only a sink can use it. */
function checkSourceLatencyMode(values: ConfigValue[], props: Readonly<Record<string, string>>): void {
  if ((props[LatencyConfigKeys.MODE] ?? '').trim() !== LatencyMode.DOORBELL) return;
  for (const v of values) if (v.name === LatencyConfigKeys.MODE) v.errors.push(DOORBELL_SINKS_ONLY);
}

function checkSinkTopics(values: ConfigValue[], props: Readonly<Record<string, string>>): void {
  const topics = splitList(props['topics']);
  const regex = (props['topics.regex'] ?? '').trim();
  const add = (message: string): void => {
    for (const v of values) if (v.name === 'topics' || v.name === 'topics.regex') v.errors.push(message);
  };
  if (topics.length > 0 && regex !== '')
    add('topics and topics.regex are mutually exclusive options, but both are set.');
  else if (topics.length === 0 && regex === '') add('Must configure one of topics or topics.regex');
  const dlq = (props['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlq !== '' && topics.includes(dlq)) {
    for (const v of values) {
      if (v.name === 'topics')
        v.errors.push(
          `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=[${topics.join(', ')}]') consumed by the connector`,
        );
    }
  }
  if (dlq !== '' && regex !== '' && safeRegex(regex)?.test(dlq)) {
    for (const v of values) {
      if (v.name === 'topics.regex')
        v.errors.push(
          `The DLQ topic '${dlq}' may not be matched by the regex for the topics ('topics.regex=${props['topics.regex'] ?? ''}') consumed by the connector`,
        );
    }
  }
}

/** A null value is fine for a declared key (it reads as null) but not for an undeclared one. */
function checkNullValues(props: Readonly<Record<string, unknown>>, values: ConfigValue[], extra: ConfigValue[]): void {
  for (const [name, value] of Object.entries(props)) {
    if (value !== null || values.some((v) => v.name === name)) continue;
    extra.push({
      name,
      value: null,
      recommendedValues: [],
      errors: ['Null value can not be supplied as the configuration value.'],
      visible: true,
    });
  }
}

function checkNegateWithoutPredicate(values: ConfigValue[], props: Readonly<Record<string, string>>): void {
  for (const alias of splitList(props['transforms'])) {
    const negate = `transforms.${alias}.negate`;
    if (props[negate] !== undefined && props[`transforms.${alias}.predicate`] === undefined) {
      values
        .find((v) => v.name === negate)
        ?.errors.push(
          `Config '${negate}' was provided but there is no config 'transforms.${alias}.predicate' defining a predicate to be negated.`,
        );
    }
  }
}

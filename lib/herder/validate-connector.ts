/**
 * Validation of a connector config against the connector's own ConfigDef plus the framework's keys,
 * transform/predicate aliases and the sink topic rules, producing Connect's `ConfigInfos`.
 */
import { ConfigDef, ConfigType, Importance, Width, type ConfigValue } from '../api/config-def.js';
import { ConnectError } from '../api/errors.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from './connector-config-def.js';
import { invalidConfigMessage, javaMapString, keyInfo, valueInfo, type ConfigInfo, type ConfigInfos } from './config-infos.js';
import { BadRequestError } from './errors.js';
import type { ConnectorPlugin, PluginCatalog } from './plugin-catalog.js';

export interface ValidationResult {
  readonly plugin: ConnectorPlugin;
  readonly infos: ConfigInfos;
}

/** Resolves `connector.class`; a missing or unknown class is the client's mistake (400). */
export function resolveConnectorPlugin(catalog: PluginCatalog, props: Readonly<Record<string, string>>): ConnectorPlugin {
  const className = props['connector.class'];
  if (className === undefined || className === null) {
    throw new BadRequestError(`Connector config ${javaMapString(props)} contains no connector type`);
  }
  try {
    return catalog.connector(className);
  } catch (error) {
    if (error instanceof ConnectError) throw new BadRequestError(error.message, { cause: error });
    throw error;
  }
}

export function validateConnectorConfig(catalog: PluginCatalog, props: Readonly<Record<string, string>>): ValidationResult {
  const plugin = resolveConnectorPlugin(catalog, props);
  const connector = plugin.create();
  const pluginDef = connector.config();
  const frameworkDef = plugin.type === 'sink' ? sinkConnectorConfigDef() : sourceConnectorConfigDef();
  addAliasKeys(catalog, frameworkDef, props);

  const frameworkValues = frameworkDef.validate(props);
  const pluginValues = connector.validate(props).filter((v) => frameworkDef.key(v.name) === undefined);
  const extra: ConfigValue[] = [];
  if (plugin.type === 'sink') checkSinkTopics(frameworkValues, props);
  checkNullValues(props, [...frameworkValues, ...pluginValues], extra);
  checkNegateWithoutPredicate(frameworkValues, props);

  // Connect's order (AbstractHerder.generateResult): values without a definition, then the framework's
  // keys, then the connector's own; the 400 message lists the errors in this order.
  const configs: ConfigInfo[] = [
    ...extra.map((v) => ({ definition: null, value: valueInfo(v) })),
    ...frameworkValues.map((v) => ({ definition: keyInfoOf(frameworkDef, v.name), value: valueInfo(v, frameworkDef.key(v.name)?.type) })),
    ...pluginValues.map((v) => ({ definition: keyInfoOf(pluginDef, v.name), value: valueInfo(v, pluginDef.key(v.name)?.type) })),
  ];
  const groups = [...frameworkDef.groups(), ...pluginDef.groups().filter((g) => !frameworkDef.groups().includes(g))];
  const errorCount = configs.reduce((n, c) => n + c.value.errors.length, 0);
  return { plugin, infos: { name: props['connector.class'] ?? '', error_count: errorCount, groups, configs } };
}

/** Validates and throws Connect's 400 when there is any error. */
export function ensureValidConnectorConfig(catalog: PluginCatalog, props: Readonly<Record<string, string>>): ValidationResult {
  const result = validateConnectorConfig(catalog, props);
  if (result.infos.error_count > 0) throw new BadRequestError(invalidConfigMessage(result.infos));
  return result;
}

function keyInfoOf(def: ConfigDef, name: string): ReturnType<typeof keyInfo> | null {
  const key = def.key(name);
  return key === undefined ? null : keyInfo(key);
}

/** `transforms.<a>.*` and `predicates.<a>.*` keys, with the plugin's own keys under the prefix. */
function addAliasKeys(catalog: PluginCatalog, def: ConfigDef, props: Readonly<Record<string, string>>): void {
  for (const [listKey, kind] of [['transforms', 'Transforms'], ['predicates', 'Predicates']] as const) {
    const aliases = splitList(props[listKey]);
    for (const alias of new Set(aliases)) {
      const prefix = `${listKey}.${alias}.`;
      const group = `${kind}: ${alias}`;
      let order = 0;
      def.define({ name: `${prefix}type`, type: ConfigType.CLASS, importance: Importance.HIGH, documentation: `Class for the '${alias}' ${listKey === 'transforms' ? 'transformation' : 'predicate'}.`, group, orderInGroup: ++order, width: Width.LONG, displayName: `${listKey === 'transforms' ? 'Transformation' : 'Predicate'} type for ${alias}`, validator: (name, value) => checkPluginType(catalog, name, value, listKey === 'transforms' ? 'transformation' : 'predicate') });
      if (listKey === 'transforms') {
        def.define({ name: `${prefix}negate`, type: ConfigType.BOOLEAN, defaultValue: false, importance: Importance.MEDIUM, documentation: 'Whether the configured predicate should be negated.', group, orderInGroup: ++order, width: Width.SHORT, displayName: 'Negate' });
        def.define({ name: `${prefix}predicate`, type: ConfigType.STRING, defaultValue: null, importance: Importance.MEDIUM, documentation: 'The alias of a predicate used to determine whether to apply this transformation.', group, orderInGroup: ++order, width: Width.MEDIUM, displayName: 'Predicate' });
      }
      const typeName = props[`${prefix}type`];
      const ownDef = typeName === undefined ? undefined : catalog.configDef(typeName);
      for (const key of ownDef?.configKeys() ?? []) {
        if (def.key(prefix + key.name) === undefined) def.define({ ...key, name: prefix + key.name, group, orderInGroup: ++order });
      }
    }
  }
}

function checkPluginType(catalog: PluginCatalog, name: string, value: unknown, expected: 'transformation' | 'predicate'): void {
  if (value === null || value === undefined) return;
  const info = catalog.find(String(value));
  if (info === undefined || info.type !== expected) {
    const message = info === undefined ? `Class ${String(value)} could not be found.` : `Not a ${expected === 'transformation' ? 'Transformation' : 'Predicate'}`;
    throw new ConnectError(`Invalid value ${String(value)} for configuration ${name}: ${message}`);
  }
}

function checkSinkTopics(values: ConfigValue[], props: Readonly<Record<string, string>>): void {
  const topics = splitList(props['topics']);
  const regex = (props['topics.regex'] ?? '').trim();
  const add = (message: string): void => {
    for (const v of values) if (v.name === 'topics' || v.name === 'topics.regex') v.errors.push(message);
  };
  if (topics.length > 0 && regex !== '') add('topics and topics.regex are mutually exclusive options, but both are set.');
  else if (topics.length === 0 && regex === '') add('Must configure one of topics or topics.regex');
  const dlq = (props['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlq !== '' && topics.includes(dlq)) {
    for (const v of values) {
      if (v.name === 'topics') v.errors.push(`The DLQ topic '${dlq}' may not be included in the list of topics ('topics=[${topics.join(', ')}]') consumed by the connector`);
    }
  }
  if (dlq !== '' && regex !== '' && safeRegex(regex)?.test(dlq)) {
    for (const v of values) {
      if (v.name === 'topics.regex') v.errors.push(`The DLQ topic '${dlq}' may not be matched by the regex for the topics ('topics.regex=${props['topics.regex'] ?? ''}') consumed by the connector`);
    }
  }
}

function checkNullValues(props: Readonly<Record<string, unknown>>, values: ConfigValue[], extra: ConfigValue[]): void {
  for (const [name, value] of Object.entries(props)) {
    if (value !== null) continue;
    const message = 'Null value can not be supplied as the configuration value.';
    const known = values.find((v) => v.name === name);
    if (known) known.errors.push(message);
    else extra.push({ name, value: null, recommendedValues: [], errors: [message], visible: true });
  }
}

function checkNegateWithoutPredicate(values: ConfigValue[], props: Readonly<Record<string, string>>): void {
  for (const alias of splitList(props['transforms'])) {
    const negate = `transforms.${alias}.negate`;
    if (props[negate] !== undefined && props[`transforms.${alias}.predicate`] === undefined) {
      values.find((v) => v.name === negate)?.errors.push(`Config '${negate}' was provided but there is no config 'transforms.${alias}.predicate' defining a predicate to be negated.`);
    }
  }
}

/** Java regexes are mostly JS-compatible for topic patterns; an invalid one matches nothing here. */
export function safeRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}

export function splitList(value: string | undefined): string[] {
  if (value === undefined || value === null || value.trim() === '') return [];
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The converter parts of a connector's validation, as Connect 4.3.1 reports them: the class choices,
 * the worker's default, the version and class errors on `key.converter` / `value.converter` /
 * `header.converter`, and, for a converter set on the connector, its own settings validated under the
 * prefix (its messages name the unprefixed key; entries come in Java `HashMap` order).
 */
import type { ConfigValue } from '../api/config-def.js';
import { DEFAULT_WORKER_PROPERTIES } from '../common/worker-properties.js';
import { InvalidVersionSpecificationError, VersionedPluginLoadingError } from '../common/version-range.js';
import { classNamesOf, versionsOf } from './alias-config.js';
import { keyInfo, valueInfo, type ConfigInfo } from './config-infos.js';
import { validateAsConnect } from './connect-config-semantics.js';
import type { ConverterKey } from '../common/connector-config-def.js';
import { javaHashMapOrder } from './java-hash-map.js';
import type { PluginCatalog, PluginInfo, PluginType } from './plugin-catalog.js';

export const CONVERTER_KEYS: readonly ConverterKey[] = ['key.converter', 'value.converter', 'header.converter'];

const KIND: Readonly<Record<ConverterKey, { type: PluginType; role: string; iface: string }>> = {
  'key.converter': { type: 'converter', role: 'key', iface: 'Converter' },
  'value.converter': { type: 'converter', role: 'value', iface: 'Converter' },
  'header.converter': { type: 'header_converter', role: 'header', iface: 'HeaderConverter' },
};

/**
 * The defaults Connect shows on the converter keys: the worker's converter class, and the version of
 * the converter in effect (the connector's own when it sets one, null when that one is unknown).
 */
export function workerConverterDefaults(
  catalog: PluginCatalog,
  workerProperties: Readonly<Record<string, string>> = {},
  props: Readonly<Record<string, string>> = {},
): Record<ConverterKey, { className: string; version: string | null }> {
  const worker = { ...DEFAULT_WORKER_PROPERTIES, ...workerProperties };
  const entry = (key: ConverterKey): { className: string; version: string | null } => {
    const className = worker[key] ?? '';
    const own = props[key];
    const effective = own === undefined || own === null ? className : own;
    const found = findOfType(catalog, effective, KIND[key].type);
    return { className, version: found?.version ?? null };
  };
  return {
    'key.converter': entry('key.converter'),
    'value.converter': entry('value.converter'),
    'header.converter': entry('header.converter'),
  };
}

/** Class choices, class errors and versions on the framework's converter keys. */
export function describeConverterKeys(
  catalog: PluginCatalog,
  values: ConfigValue[],
  props: Readonly<Record<string, string>>,
): void {
  const byName = new Map(values.map((v) => [v.name, v]));
  for (const key of CONVERTER_KEYS) {
    const value = byName.get(key);
    const version = byName.get(`${key}.plugin.version`);
    if (value === undefined) continue;
    value.recommendedValues = classNamesOf(catalog, KIND[key].type);
    const className = typeof value.value === 'string' ? value.value : null;
    const found = className === null ? undefined : findOfType(catalog, className, KIND[key].type);
    const set = props[key] !== undefined && props[key] !== null;
    const usable = found !== undefined;
    if (set && value.errors.length === 0 && className !== null && !usable) {
      const other = catalog.find(className);
      if (other === undefined) {
        value.errors.push(
          `Invalid value ${className} for configuration ${key}: Class ${className} could not be found.`,
        );
        value.value = null;
      } else {
        value.errors.push(`Class class ${other.className} does not implement the ${KIND[key].iface} interface`);
      }
    }
    if (version === undefined) continue;
    if (usable && found !== undefined) value.value = found.className;
    if (usable && found !== undefined) {
      if (props[`${key}.plugin.version`] === undefined) version.value = found.version;
      version.recommendedValues = versionsOf(catalog, found);
      // Connect reports a version nothing installed matches on the class key too; a bad range only on the version key.
      const { error, notInstalled } = selectConverter(catalog, found, key, props);
      if (error !== null && version.errors.length === 0) {
        version.errors.push(error);
        if (notInstalled && value.errors.length === 0) value.errors.push(error);
      }
    } else {
      version.value = null;
      version.recommendedValues = [];
      version.visible = false;
    }
  }
}

/** The plugin a name resolves to (latest version), if it is (also) of `type`: JsonConverter is a converter and a header converter. */
export function findOfType(catalog: PluginCatalog, name: string, type: PluginType): PluginInfo | undefined {
  return catalog.find(name, { type });
}

/**
 * The version of a converter that `<key>.plugin.version` selects (KIP-891), or why none, in Connect's
 * words: Maven's message for a value that is no range, `VersionedPluginLoadingException`'s when nothing
 * installed is in the range (`notInstalled`).
 */
export function selectConverter(
  catalog: PluginCatalog,
  latest: PluginInfo,
  key: ConverterKey,
  props: Readonly<Record<string, string>>,
): { plugin: PluginInfo | null; error: string | null; notInstalled: boolean } {
  const version = props[`${key}.plugin.version`];
  if (version === undefined || version === null) return { plugin: latest, error: null, notInstalled: false };
  try {
    return {
      plugin: catalog.find(latest.className, { type: latest.type, version }) ?? null,
      error: null,
      notInstalled: false,
    };
  } catch (error) {
    if (error instanceof InvalidVersionSpecificationError)
      return { plugin: null, error: error.message, notInstalled: false };
    if (error instanceof VersionedPluginLoadingError) return { plugin: null, error: error.message, notInstalled: true };
    throw error;
  }
}

/**
 * The settings of each converter set on the connector, validated by that converter's own ConfigDef
 * (with `converter.type` supplied, as the worker supplies it). Returns the entries and how many of
 * them have errors (Connect counts configs, not messages, here).
 */
export function converterSections(
  catalog: PluginCatalog,
  props: Readonly<Record<string, string>>,
): { configs: ConfigInfo[]; errorCount: number } {
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const key of CONVERTER_KEYS) {
    const className = props[key];
    if (className === undefined || className === null) continue;
    const latest = findOfType(catalog, className, KIND[key].type);
    const found = latest === undefined ? null : selectConverter(catalog, latest, key, props).plugin;
    const def =
      found === null ? undefined : catalog.configDef(found.className, { type: found.type, version: found.version });
    if (def === undefined) continue;
    const settings: Record<string, unknown> = { 'converter.type': KIND[key].role };
    for (const [k, v] of Object.entries(props))
      if (k.startsWith(`${key}.`) && k !== `${key}.plugin.version`) settings[k.slice(key.length + 1)] = v;
    const values = new Map(validateAsConnect(def, settings).map((v) => [v.name, v]));
    for (const name of javaHashMapOrder(def.names(), { copy: false })) {
      const value = values.get(name);
      const configKey = def.key(name);
      if (value === undefined || configKey === undefined) continue;
      if (value.errors.length > 0) errorCount++;
      configs.push({
        definition: keyInfo({ ...configKey, name: `${key}.${name}`, displayName: configKey.displayName ?? name }),
        value: valueInfo({ ...value, name: `${key}.${name}` }, configKey.type),
      });
    }
  }
  return { configs, errorCount };
}

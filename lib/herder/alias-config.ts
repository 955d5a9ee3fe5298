/**
 * The `transforms.<alias>.*` and `predicates.<alias>.*` keys of a connector config, as Connect 4.3.1
 * enriches its ConnectorConfig with them: `type` and `plugin.version` first, then (once the type
 * resolves to the right kind of plugin) the plugin's own keys, with `negate` and `predicate` for
 * transformations, sorted as Kafka's `ConfigDef.sortedConfigs` sorts (required first, then by
 * importance, then by name). The plugin's own validators run on its unprefixed settings, so their
 * messages name the unprefixed key, as Connect's do.
 */
import {
  ConfigType,
  Importance,
  NO_DEFAULT,
  Width,
  type ConfigDef,
  type ConfigKey,
  type ConfigValue,
} from '../api/config-def.js';
import { splitList } from '../common/split-list.js';
import { InvalidVersionSpecificationError, VersionedPluginLoadingError } from '../common/version-range.js';
import { validatorError } from './connect-config-semantics.js';
import type { PluginCatalog, PluginInfo, PluginType } from './plugin-catalog.js';

export type AliasKind = 'transformation' | 'predicate';

export interface AliasSection {
  readonly kind: AliasKind;
  readonly alias: string;
  readonly prefix: string;
  /** The plugin `type` names, when it is a plugin of the right kind. */
  readonly plugin: PluginInfo | null;
  /** The plugin's own keys (unprefixed), which are validated with their unprefixed names. */
  readonly ownKeys: readonly ConfigKey[];
  /** The latest installed version of the class `type` names, when it is of the right kind. */
  readonly latest: PluginInfo | null;
  /** Why `plugin.version` selects no installed version (KIP-891), or null. */
  readonly versionError: string | null;
  /** Every installed version of the class `type` names, ascending. */
  readonly versions: readonly string[];
}

const LISTS = [
  ['transforms', 'transformation', 'Transforms', 'Transformation'],
  ['predicates', 'predicate', 'Predicates', 'Predicate'],
] as const;

const IMPORTANCE_RANK: Readonly<Record<string, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/** Defines every alias's keys on `def` (the framework's def) and returns what was defined. */
export function defineAliasKeys(
  catalog: PluginCatalog,
  def: ConfigDef,
  props: Readonly<Record<string, string>>,
): AliasSection[] {
  const sections: AliasSection[] = [];
  for (const [listKey, kind, groupLabel, label] of LISTS) {
    for (const alias of new Set(splitAliases(props[listKey]))) {
      const prefix = `${listKey}.${alias}.`;
      const group = `${groupLabel}: ${alias}`;
      const typeName = props[`${prefix}type`];
      const latest = typeName === undefined || typeName === null ? undefined : catalog.find(typeName, { type: kind });
      const { plugin, versionError } = selectVersion(catalog, latest, props[`${prefix}plugin.version`]);
      def.define({
        name: `${prefix}type`,
        type: ConfigType.CLASS,
        importance: Importance.HIGH,
        documentation: `Class for the '${alias}' ${kind}.`,
        group,
        orderInGroup: 0,
        width: Width.LONG,
        displayName: `${label} type for ${alias}`,
      });
      // The default is the latest installed version, as Connect shows it whatever the config selects.
      def.define({
        name: `${prefix}plugin.version`,
        type: ConfigType.STRING,
        defaultValue: latest?.version ?? null,
        importance: Importance.HIGH,
        documentation: `Version of the '${alias}' ${kind}.`,
        group,
        orderInGroup: 1,
        width: Width.LONG,
        displayName: `${label} version for ${alias}`,
      });
      const ownKeys =
        plugin === null
          ? []
          : (catalog.configDef(plugin.className, { type: kind, version: plugin.version })?.configKeys() ?? []);
      const keys =
        plugin === null
          ? []
          : sortedConfigs(
              kind === 'transformation'
                ? [...ownKeys.filter((k) => k.name !== 'negate' && k.name !== 'predicate'), ...conditionKeys()]
                : ownKeys,
            );
      let order = 1;
      for (const key of keys) {
        // Validators run on the unprefixed settings (below), not on the prefixed keys.
        const { validator: _unprefixed, ...definition } = key;
        def.define({
          ...definition,
          name: prefix + key.name,
          group,
          orderInGroup: ++order,
          displayName: key.displayName ?? key.name,
          width: key.width ?? Width.NONE,
        });
      }
      const versions = latest === undefined ? [] : versionsOf(catalog, latest);
      sections.push({ kind, alias, prefix, plugin, ownKeys: keys, latest: latest ?? null, versionError, versions });
    }
  }
  return sections;
}

/**
 * Fills in what Connect reports on the alias keys: the class choices and errors on `type`, the
 * version on `plugin.version`, and the plugin validators' messages on its own keys.
 */
export function describeAliases(
  catalog: PluginCatalog,
  sections: readonly AliasSection[],
  values: ConfigValue[],
  props: Readonly<Record<string, string>>,
): void {
  const byName = new Map(values.map((v) => [v.name, v]));
  for (const section of sections) {
    const type = byName.get(`${section.prefix}type`);
    const version = byName.get(`${section.prefix}plugin.version`);
    const typeName = props[`${section.prefix}type`];
    if (type !== undefined) {
      type.recommendedValues = classNamesOf(catalog, section.kind);
      if (
        typeName !== undefined &&
        typeName !== null &&
        section.plugin === null &&
        section.versionError === null &&
        type.errors.length === 0
      ) {
        const found = catalog.find(typeName);
        if (found === undefined) {
          type.value = null;
          type.errors.push(
            `Invalid value ${typeName} for configuration ${section.prefix}type: Class ${typeName} could not be found.`,
          );
        } else {
          type.errors.push(
            `Class class ${found.className} does not implement the ${section.kind === 'transformation' ? 'Transformation' : 'Predicate'} interface`,
          );
        }
      }
    }
    if (type !== undefined && section.plugin !== null) type.value = section.plugin.className;
    // Connect loads the class in the requested version while validating `type`, so the error shows there too.
    if (type !== undefined && section.versionError !== null && section.latest !== null) {
      type.value = section.latest.className;
      if (type.errors.length === 0) type.errors.push(section.versionError);
    }
    if (version !== undefined) {
      version.recommendedValues = [...section.versions];
      if (section.versionError !== null) version.errors.push(section.versionError);
    }
    for (const key of section.ownKeys) {
      const value = byName.get(section.prefix + key.name);
      if (value === undefined || value.errors.some((e) => !e.startsWith('Missing required configuration'))) continue;
      const error = validatorError(key.validator, key.name, value.value ?? null);
      if (error !== null) value.errors.push(error);
    }
  }
}

/** Every plugin class of a kind, sorted: the recommended values of a class-valued key. */
export function classNamesOf(catalog: PluginCatalog, type: PluginType): string[] {
  return [
    ...new Set(
      catalog
        .list()
        .filter((p) => p.type === type)
        .map((p) => p.className),
    ),
  ].sort();
}

/**
 * The version of a transformation or predicate that `plugin.version` selects, or why none, as Connect
 * words it: Maven's message for a value that is no range, `VersionedPluginLoadingException`'s when
 * nothing installed is in the range. Connect reports either on `type` and on `plugin.version`.
 */
function selectVersion(
  catalog: PluginCatalog,
  latest: PluginInfo | undefined,
  version: string | undefined,
): { plugin: PluginInfo | null; versionError: string | null } {
  if (latest === undefined) return { plugin: null, versionError: null };
  if (version === undefined || version === null) return { plugin: latest, versionError: null };
  try {
    return { plugin: catalog.find(latest.className, { type: latest.type, version }) ?? null, versionError: null };
  } catch (error) {
    if (error instanceof InvalidVersionSpecificationError || error instanceof VersionedPluginLoadingError)
      return { plugin: null, versionError: error.message };
    throw error;
  }
}

/** Every installed version of a plugin's class and type, ascending (the list is sorted so). */
export function versionsOf(catalog: PluginCatalog, plugin: PluginInfo): string[] {
  return catalog
    .list()
    .filter((p) => p.className === plugin.className && p.type === plugin.type && p.version !== 'undefined')
    .map((p) => p.version);
}

/** A list-valued key's aliases (`transforms`, `predicates`): Connect's LIST parsing. */
export const splitAliases = splitList;

/** The `negate` / `predicate` keys Connect adds to every transformation. */
function conditionKeys(): ConfigKey[] {
  return [
    {
      name: 'negate',
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation: 'Whether the configured predicate should be negated.',
    },
    {
      name: 'predicate',
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.MEDIUM,
      documentation: 'The alias of a predicate used to determine whether to apply this transformation.',
    },
  ];
}

/** Kafka's `ConfigDef.sortedConfigs` order: keys without a default first, then by importance, then by name. */
function sortedConfigs(keys: readonly ConfigKey[]): ConfigKey[] {
  const required = (k: ConfigKey): number => (k.defaultValue === NO_DEFAULT ? 0 : 1);
  return [...keys].sort(
    (a, b) =>
      required(a) - required(b) ||
      (IMPORTANCE_RANK[a.importance] ?? 3) - (IMPORTANCE_RANK[b.importance] ?? 3) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * The plugin registry: Connect's plugin scanning and isolation reduced to a table of classes by type.
 * Names resolve exactly as in Connect 4.3.1: by fully qualified class name, by simple class name, or by the
 * simple name without its type suffix, the two short forms only while unique across all plugins
 * (`PluginUtils.computeAliases`); `connector.class` also matches `<simple>` or `<simple>Connector`.
 * Nothing fuzzy resolves: `suggestClass` only improves the error message.
 * A class may be registered in several versions (KIP-891): lookups take an optional version range and
 * answer the latest version inside it (the latest installed without one), as Connect's
 * `DelegatingClassLoader` picks the highest matching version.
 */
import { ConnectError } from '../api/index.js';
import { AmbiguousPluginError, PluginNotFoundError, VersionedPluginLoadingError } from './errors.js';
import { compareMavenVersions } from '../common/maven-version.js';
import { describePlugin, prunedName, simpleName, UNDEFINED_VERSION, type PluginDesc } from './plugin-desc.js';
import { PLUGIN_INTERFACE_NAME, PLUGIN_LISTING_ORDER, PluginType, type PluginClassByType } from './plugin-type.js';
import { closestName } from './suggest.js';
import type { VersionRange } from '../common/version-range.js';

type ConnectorType = 'source' | 'sink';
const CONNECTOR_TYPES: readonly ConnectorType[] = [PluginType.SOURCE, PluginType.SINK];

export interface RegisterOptions {
  /** Defaults to `undefined`, which `/connector-plugins` leaves out. */
  readonly version?: string;
  /** Defaults to `classpath`. */
  readonly location?: string;
}

export class PluginRegistry {
  /** Per type and class, every registered version in ascending Maven order. */
  private readonly byType = new Map<PluginType, Map<string, PluginDesc[]>>();
  private aliasTable: ReadonlyMap<string, string> | undefined;

  /**
   * Adds a plugin; a class that is several things (e.g. converter and header converter) is registered once
   * per type. Another version of a registered class is added beside it; the same version again is a clash.
   */
  register<T extends PluginType>(type: T, pluginClass: PluginClassByType[T], options: RegisterOptions = {}): this {
    const className = pluginClass.className;
    if (typeof className !== 'string' || className === '')
      throw new ConnectError('A plugin class needs a static className');
    const plugins = this.byType.get(type) ?? new Map<string, PluginDesc[]>();
    const version = options.version ?? UNDEFINED_VERSION;
    const versions = plugins.get(className) ?? [];
    if (versions.some((d) => compareMavenVersions(d.version, version) === 0))
      throw new ConnectError(`Plugin ${className} version ${version} is already registered as ${type}`);
    const desc: PluginDesc<T> = { className, type, version, location: options.location ?? 'classpath', pluginClass };
    plugins.set(
      className,
      [...versions, desc].sort((a, b) => compareMavenVersions(a.version, b.version)),
    );
    this.byType.set(type, plugins);
    this.aliasTable = undefined;
    return this;
  }

  /** The plugin of `type` registered under exactly `className` (no aliases): that version, or the latest. */
  get<T extends PluginType>(type: T, className: string, version?: string): PluginDesc<T> | undefined {
    const versions = this.byType.get(type)?.get(className) as Array<PluginDesc<T>> | undefined;
    if (version === undefined) return versions?.at(-1);
    return versions?.find((d) => compareMavenVersions(d.version, version) === 0);
  }

  /** Every installed version of a class, ascending, across types (as Connect lists them in its errors). */
  versions(className: string): string[] {
    return PLUGIN_LISTING_ORDER.flatMap((t) => (this.byType.get(t)?.get(className) ?? []).map((d) => d.version)).sort(
      compareMavenVersions,
    );
  }

  /** Plugins of one type sorted by class name, or all of them in `/connector-plugins` order. */
  plugins<T extends PluginType>(type: T): Array<PluginDesc<T>>;
  plugins(): PluginDesc[];
  plugins(type?: PluginType): PluginDesc[] {
    const types = type === undefined ? PLUGIN_LISTING_ORDER : [type];
    return types.flatMap((t) =>
      [...(this.byType.get(t)?.values() ?? [])]
        .flat()
        .sort((a, b) => compare(a.className, b.className) || compareMavenVersions(a.version, b.version)),
    );
  }

  /** Sink then source connectors: `GET /connector-plugins` with the default `connectorsOnly=true`. */
  connectorPlugins(): Array<PluginDesc<ConnectorType>> {
    return [...this.plugins(PluginType.SINK), ...this.plugins(PluginType.SOURCE)];
  }

  /** Short name → class name, for every short name that identifies exactly one class. */
  aliases(): ReadonlyMap<string, string> {
    if (this.aliasTable !== undefined) return this.aliasTable;
    const collisions = new Map<string, Set<string>>();
    for (const desc of this.plugins()) {
      for (const alias of [simpleName(desc.className), prunedName(desc.className, desc.type)]) {
        const classes = collisions.get(alias) ?? new Set<string>();
        classes.add(desc.className);
        collisions.set(alias, classes);
      }
    }
    const table = new Map<string, string>();
    for (const [alias, classes] of collisions) if (classes.size === 1) table.set(alias, [...classes][0] as string);
    this.aliasTable = table;
    return table;
  }

  /**
   * The plugin of `type` named by a class name or unique alias, or undefined when no such class is
   * installed; the latest version in `range` (the latest installed without one). A class with no
   * version in `range` throws {@link VersionedPluginLoadingError}.
   */
  find<T extends PluginType>(type: T, classOrAlias: string, range?: VersionRange | null): PluginDesc<T> | undefined {
    const className = this.aliases().get(classOrAlias) ?? classOrAlias;
    const versions = this.byType.get(type)?.get(className) as Array<PluginDesc<T>> | undefined;
    if (versions === undefined) return undefined;
    return range === undefined || range === null ? versions.at(-1) : this.inRange(className, versions, range);
  }

  /** As `find`, but throws `PluginNotFoundError` with Connect's message (plus a suggestion when one is close). */
  resolve<T extends PluginType>(type: T, classOrAlias: string, range?: VersionRange | null): PluginDesc<T> {
    const found = this.find(type, classOrAlias, range);
    if (found !== undefined) return found;
    const suggestion = this.suggestClass(classOrAlias, [type]);
    const available = this.plugins(type).map(describePlugin).join(', ');
    const message = `Failed to find any class that implements ${PLUGIN_INTERFACE_NAME[type]} and which name matches ${classOrAlias}, available plugins are: ${available}`;
    throw new PluginNotFoundError(withSuggestion(message, suggestion), type, classOrAlias, suggestion);
  }

  /** The highest version inside `range`, with Connect's `VersionedPluginLoadingException` message when none is. */
  private inRange<T extends PluginType>(
    className: string,
    versions: ReadonlyArray<PluginDesc<T>>,
    range: VersionRange,
  ): PluginDesc<T> {
    const match = versions.findLast((d) => range.containsVersion(d.version));
    if (match !== undefined) return match;
    const available = this.versions(className);
    throw new VersionedPluginLoadingError(
      `Plugin ${className} not found that matches the version range ${range.toString()}, available versions: [${available.join(', ')}]`,
      className,
      available,
    );
  }

  /** The connector (source or sink) for a `connector.class` value, with Connect's fallback and messages. */
  resolveConnector(classOrAlias: string, range?: VersionRange | null): PluginDesc<ConnectorType> {
    for (const type of CONNECTOR_TYPES) {
      const found = this.find(type, classOrAlias, range);
      if (found !== undefined) return found;
    }
    const connectors = this.connectorsByName();
    const matches = connectors.filter((d) => {
      const simple = simpleName(d.className);
      return simple === classOrAlias || simple === `${classOrAlias}Connector`;
    });
    const available = connectors.map(describePlugin).join(', ');
    const matchedClasses = [...new Set(matches.map((d) => d.className))];
    if (matchedClasses.length > 1) {
      throw new AmbiguousPluginError(
        `More than one connector matches alias ${classOrAlias}. Please use full package and class name instead. Classes found: ${available}`,
        classOrAlias,
        matchedClasses,
      );
    }
    const [match] = matches;
    if (match !== undefined) return this.find(match.type, match.className, range) ?? match;
    const suggestion = this.suggestClass(classOrAlias, CONNECTOR_TYPES);
    const message = `Failed to find any class that implements Connector and which name matches ${classOrAlias}, available connectors are: ${available}`;
    throw new PluginNotFoundError(withSuggestion(message, suggestion), 'connector', classOrAlias, suggestion);
  }

  /**
   * The registered name closest to `name` ignoring case and `-`, `_`, `.` (e.g. `FileStream-Source` →
   * `FileStreamSource`), among names that do resolve: unique aliases first, then class names.
   */
  suggestClass(name: string, types: readonly PluginType[] = PLUGIN_LISTING_ORDER): string | undefined {
    const descs = types.flatMap((t) => this.plugins(t));
    const aliases = this.aliases();
    const shortNames = descs.flatMap((d) =>
      [prunedName(d.className, d.type), simpleName(d.className)].filter((a) => aliases.get(a) === d.className),
    );
    const suggestion = closestName(name, [...new Set([...shortNames, ...descs.map((d) => d.className)])]);
    return suggestion === name ? undefined : suggestion;
  }

  /** Every connector sorted by class name, as Connect's sorted plugin set lists them in errors. */
  private connectorsByName(): Array<PluginDesc<ConnectorType>> {
    return [...this.plugins(PluginType.SOURCE), ...this.plugins(PluginType.SINK)].sort(
      (a, b) => compare(a.className, b.className) || compareMavenVersions(a.version, b.version),
    );
  }
}

function withSuggestion(message: string, suggestion: string | undefined): string {
  return suggestion === undefined ? message : `${message}. Did you mean '${suggestion}'?`;
}

/** Java's `String.compareTo` (UTF-16 code unit order), which sorts Connect's plugin sets. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

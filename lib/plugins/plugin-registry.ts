/**
 * The plugin registry: Connect's plugin scanning and isolation reduced to a table of classes by type.
 * Names resolve exactly as in Connect 4.3.1: by fully qualified class name, by simple class name, or by the
 * simple name without its type suffix, the two short forms only while unique across all plugins
 * (`PluginUtils.computeAliases`); `connector.class` also matches `<simple>` or `<simple>Connector`.
 * Nothing fuzzy resolves: `suggestClass` only improves the error message.
 */
import { ConnectError } from '../api/index.js';
import { AmbiguousPluginError, PluginNotFoundError } from './errors.js';
import { describePlugin, prunedName, simpleName, UNDEFINED_VERSION, type PluginDesc } from './plugin-desc.js';
import { PLUGIN_INTERFACE_NAME, PLUGIN_LISTING_ORDER, PluginType, type PluginClassByType } from './plugin-type.js';
import { closestName } from './suggest.js';

type ConnectorType = 'source' | 'sink';
const CONNECTOR_TYPES: readonly ConnectorType[] = [PluginType.SOURCE, PluginType.SINK];

export interface RegisterOptions {
  /** Defaults to `undefined`, which `/connector-plugins` leaves out. */
  readonly version?: string;
  /** Defaults to `classpath`. */
  readonly location?: string;
}

export class PluginRegistry {
  private readonly byType = new Map<PluginType, Map<string, PluginDesc>>();
  private aliasTable: ReadonlyMap<string, string> | undefined;

  /** Adds a plugin; a class that is several things (e.g. converter and header converter) is registered once per type. */
  register<T extends PluginType>(type: T, pluginClass: PluginClassByType[T], options: RegisterOptions = {}): this {
    const className = pluginClass.className;
    if (typeof className !== 'string' || className === '') throw new ConnectError('A plugin class needs a static className');
    const plugins = this.byType.get(type) ?? new Map<string, PluginDesc>();
    if (plugins.has(className)) throw new ConnectError(`Plugin ${className} is already registered as ${type}`);
    const desc: PluginDesc<T> = { className, type, version: options.version ?? UNDEFINED_VERSION, location: options.location ?? 'classpath', pluginClass };
    plugins.set(className, desc);
    this.byType.set(type, plugins);
    this.aliasTable = undefined;
    return this;
  }

  /** The plugin of `type` registered under exactly `className`, or undefined (no aliases). */
  get<T extends PluginType>(type: T, className: string): PluginDesc<T> | undefined {
    return this.byType.get(type)?.get(className) as PluginDesc<T> | undefined;
  }

  /** Plugins of one type sorted by class name, or all of them in `/connector-plugins` order. */
  plugins<T extends PluginType>(type: T): Array<PluginDesc<T>>;
  plugins(): PluginDesc[];
  plugins(type?: PluginType): PluginDesc[] {
    const types = type === undefined ? PLUGIN_LISTING_ORDER : [type];
    return types.flatMap((t) => [...(this.byType.get(t)?.values() ?? [])].sort((a, b) => compare(a.className, b.className)));
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

  /** The plugin of `type` named by a class name or unique alias, or undefined. */
  find<T extends PluginType>(type: T, classOrAlias: string): PluginDesc<T> | undefined {
    const plugins = this.byType.get(type);
    const className = this.aliases().get(classOrAlias) ?? classOrAlias;
    return plugins?.get(className) as PluginDesc<T> | undefined;
  }

  /** As `find`, but throws `PluginNotFoundError` with Connect's message (plus a suggestion when one is close). */
  resolve<T extends PluginType>(type: T, classOrAlias: string): PluginDesc<T> {
    const found = this.find(type, classOrAlias);
    if (found !== undefined) return found;
    const suggestion = this.suggestClass(classOrAlias, [type]);
    const available = this.plugins(type).map(describePlugin).join(', ');
    const message = `Failed to find any class that implements ${PLUGIN_INTERFACE_NAME[type]} and which name matches ${classOrAlias}, available plugins are: ${available}`;
    throw new PluginNotFoundError(withSuggestion(message, suggestion), type, classOrAlias, suggestion);
  }

  /** The connector (source or sink) for a `connector.class` value, with Connect's fallback and messages. */
  resolveConnector(classOrAlias: string): PluginDesc<ConnectorType> {
    for (const type of CONNECTOR_TYPES) {
      const found = this.find(type, classOrAlias);
      if (found !== undefined) return found;
    }
    const connectors = this.connectorsByName();
    const matches = connectors.filter((d) => {
      const simple = simpleName(d.className);
      return simple === classOrAlias || simple === `${classOrAlias}Connector`;
    });
    const available = connectors.map(describePlugin).join(', ');
    if (matches.length > 1) {
      throw new AmbiguousPluginError(
        `More than one connector matches alias ${classOrAlias}. Please use full package and class name instead. Classes found: ${available}`,
        classOrAlias,
        matches.map((d) => d.className),
      );
    }
    const [match] = matches;
    if (match !== undefined) return match;
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
    const shortNames = descs.flatMap((d) => [prunedName(d.className, d.type), simpleName(d.className)].filter((a) => aliases.get(a) === d.className));
    const suggestion = closestName(name, [...new Set([...shortNames, ...descs.map((d) => d.className)])]);
    return suggestion === name ? undefined : suggestion;
  }

  /** Every connector sorted by class name, as Connect's sorted plugin set lists them in errors. */
  private connectorsByName(): Array<PluginDesc<ConnectorType>> {
    return [...this.plugins(PluginType.SOURCE), ...this.plugins(PluginType.SINK)].sort((a, b) => compare(a.className, b.className));
  }
}

function withSuggestion(message: string, suggestion: string | undefined): string {
  return suggestion === undefined ? message : `${message}. Did you mean '${suggestion}'?`;
}

/** Java's `String.compareTo` (UTF-16 code unit order), which sorts Connect's plugin sets. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

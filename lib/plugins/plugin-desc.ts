/** A registered plugin: its class, type and version, and the names it can be referred to by. */
import { PLUGIN_ALIAS_SUFFIX, type PluginClassByType, type PluginType } from './plugin-type.js';

/** What plugins report when they have no version (Connect's `PluginDesc.UNDEFINED_VERSION`). */
export const UNDEFINED_VERSION = 'undefined';

export interface PluginDesc<T extends PluginType = PluginType> {
  /** The fully qualified class name, e.g. `org.apache.kafka.connect.transforms.Cast$Value`. */
  readonly className: string;
  readonly type: T;
  readonly version: string;
  /** Where the plugin came from: `classpath` for built-ins, as Connect reports classpath plugins. */
  readonly location: string;
  readonly pluginClass: PluginClassByType[T];
}

/** Java's `Class.getSimpleName()`: the part after the last `.`, and for nested classes after the last `$`. */
export function simpleName(className: string): string {
  const afterDot = className.slice(className.lastIndexOf('.') + 1);
  return afterDot.slice(afterDot.lastIndexOf('$') + 1);
}

/** The simple name without its type suffix (`FileStreamSourceConnector` → `FileStreamSource`). */
export function prunedName(className: string, type: PluginType): string {
  const simple = simpleName(className);
  const pos = simple.lastIndexOf(PLUGIN_ALIAS_SUFFIX[type]);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

/** Connect's `PluginDesc.toString()`, as it appears in "available connectors are: …" messages. */
export function describePlugin(desc: PluginDesc): string {
  return (
    `PluginDesc{klass=class ${desc.className}, name='${desc.className}', version='${desc.version}', ` +
    `encodedVersion=${desc.version}, type=${desc.type}, typeName='${desc.type}', location='${desc.location}'}`
  );
}

/** The `/connector-plugins` entry: `version` left out when undefined, as Connect does. */
export interface PluginInfo {
  readonly class: string;
  readonly type: PluginType;
  readonly version?: string;
}

export function pluginInfo(desc: PluginDesc): PluginInfo {
  return desc.version === UNDEFINED_VERSION
    ? { class: desc.className, type: desc.type }
    : { class: desc.className, type: desc.type, version: desc.version };
}

/**
 * The plugin registry seen through the two shapes its users need: the herder's catalog (resolve
 * connectors, describe any plugin) and the worker's factory (instantiate tasks, converters, transforms).
 */
import type { Task, TaskClass } from '../api/task.js';
import type { ConnectorPlugin, PluginCatalog, PluginInfo } from '../herder/plugin-catalog.js';
import { createDefaultRegistry } from '../plugins/default-registry.js';
import { PluginNotFoundError } from '../plugins/errors.js';
import { NO_PLUGINS, type LoadedPlugins, type PluginLoadFailure } from '../plugins/plugin-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { registerPlugin } from '../plugins/register-plugin.js';
import { PLUGIN_LISTING_ORDER, PluginType } from '../plugins/plugin-type.js';
import type { PluginFactory } from '../worker/plugin-factory.js';

export interface Plugins {
  readonly registry: PluginRegistry;
  readonly catalog: PluginCatalog;
  readonly factory: PluginFactory;
  /** Plugin packages that failed to load or register, skipped (the rest work). */
  readonly failures: readonly PluginLoadFailure[];
}

/** The built-ins plus every loaded plugin package; a package whose classes clash is skipped whole. */
export function createDefaultPlugins(loaded: LoadedPlugins = NO_PLUGINS): Plugins {
  const registry = createDefaultRegistry();
  const failures = [...loaded.failures];
  for (const manifest of loaded.manifests) {
    try {
      registerPlugin(registry, manifest);
    } catch (error) {
      failures.push({ source: manifest.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return pluginsFrom(registry, failures);
}

export function pluginsFrom(registry: PluginRegistry, failures: readonly PluginLoadFailure[] = []): Plugins {
  const findAny = (name: string) => {
    for (const type of PLUGIN_LISTING_ORDER) {
      const desc = registry.find(type, name);
      if (desc !== undefined) return desc;
    }
    return undefined;
  };
  // A connector that is not found may be in a package that failed to load: say so, as Connect's log would.
  const resolveConnector = (name: string) => {
    try {
      return registry.resolveConnector(name);
    } catch (error) {
      if (!(error instanceof PluginNotFoundError) || failures.length === 0) throw error;
      const broken = failures.map((f) => `${f.source} (${f.reason})`).join('; ');
      throw new PluginNotFoundError(`${error.message}. Plugin packages that failed to load: ${broken}`, error.pluginType, error.requested, error.suggestion);
    }
  };
  const catalog: PluginCatalog = {
    connector(name): ConnectorPlugin {
      const desc = resolveConnector(name);
      return { className: desc.className, type: desc.type, version: desc.version, create: () => new desc.pluginClass() };
    },
    find(name): PluginInfo | undefined {
      const desc = findAny(name);
      return desc === undefined ? undefined : { className: desc.className, type: desc.type, version: desc.version };
    },
    configDef(name) {
      const desc = findAny(name);
      return desc === undefined ? undefined : new desc.pluginClass().config();
    },
    list: () => registry.plugins().map((d) => ({ className: d.className, type: d.type, version: d.version })),
  };

  let taskClasses: Map<string, TaskClass<Task>> | undefined;
  const taskClass = (className: string): TaskClass<Task> => {
    // Connectors name their task classes; map them once, on first use (not on the cold-start path).
    taskClasses ??= new Map(registry.connectorPlugins().map((d) => {
      const cls = new d.pluginClass().taskClass();
      return [cls.className, cls];
    }));
    const cls = taskClasses.get(className);
    if (cls === undefined) throw new PluginNotFoundError(`Task class ${className} is not provided by any installed connector`, 'connector', className, undefined);
    return cls;
  };
  const factory: PluginFactory = {
    task: (className) => new (taskClass(className))(),
    converter: (className) => new (registry.resolve(PluginType.CONVERTER, className).pluginClass)(),
    headerConverter: (className) => new (registry.resolve(PluginType.HEADER_CONVERTER, className).pluginClass)(),
    transformation: (className) => new (registry.resolve(PluginType.TRANSFORMATION, className).pluginClass)(),
    predicate: (className) => new (registry.resolve(PluginType.PREDICATE, className).pluginClass)(),
  };
  return { registry, catalog, factory, failures };
}

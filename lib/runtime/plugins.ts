/**
 * The plugin registry seen through the two shapes its users need: the herder's catalog (resolve
 * connectors, describe any plugin) and the worker's factory (instantiate tasks, converters, transforms).
 */
import type { Task, TaskClass } from '../api/task.js';
import { versionRequirement } from '../common/version-range.js';
import type { ConnectorPlugin, PluginCatalog, PluginInfo, PluginSelector } from '../herder/plugin-catalog.js';
import { createDefaultRegistry } from '../plugins/default-registry.js';
import { PluginNotFoundError } from '../plugins/errors.js';
import { NO_PLUGINS, type LoadedPlugins, type PluginLoadFailure } from '../plugins/plugin-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { registerPlugin } from '../plugins/register-plugin.js';
import { PLUGIN_LISTING_ORDER, PluginType } from '../plugins/plugin-type.js';
import type { PluginFactory, TaskOwner } from '../worker/plugin-factory.js';

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
  const findAny = (name: string, selector: PluginSelector = {}) => {
    const range = versionRequirement(selector.version);
    for (const type of selector.type === undefined ? PLUGIN_LISTING_ORDER : [selector.type]) {
      const desc = registry.find(type, name, range);
      if (desc !== undefined) return desc;
    }
    return undefined;
  };
  // A connector that is not found may be in a package that failed to load: say so, as Connect's log would.
  const resolveConnector = (name: string, version?: string | null) => {
    try {
      return registry.resolveConnector(name, versionRequirement(version));
    } catch (error) {
      if (!(error instanceof PluginNotFoundError) || failures.length === 0) throw error;
      const broken = failures.map((f) => `${f.source} (${f.reason})`).join('; ');
      throw new PluginNotFoundError(
        `${error.message}. Plugin packages that failed to load: ${broken}`,
        error.pluginType,
        error.requested,
        error.suggestion,
      );
    }
  };
  const catalog: PluginCatalog = {
    connector(name, version): ConnectorPlugin {
      const desc = resolveConnector(name, version);
      return {
        className: desc.className,
        type: desc.type,
        version: desc.version,
        create: () => new desc.pluginClass(),
      };
    },
    find(name, selector): PluginInfo | undefined {
      const desc = findAny(name, selector);
      return desc === undefined ? undefined : { className: desc.className, type: desc.type, version: desc.version };
    },
    configDef(name, selector) {
      const desc = findAny(name, selector);
      return desc === undefined ? undefined : new desc.pluginClass().config();
    },
    list: () => registry.plugins().map((d) => ({ className: d.className, type: d.type, version: d.version })),
  };

  let taskClasses: Map<string, TaskClass<Task>> | undefined;
  const taskClass = (className: string, owner?: TaskOwner): TaskClass<Task> => {
    // The owning connector's selected version names the task class (two versions may share its name).
    if (owner !== undefined) {
      const cls = new (registry.resolveConnector(
        owner.connectorClass,
        versionRequirement(owner.version),
      ).pluginClass)().taskClass();
      if (cls.className === className) return cls;
    }
    // Connectors name their task classes; map them once, on first use (not on the cold-start path); the
    // latest version of a connector wins a shared task class name.
    taskClasses ??= new Map(
      registry.connectorPlugins().map((d) => {
        const cls = new d.pluginClass().taskClass();
        return [cls.className, cls];
      }),
    );
    const cls = taskClasses.get(className);
    if (cls === undefined)
      throw new PluginNotFoundError(
        `Task class ${className} is not provided by any installed connector`,
        'connector',
        className,
        undefined,
      );
    return cls;
  };
  const factory: PluginFactory = {
    task: (className, owner) => new (taskClass(className, owner))(),
    converter: (className, version) =>
      new (registry.resolve(PluginType.CONVERTER, className, versionRequirement(version)).pluginClass)(),
    headerConverter: (className, version) =>
      new (registry.resolve(PluginType.HEADER_CONVERTER, className, versionRequirement(version)).pluginClass)(),
    transformation: (className, version) =>
      new (registry.resolve(PluginType.TRANSFORMATION, className, versionRequirement(version)).pluginClass)(),
    predicate: (className, version) =>
      new (registry.resolve(PluginType.PREDICATE, className, versionRequirement(version)).pluginClass)(),
  };
  return { registry, catalog, factory, failures };
}

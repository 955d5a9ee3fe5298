/**
 * The plugin registry seen through the two shapes its users need: the herder's catalog (resolve
 * connectors, describe any plugin) and the worker's factory (instantiate tasks, converters, transforms).
 */
import type { Task, TaskClass } from '../api/task.js';
import type { ConnectorPlugin, PluginCatalog, PluginInfo } from '../herder/plugin-catalog.js';
import { createDefaultRegistry } from '../plugins/default-registry.js';
import { PluginNotFoundError } from '../plugins/errors.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { PLUGIN_LISTING_ORDER, PluginType } from '../plugins/plugin-type.js';
import type { PluginFactory } from '../worker/plugin-factory.js';

export interface Plugins {
  readonly registry: PluginRegistry;
  readonly catalog: PluginCatalog;
  readonly factory: PluginFactory;
}

export function createDefaultPlugins(): Plugins {
  return pluginsFrom(createDefaultRegistry());
}

export function pluginsFrom(registry: PluginRegistry): Plugins {
  const findAny = (name: string) => {
    for (const type of PLUGIN_LISTING_ORDER) {
      const desc = registry.find(type, name);
      if (desc !== undefined) return desc;
    }
    return undefined;
  };
  const catalog: PluginCatalog = {
    connector(name): ConnectorPlugin {
      const desc = registry.resolveConnector(name);
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
  return { registry, catalog, factory };
}

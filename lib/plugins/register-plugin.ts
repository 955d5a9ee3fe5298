/** Registers every class a plugin package's manifest lists, under the manifest's version and name. */
import type { PluginManifest } from '../api/index.js';
import type { PluginRegistry } from './plugin-registry.js';
import { PluginType } from './plugin-type.js';

export function registerPlugin(registry: PluginRegistry, manifest: PluginManifest): PluginRegistry {
  const options = { version: manifest.version, location: manifest.name };
  for (const cls of manifest.sourceConnectors ?? []) registry.register(PluginType.SOURCE, cls, options);
  for (const cls of manifest.sinkConnectors ?? []) registry.register(PluginType.SINK, cls, options);
  for (const cls of manifest.converters ?? []) registry.register(PluginType.CONVERTER, cls, options);
  for (const cls of manifest.headerConverters ?? []) registry.register(PluginType.HEADER_CONVERTER, cls, options);
  for (const cls of manifest.transformations ?? []) registry.register(PluginType.TRANSFORMATION, cls, options);
  for (const cls of manifest.predicates ?? []) registry.register(PluginType.PREDICATE, cls, options);
  return registry;
}

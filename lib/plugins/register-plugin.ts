/** Registers every class a plugin package's manifest lists, under the manifest's version and name. */
import type { PluginManifest } from '../api/index.js';
import type { PluginRegistry } from './plugin-registry.js';
import { PluginType, type PluginClassByType } from './plugin-type.js';

type Entry = { [T in PluginType]: readonly [T, PluginClassByType[T]] }[PluginType];

function entries(manifest: PluginManifest): Entry[] {
  return [
    ...(manifest.sourceConnectors ?? []).map((cls) => [PluginType.SOURCE, cls] as const),
    ...(manifest.sinkConnectors ?? []).map((cls) => [PluginType.SINK, cls] as const),
    ...(manifest.converters ?? []).map((cls) => [PluginType.CONVERTER, cls] as const),
    ...(manifest.headerConverters ?? []).map((cls) => [PluginType.HEADER_CONVERTER, cls] as const),
    ...(manifest.transformations ?? []).map((cls) => [PluginType.TRANSFORMATION, cls] as const),
    ...(manifest.predicates ?? []).map((cls) => [PluginType.PREDICATE, cls] as const),
  ];
}

/**
 * All or nothing: when one of the classes clashes with a plugin already registered (same class, type and
 * version), nothing of the package is registered and the error names the package that has it. The same
 * class in another version registers beside the installed one (KIP-891).
 */
export function registerPlugin(registry: PluginRegistry, manifest: PluginManifest): PluginRegistry {
  const options = { version: manifest.version, location: manifest.name };
  const all = entries(manifest);
  for (const [type, cls] of all) {
    const existing = registry.get(type, cls.className, manifest.version);
    if (existing !== undefined) {
      throw new Error(
        `${type} ${cls.className} is already provided by ${existing.location} (version ${existing.version})`,
      );
    }
  }
  for (const [type, cls] of all) registry.register(type, cls as never, options);
  return registry;
}

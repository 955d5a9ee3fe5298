/**
 * Loading plugin packages with Connect's isolation: a package that fails to import, or whose default export
 * is not a valid manifest, is reported and skipped; the others load (Connect logs and skips a broken jar on
 * `plugin.path`). Used by the local stack (dynamic imports of the discovered packages) and by the Lambda
 * bundles (lazy imports the generated entry installs, see installed-plugins.ts).
 */
import type { PluginManifest } from '../api/index.js';

/** One plugin package and how to import it. */
export interface PluginModuleLoader {
  /** The package name or path it was configured as: how failures and locations name it. */
  readonly source: string;
  load(): Promise<unknown>;
}

export interface PluginLoadFailure {
  readonly source: string;
  readonly reason: string;
}

export interface LoadedPlugins {
  readonly manifests: readonly PluginManifest[];
  readonly failures: readonly PluginLoadFailure[];
}

export const NO_PLUGINS: LoadedPlugins = { manifests: [], failures: [] };

const CLASS_LISTS = [
  'sourceConnectors',
  'sinkConnectors',
  'converters',
  'headerConverters',
  'transformations',
  'predicates',
] as const;

/** Imports every package, one after the other (a slow or broken one does not hide the next one's error). */
export async function loadPlugins(loaders: readonly PluginModuleLoader[]): Promise<LoadedPlugins> {
  const manifests: PluginManifest[] = [];
  const failures: PluginLoadFailure[] = [];
  for (const loader of loaders) {
    try {
      manifests.push(checkManifest(defaultExport(await loader.load())));
    } catch (error) {
      failures.push({ source: loader.source, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { manifests, failures };
}

function defaultExport(module: unknown): unknown {
  return typeof module === 'object' && module !== null && 'default' in module ? module.default : module;
}

/** Throws an Error saying what is wrong when `value` is not a {@link PluginManifest}. */
export function checkManifest(value: unknown): PluginManifest {
  if (typeof value !== 'object' || value === null) {
    throw new Error('its main module has no default export built with definePlugin({ name, version, ... })');
  }
  const manifest = value as Record<string, unknown>;
  for (const key of ['name', 'version'] as const) {
    if (typeof manifest[key] !== 'string' || manifest[key] === '')
      throw new Error(`its manifest has no ${key} (a non-empty string)`);
  }
  let classes = 0;
  for (const list of CLASS_LISTS) {
    const entries = manifest[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) throw new Error(`its manifest's ${list} is not an array`);
    entries.forEach((cls: unknown, index) => {
      const className = typeof cls === 'function' ? (cls as { className?: unknown }).className : undefined;
      if (typeof className !== 'string' || className === '') {
        throw new Error(`${list}[${index}] of its manifest is not a plugin class with a static className`);
      }
    });
    classes += entries.length;
  }
  if (classes === 0) throw new Error('its manifest lists no plugin classes');
  return manifest as unknown as PluginManifest;
}

/**
 * The local stack's plugin discovery: the packages of lib/config/plugin-sources.ts, imported with
 * isolation (a broken one is reported and skipped). The CDK app bundles the same list.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Env } from '../lib/config/env.js';
import { pluginSources, type PluginSource } from '../lib/config/plugin-sources.js';
import { loadPlugins, type LoadedPlugins, type PluginModuleLoader } from '../lib/plugins/plugin-loader.js';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LocalPluginsOptions {
  /** Offer this repository's `plugins/*` packages. Default true. */
  readonly repositoryPlugins?: boolean;
  /** More packages (names or paths), beside package.json's `lambdaConnect.plugins` and `LC_PLUGINS`. */
  readonly packages?: readonly string[];
}

export interface LocalPlugins {
  readonly sources: readonly PluginSource[];
  readonly loaded: LoadedPlugins;
}

export async function loadLocalPlugins(
  options: LocalPluginsOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocalPlugins> {
  const sources = pluginSources({ projectRoot: PROJECT_ROOT, env, ...options });
  return { sources, loaded: await loadPlugins(sources.map(loaderOf)) };
}

function loaderOf(source: PluginSource): PluginModuleLoader {
  const { entry, error } = source;
  return {
    source: source.source,
    load: async () => {
      if (entry === undefined) throw new Error(error ?? 'not resolved');
      return import(pathToFileURL(entry).href);
    },
  };
}

/** The environment that makes a child process (the isolated task runner) load exactly these packages. */
export function pluginEnv(sources: readonly PluginSource[]): Record<string, string> {
  const entries = sources.flatMap((s) => (s.entry === undefined ? [] : [s.entry]));
  return { [Env.PLUGINS]: entries.join(','), [CHILD_ENV]: 'true' };
}

/** Set for a child given {@link pluginEnv}: the list is complete, the repository's packages are in it. */
const CHILD_ENV = 'LC_PLUGINS_EXACT';

/** In a child process started with {@link pluginEnv}. */
export function loadChildPlugins(env: NodeJS.ProcessEnv = process.env): Promise<LocalPlugins> {
  return loadLocalPlugins(env[CHILD_ENV] === 'true' ? { repositoryPlugins: false } : {}, env);
}

/**
 * Where plugin packages come from, shared by the local stack (which imports them) and the CDK app (which
 * bundles them), so both offer the same plugins:
 * - every package of this repository's `plugins/` folder (the connectors we ship), unless turned off;
 * - the packages listed in the project's package.json under `lambdaConnect.plugins`;
 * - the packages in `LC_PLUGINS` (comma-separated), Connect's `plugin.path` for a local run.
 * A package is named as npm knows it (`@acme/connect-foo`, resolved from the project's node_modules) or by
 * a path (a package directory or an entry file), relative to the project root.
 * Node-only: never imported by a handler.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Env } from './env.js';

export interface PluginSource {
  /** As configured: the package name or path. */
  readonly source: string;
  /** The absolute path of its entry module, when it could be resolved. */
  readonly entry?: string;
  /** Why it could not be resolved. */
  readonly error?: string;
}

export interface PluginSourceOptions {
  /** The project root: where package.json, node_modules and plugins/ are. */
  readonly projectRoot: string;
  /** Offer the repository's `plugins/*` packages. Default true. */
  readonly repositoryPlugins?: boolean;
  /** More packages, after the project's list and `LC_PLUGINS`. */
  readonly packages?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Every configured plugin package, deduplicated by entry, in a stable order. */
export function pluginSources(options: PluginSourceOptions): PluginSource[] {
  const root = options.projectRoot;
  const env = options.env ?? process.env;
  const configured = [
    ...(options.repositoryPlugins === false ? [] : repositoryPackages(root)),
    ...projectList(root),
    ...(env[Env.PLUGINS] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    ...(options.packages ?? []),
  ];
  const seen = new Set<string>();
  const sources: PluginSource[] = [];
  for (const source of configured) {
    const resolved = resolveSource(root, source);
    const key = resolved.entry ?? source;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push(resolved);
  }
  return sources;
}

function repositoryPackages(root: string): string[] {
  const dir = join(root, 'plugins');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => `./plugins/${name}`);
}

function projectList(root: string): string[] {
  const pkg = readJson(join(root, 'package.json'));
  const list = (pkg?.['lambdaConnect'] as { plugins?: unknown } | undefined)?.plugins;
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
}

function resolveSource(root: string, source: string): PluginSource {
  try {
    const isPath = source.startsWith('.') || isAbsolute(source);
    const target = isPath ? resolve(root, source) : findPackageDir(root, source);
    if (target === undefined)
      return { source, error: `package ${source} is not installed (npm install it in ${root})` };
    if (!existsSync(target)) return { source, error: `${target} does not exist` };
    return { source, entry: statSync(target).isDirectory() ? packageEntry(target) : target };
  } catch (error) {
    return { source, error: error instanceof Error ? error.message : String(error) };
  }
}

/** node_modules/<name>, looked up from the project root towards the file system root. */
function findPackageDir(root: string, name: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package's `exports["."]` (string, or its `import`/`default` condition), else `main`, else index.js. */
function packageEntry(dir: string): string {
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg === undefined) throw new Error(`${dir} has no readable package.json`);
  const exportsField = pkg['exports'];
  const dot =
    typeof exportsField === 'string' ? exportsField : (exportsField as Record<string, unknown> | undefined)?.['.'];
  const conditional =
    typeof dot === 'object' && dot !== null
      ? ((dot as Record<string, unknown>)['import'] ?? (dot as Record<string, unknown>)['default'])
      : dot;
  const main =
    typeof conditional === 'string' ? conditional : typeof pkg['main'] === 'string' ? pkg['main'] : 'index.js';
  return resolve(dir, main);
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

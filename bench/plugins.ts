/**
 * The benchmarks of the repository's plugin packages: every `plugins/<name>/bench/run.ts` exports
 * `benchmark({ quick, progress })` and returns its own figures (with their spread). `npm run bench -- --plugins`
 * runs only these and writes bench/results/plugins.{json,md}; the full run adds them under `plugins`.
 * The FileStream sink is measured first in the same run (bench/filestream-baseline.ts), and every figure
 * a plugin reports as `{ recordsPerSecond, megabytesPerSecond | mbPerSecond }` is tabled beside it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileStreamSinkBaseline } from './filestream-baseline.js';
import type { Progress } from './progress.js';
import type { Spread } from './stats.js';

const PLUGINS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'plugins');

export type PluginBenchmark = (options: {
  quick?: boolean;
  progress?: (line: string) => void;
}) => Promise<Record<string, unknown>>;

/** The plugins that have a benchmark, by directory name, in name order. */
export function pluginBenchmarks(): string[] {
  if (!existsSync(PLUGINS_DIR)) return [];
  return readdirSync(PLUGINS_DIR)
    .filter((name) => existsSync(join(PLUGINS_DIR, name, 'bench', 'run.ts')))
    .sort();
}

/**
 * Runs each plugin's benchmark in turn (only those named in `only`, when given); one that fails is
 * reported with its error, the others still run.
 */
export async function runPluginBenchmarks(
  quick: boolean,
  progress: Progress,
  only?: readonly string[],
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  progress.step('FileStream sink (the baseline, same run)');
  results[BASELINE] = await fileStreamSinkBaseline({ quick, progress: (line) => progress.step(`  ${line}`) });
  for (const name of pluginBenchmarks().filter((n) => only === undefined || only.includes(n))) {
    progress.step(`plugin ${name}`);
    const started = Date.now();
    try {
      const module = (await import(pathToFileURL(join(PLUGINS_DIR, name, 'bench', 'run.ts')).href)) as {
        benchmark?: PluginBenchmark;
      };
      if (typeof module.benchmark !== 'function')
        throw new Error(`plugins/${name}/bench/run.ts exports no benchmark()`);
      results[name] = await module.benchmark({ quick, progress: (line) => progress.step(`  ${name}: ${line}`) });
    } catch (error) {
      results[name] = { error: error instanceof Error ? error.message : String(error) };
    }
    progress.step(`plugin ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return results;
}

/**
 * Puts a `--plugins` run's figures under `plugins` in an existing latest.json (by plugin, keeping the
 * figures of plugins not run), so the full run's file carries the newest figures of every plugin.
 */
export async function mergeIntoLatest(
  latestJson: string,
  results: Record<string, unknown>,
  generatedAt: string,
): Promise<boolean> {
  if (!existsSync(latestJson)) return false;
  const latest = JSON.parse(await readFile(latestJson, 'utf8')) as Record<string, unknown>;
  const previous = (latest['plugins'] ?? {}) as Record<string, unknown>;
  const stamped = Object.fromEntries(
    Object.entries(results).map(([name, figures]) => [name, { ...(figures as object), measuredAt: generatedAt }]),
  );
  latest['plugins'] = { ...previous, ...stamped };
  await writeFile(latestJson, JSON.stringify(latest, null, 2) + '\n');
  return true;
}

/** The key of the FileStream sink's figures in the results. */
export const BASELINE = 'filestream-sink (baseline)';

interface Throughput {
  readonly recordsPerSecond: Spread;
  readonly megabytesPerSecond?: Spread;
  readonly mbPerSecond?: Spread;
}

function isThroughput(value: unknown): value is Throughput {
  const r = (value as { recordsPerSecond?: { median?: unknown } } | null)?.recordsPerSecond;
  return typeof r?.median === 'number';
}

/** Every `{ recordsPerSecond, MB/s }` object in the results, by dotted path. */
function throughputs(value: unknown, path: string): Array<[string, Throughput]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  if (isThroughput(value)) return [[path, value]];
  return Object.entries(value).flatMap(([key, child]) => throughputs(child, path ? `${path}.${key}` : key));
}

/** Rates of 100 and more as whole numbers: their spread dwarfs any decimal. */
const rate = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : formatLeaf(v));
const cell = (s: Spread | undefined): string =>
  s === undefined ? '–' : `${rate(s.median)} (${rate(s.min)}–${rate(s.max)})`;

/** Records/s and MB/s of every plugin figure beside the FileStream sink's, medians with min–max. */
function besideFileStream(results: Record<string, unknown>): string[] {
  const base = results[BASELINE];
  if (!isThroughput(base)) return [];
  const rows = throughputs(results, '').filter(([path]) => path !== BASELINE);
  return [
    '## Beside the FileStream sink (same run)',
    '',
    'Each task driven directly, as its plugin bench does; the servers (moto, dynalite) run on the same 2 cores.',
    '',
    '| figure | records/s, median (min–max) | MB/s, median (min–max) | × FileStream sink records/s |',
    '| --- | --- | --- | --- |',
    `| ${BASELINE} | ${cell(base.recordsPerSecond)} | ${cell(base.megabytesPerSecond)} | 1 |`,
    ...rows.map(
      ([path, t]) =>
        `| ${path} | ${cell(t.recordsPerSecond)} | ${cell(t.megabytesPerSecond ?? t.mbPerSecond)} | ${(t.recordsPerSecond.median / base.recordsPerSecond.median).toFixed(2)} |`,
    ),
    '',
  ];
}

/** A Markdown table per plugin: every numeric leaf of its figures, by dotted path. */
export function renderPluginMarkdown(results: Record<string, unknown>): string {
  const lines = [
    '# Plugin benchmarks',
    '',
    'Each plugin measures itself (plugins/<name>/bench/run.ts); figures as the plugin reports them.',
    '',
    ...besideFileStream(results),
  ];
  for (const [name, figures] of Object.entries(results)) {
    lines.push(`## ${name}`, '', '| figure | value |', '| --- | --- |');
    for (const [path, value] of leaves(figures, '')) lines.push(`| ${path} | ${value} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function leaves(value: unknown, prefix: string): Array<[string, string]> {
  if (value === null || typeof value !== 'object') return [[prefix || 'value', formatLeaf(value)]];
  if (Array.isArray(value)) return [[prefix, value.map(formatLeaf).join(', ')]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

function formatLeaf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
  return String(value);
}

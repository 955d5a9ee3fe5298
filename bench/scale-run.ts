/**
 * `npm run bench -- --only scale`: the scale benchmark alone (bench/scale.ts). Writes
 * bench/results/scale.json and scale.md, and sets the `scale` key of bench/results/latest.json (the rest
 * of it stays as the last full run left it). `--quick` runs 10 and 100 connectors and 60,000 records
 * only and writes to .cache/bench/results-quick; `--sizes 10,100,1000,10000`, `--ticks N`, `--records N`
 * override the defaults; `--part control` or `--part data` runs one half (bench/scale.ts,
 * bench/scale-data-plane.ts).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgress } from './progress.js';
import {
  DEFAULT_SCALE_SETTINGS,
  measureControlPlane,
  type ControlPlaneFigures,
  type RestFigures,
  type ScaleSettings,
} from './scale.js';
import { startScaleStack } from './scale-stack.js';
import { measureDataPlane, type DataPlaneFigures } from './scale-data-plane.js';

const TASK_COUNTS = [1, 2, 4, 6, 12];

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ScaleResults {
  readonly generatedAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly node: string;
    readonly loadAverage: { readonly before: number[]; readonly after: number[] };
  };
  readonly settings: ScaleSettings & { readonly records: number };
  readonly controlPlane?: ControlPlaneFigures;
  readonly dataPlane?: DataPlaneFigures;
  /** When a `--part` run kept the other part from the previous scale.json: that part's own run. */
  readonly controlPlaneGeneratedAt?: string;
  readonly dataPlaneGeneratedAt?: string;
}

/**
 * A `--part` run measures one part; the other is kept from the previous scale.json (with the time of the
 * run that measured it), so scale.json and scale.md always hold both.
 */
async function withPreviousPart(file: string, results: ScaleResults): Promise<ScaleResults> {
  let previous: ScaleResults;
  try {
    previous = JSON.parse(await readFile(file, 'utf8')) as ScaleResults;
  } catch {
    return results;
  }
  if (results.dataPlane === undefined && previous.dataPlane !== undefined)
    return {
      ...results,
      dataPlane: previous.dataPlane,
      dataPlaneGeneratedAt: previous.dataPlaneGeneratedAt ?? previous.generatedAt,
    };
  if (results.controlPlane === undefined && previous.controlPlane !== undefined)
    return {
      ...results,
      controlPlane: previous.controlPlane,
      controlPlaneGeneratedAt: previous.controlPlaneGeneratedAt ?? previous.generatedAt,
    };
  return results;
}

export async function runScaleOnly(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const settings = parseSettings(argv, quick);
  const part = argv.includes('--part') ? argv[argv.indexOf('--part') + 1] : 'all';
  if (part !== 'all' && part !== 'control' && part !== 'data')
    throw new Error(`--part is control, data or all, not ${part}`);
  const progress = createProgress(3);
  const loadBefore = loadavg();
  progress.section(`setup (load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} cores)`);
  const scale = await startScaleStack((line) => progress.step(line));
  const onSignal = (): void => void scale.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let results: ScaleResults;
  try {
    progress.section(
      `control plane: ${settings.sizes.join(', ')} idle connectors, ${settings.ticks} steady ticks each`,
    );
    const controlPlane = part === 'data' ? undefined : await measureControlPlane(scale, settings, progress);
    progress.section(
      `data plane: one connector over ${12} partitions, tasks.max ${TASK_COUNTS.join(', ')}, ${settings.records.toLocaleString('en-US')} records`,
    );
    const dataPlane =
      part === 'control'
        ? undefined
        : await measureDataPlane(
            scale.stack.kafkaBootstrapServers,
            scale.workDir,
            settings.records,
            TASK_COUNTS,
            progress,
          );
    results = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        node: process.versions.node,
        loadAverage: { before: loadBefore, after: loadavg() },
      },
      settings,
      ...(controlPlane === undefined ? {} : { controlPlane }),
      ...(dataPlane === undefined ? {} : { dataPlane }),
    };
  } finally {
    await scale.stop();
  }
  const dir = quick ? join(HERE, '..', '.cache', 'bench', 'results-quick') : join(HERE, 'results');
  await mkdir(dir, { recursive: true });
  results = await withPreviousPart(join(dir, 'scale.json'), results);
  await writeFile(join(dir, 'scale.json'), JSON.stringify(results, null, 2) + '\n');
  await mergeIntoLatest(join(dir, 'latest.json'), results);
  const markdown = renderScaleMarkdown(results);
  await writeFile(join(dir, 'scale.md'), markdown);
  process.stdout.write(markdown);
}

/** The `scale` key of latest.json: the issue's figures flat, the details beside them. */
async function mergeIntoLatest(file: string, results: ScaleResults): Promise<void> {
  let latest: Record<string, unknown> = {};
  try {
    latest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // No full run yet: latest.json holds the scale figures alone.
  }
  const { controlPlane, dataPlane } = results;
  const previous = (latest['scale'] ?? {}) as Record<string, unknown>;
  latest['scale'] = {
    ...previous,
    generatedAt: results.generatedAt,
    ...(controlPlane === undefined
      ? {}
      : {
          tickMs: controlPlane.tickMs,
          tickCpuMs: controlPlane.tickCpuMs,
          restP99Ms: controlPlane.restP99Ms,
          restStatusP99Ms: controlPlane.restStatusP99Ms,
          restExpandStatusAloneP50Ms: controlPlane.restExpandStatusAloneP50Ms,
          restP99MsUnmigrated: controlPlane.restP99MsUnmigrated,
          readUnitsPerTick: controlPlane.readUnitsPerTick,
          writeUnitsPerTick: controlPlane.writeUnitsPerTick,
        }),
    ...(dataPlane === undefined
      ? {}
      : { sinkRecordsPerSec: dataPlane.sinkRecordsPerSec, sourceRecordsPerSec: dataPlane.sourceRecordsPerSec }),
  };
  await writeFile(file, JSON.stringify(latest, null, 2) + '\n');
}

export function renderScaleMarkdown(results: ScaleResults): string {
  const lines = [
    '# Scale benchmark',
    '',
    `${results.generatedAt}, ${results.machine.cpus} cores, Node ${results.machine.node}, load average before ${results.machine.loadAverage.before.map((l) => l.toFixed(2)).join(' / ')}, after ${results.machine.loadAverage.after.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
  ];
  if (results.controlPlane !== undefined) lines.push(...controlPlaneLines(results.controlPlane));
  if (results.dataPlane !== undefined) lines.push(...dataPlaneLines(results.dataPlane));
  const kept = results.dataPlaneGeneratedAt ?? results.controlPlaneGeneratedAt;
  if (kept !== undefined)
    lines.push(
      '',
      `${results.dataPlaneGeneratedAt !== undefined ? 'Data' : 'Control'} plane kept from the run of ${kept} (this run measured the other part only).`,
    );
  return lines.join('\n') + '\n';
}

function dataPlaneLines(d: DataPlaneFigures): string[] {
  const lines = [
    '',
    `## Data plane (${d.records.toLocaleString('en-US')} records of 100 bytes, ${d.partitions} partitions; all slices in one Node process)`,
    '',
    '| tasks.max | sink records/s | per task | CPU ms / 1,000 records | Datagen records/s | per task | CPU ms / 1,000 records |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  d.sink.forEach((s, i) => {
    const g = d.source[i];
    lines.push(
      `| ${s.tasks} | ${Math.round(s.recordsPerSec)} | ${Math.round(s.recordsPerSecPerTask)} | ${s.cpuMsPer1000Records.toFixed(1)} | ${g === undefined ? '' : Math.round(g.recordsPerSec)} | ${g === undefined ? '' : Math.round(g.recordsPerSecPerTask)} | ${g === undefined ? '' : g.cpuMsPer1000Records.toFixed(1)} |`,
    );
  });
  return lines;
}

function controlPlaneLines(controlPlane: ControlPlaneFigures): string[] {
  const lines = [
    '## Control plane (idle connectors, half FileStream sources, half sinks; slices started but not run)',
    '',
    '| connectors | first tick ms | steady tick ms, median [min–max] | CPU ms per tick (scheduler + DynamoDB) | RRU / WRU per tick | DynamoDB calls per tick | slices per tick | `?expand=status` p50 / p99 ms | `?expand=status` one client alone, p50 / max ms | `…/status` p50 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of controlPlane.sizes) {
    const calls = Object.entries(s.callsPerTick)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ');
    const invoked = s.steadyTicks[0]?.invoked ?? 0;
    lines.push(
      `| ${s.connectors} | ${s.firstTick.ms} | ${s.tickMs.median} [${s.tickMs.min}–${s.tickMs.max}] | ${s.tickCpuMs.median} | ${s.readUnitsPerTick} / ${s.writeUnitsPerTick} | ${calls} | ${invoked} | ${restCell(s.restExpandStatus)} | ${s.restExpandStatusAlone === undefined ? '' : `${s.restExpandStatusAlone.p50} / ${s.restExpandStatusAlone.max}`} | ${restCell(s.restStatus)} |`,
    );
  }
  lines.push(
    '',
    'The same connectors with their items as the version before the listing stored them (decision 0024: no listing attributes, statuses in a partition per connector), measured in the same run, then the tick that moves them over:',
    '',
    '| connectors | `?expand=status` p50 / p99 ms, old items | one client alone, p50 / max ms, old items | migration tick ms | its WRU |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const s of controlPlane.sizes) {
    const u = s.unmigrated;
    if (u === undefined) continue;
    lines.push(
      `| ${s.connectors} | ${restCell(u.restExpandStatus)} | ${u.restExpandStatusAlone.p50} / ${u.restExpandStatusAlone.max} | ${u.migrationTick.ms} | ${u.migrationTick.dynamo.writeUnits} |`,
    );
  }
  return lines;
}

function restCell(f: RestFigures): string {
  return f.failed === undefined
    ? `${f.p50} / ${f.p99} (${f.ratePerSec}/s)`
    : `failed at ${f.ratePerSec}/s: ${f.failed.slice(0, 80)}`;
}

function parseSettings(argv: readonly string[], quick: boolean): ScaleSettings & { readonly records: number } {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizesText = value('--sizes');
  const sizes =
    sizesText === undefined ? (quick ? [10, 100] : DEFAULT_SCALE_SETTINGS.sizes) : sizesText.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || sizes.some((n, i) => i > 0 && n <= sizes[i - 1]!))
    throw new Error('--sizes needs increasing positive whole numbers, e.g. 10,100,1000');
  const ticks = Number(value('--ticks') ?? (quick ? 2 : DEFAULT_SCALE_SETTINGS.ticks));
  if (!Number.isInteger(ticks) || ticks <= 0) throw new Error('--ticks needs a positive whole number');
  const records = Number(value('--records') ?? (quick ? 60_000 : 240_000));
  if (!Number.isInteger(records) || records <= 0) throw new Error('--records needs a positive whole number');
  return { ...DEFAULT_SCALE_SETTINGS, sizes, ticks, records };
}

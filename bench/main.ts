/**
 * `npm run bench`: lambda-connect against Apache Kafka Connect 4.3.1 on one local broker: throughput
 * (pipeline and per task, beside the client and broker ceilings), end-to-end latency, per-slice and REST
 * overheads, task-runner cold start and bundle size, and the cost model. Writes bench/results/latest.json,
 * latest.md and latest.png; progress goes to stderr, the summary table to stdout.
 *
 * Options: --quick (100,000 lines, two rounds: a smoke run in ~2 minutes, written to .cache/bench/results-quick),
 * --records N (default 1,000,000),
 * --repeats N (default 5; the ceilings run at most 3 rounds). The default run takes ~8 minutes on 2 cores.
 * --plugins runs only the plugin packages' own benchmarks (bench/plugins.ts; --plugin=jdbc,s3 for some) and writes
 * bench/results/plugins.{json,md}, and their figures under `plugins` in latest.json.
 * --only aws-clock runs only the latency on AWS's clock (bench/aws-clock-run.ts, ~11 minutes, --quick ~3) and
 * merges its keys into the existing latest.json; aws-clock.md beside it shows its tables.
 * --only scale runs only the scale benchmark (bench/scale-run.ts, ~5 minutes) and writes bench/results/scale.{json,md},
 * and its figures under `scale` in latest.json.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCeiling } from './ceiling.js';
import { drawChart } from './chart.js';
import {
  AWS_CLOCK_QUICK_SETTINGS,
  AWS_CLOCK_SETTINGS,
  awsClockLatency,
  doorbellFigures,
  idleConnectorByMode,
  renderDoorbell,
  renderAwsClock,
  runAwsClock,
} from './aws-clock-run.js';
import { MEASURED_DYNAMO_PER_IDLE_SLICE } from './aws-clock-cost.js';
import type { AwsClockFigures } from './aws-clock.js';
import { measureColdStart } from './cold-start.js';
import { costModel, type CostModel } from './cost-model.js';
import { LOCAL_TICK_MS, startEnvironment, type BenchEnvironment } from './environment.js';
import { measureLatencyRounds } from './latency.js';
import { mergeIntoLatest, renderPluginMarkdown, runPluginBenchmarks } from './plugins.js';
import { runScaleOnly } from './scale-run.js';
import { sha256, writeLinesFile } from './lines-file.js';
import { renderMarkdown } from './markdown.js';
import { measureOverheads, type OverheadFigures } from './overheads.js';
import { ConverterChoice, type BenchInput } from './pipeline.js';
import { createProgress, type Progress } from './progress.js';
import { checkTargets, type BenchResults } from './results.js';
import { spread } from './stats.js';
import { measurePerTask, measurePipeline, warmUp, type PerTaskFigures } from './throughput.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, 'results');
/** Quick runs are smoke tests: they never replace the committed results. */
const QUICK_RESULTS_DIR = join(HERE, '..', '.cache', 'bench', 'results-quick');
const LINE_BYTES = 100;

interface Settings {
  readonly quick: boolean;
  readonly records: number;
  readonly repeats: number;
  readonly jsonRecords: number;
  readonly jsonRepeats: number;
  readonly ceilingRecords: number;
  readonly ceilingRepeats: number;
  readonly warmUpRecords: number;
  readonly latencyRate: number;
  readonly latencyMs: number;
  readonly latencyRounds: number;
  readonly restRounds: number;
  readonly idleSlices: number;
  readonly cycles: number;
  readonly bulkRecords: number;
  readonly restRequestsPerClient: number;
  readonly coldStarts: number;
}

function parseSettings(argv: readonly string[]): Settings {
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    const value = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive whole number`);
    return value;
  };
  const records = number('--records', quick ? 100_000 : 1_000_000);
  const repeats = number('--repeats', quick ? 2 : 5);
  return {
    quick,
    records,
    repeats,
    jsonRecords: Math.ceil(records / 2),
    jsonRepeats: Math.min(repeats, 2),
    ceilingRecords: Math.min(records, 500_000),
    ceilingRepeats: Math.min(repeats, 3),
    warmUpRecords: Math.min(records, Math.max(200_000, Math.ceil(records / 4))),
    latencyRate: 20,
    latencyMs: quick ? 5_000 : 8_000,
    latencyRounds: quick ? 2 : 3,
    restRounds: quick ? 2 : 3,
    idleSlices: quick ? 10 : 30,
    cycles: quick ? 3 : 10,
    bulkRecords: quick ? 50_000 : 200_000,
    restRequestsPerClient: quick ? 10 : 15,
    coldStarts: quick ? 5 : 10,
  };
}

async function makeInput(env: BenchEnvironment, name: string, records: number): Promise<BenchInput> {
  const path = join(env.workDir, name);
  const bytes = await writeLinesFile(path, records, LINE_BYTES);
  return { path, records, bytes, sha256: await sha256(path) };
}

/** `--plugins`: only the plugins' benchmarks; they start the servers they need themselves. */
async function pluginsOnly(quick: boolean): Promise<void> {
  const progress = createProgress(1);
  progress.section(
    `plugin benchmarks (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} on ${cpus().length} cores)`,
  );
  const only = process.argv
    .find((a) => a.startsWith('--plugin='))
    ?.slice('--plugin='.length)
    .split(',');
  const results = await runPluginBenchmarks(quick, progress, only);
  const dir = quick ? QUICK_RESULTS_DIR : RESULTS_DIR;
  await mkdir(dir, { recursive: true });
  const generatedAt = new Date().toISOString();
  await writeFile(join(dir, 'plugins.json'), JSON.stringify({ generatedAt, quick, results }, null, 2) + '\n');
  if (await mergeIntoLatest(join(dir, 'latest.json'), results, generatedAt))
    progress.step(`figures merged under plugins in ${dir}/latest.json`);
  const markdown = renderPluginMarkdown(results);
  await writeFile(join(dir, 'plugins.md'), markdown);
  process.stdout.write(markdown);
}

/** latest.md: the tables of the whole run, with the AWS-clock part when it ran. */
function renderResults(results: BenchResults): string {
  const figures = results.latencyMs.awsClock?.['figures'] as AwsClockFigures | undefined;
  return (
    renderMarkdown(results) +
    (figures === undefined
      ? ''
      : '\n' + renderAwsClock(figures, results.costUsdPerMonth.idleConnectorByMode ?? {}).join('\n'))
  );
}

/** The doorbell's figures in a file of their own (bench/results/doorbell.json), beside the shared latest.json. */
async function writeDoorbellFigures(
  dir: string,
  figures: AwsClockFigures,
  costs: Readonly<Record<string, number>>,
  load: { readonly before: readonly number[]; readonly after: readonly number[] },
): Promise<void> {
  const own = doorbellFigures(figures, costs);
  if (own === null) return;
  const round = (l: readonly number[]) => l.map((x) => Number(x.toFixed(2)));
  await writeFile(
    join(dir, 'doorbell.json'),
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        loadAverage: { before: round(load.before), after: round(load.after) },
        cores: cpus().length,
        ...own,
      },
      null,
      2,
    ) + '\n',
  );
  await writeFile(join(dir, 'doorbell.md'), renderDoorbell(figures, costs, load).join('\n'));
}

/** `--only aws-clock`: only the AWS-clock run; its keys replace those of the existing latest.json. */
async function awsClockOnly(quick: boolean): Promise<void> {
  const progress = createProgress(2);
  const loadBefore = loadavg();
  const dir = quick ? QUICK_RESULTS_DIR : RESULTS_DIR;
  const json = join(dir, 'latest.json');
  // The default mode's idle cost comes from the last full run; a quick run takes it from the committed results.
  const results = JSON.parse(await readFile(quick ? join(RESULTS_DIR, 'latest.json') : json, 'utf8')) as BenchResults;
  progress.section(
    `setup (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} on ${cpus().length} cores)`,
  );
  await mkdir(dir, { recursive: true });
  const env = await startEnvironment(progress);
  try {
    progress.section("latency on AWS's clock");
    const figures = await runAwsClock(env, quick ? AWS_CLOCK_QUICK_SETTINGS : AWS_CLOCK_SETTINGS, progress);
    const costs = idleConnectorByMode(
      figures,
      results.costUsdPerMonth.idleConnector,
      results.latencyMs.sliceOverhead.dynamoPerSlice?.sink ?? MEASURED_DYNAMO_PER_IDLE_SLICE,
    );
    const { targets: _old, ...rest } = {
      ...results,
      latencyMs: { ...results.latencyMs, awsClock: { ...awsClockLatency(figures), figures } },
      costUsdPerMonth: { ...results.costUsdPerMonth, idleConnectorByMode: costs },
    };
    const merged: BenchResults = { ...rest, targets: checkTargets(rest) };
    await writeFile(json, JSON.stringify(merged, null, 2) + '\n');
    await writeFile(join(dir, 'latest.md'), renderResults(merged));
    const markdown = [
      "# lambda-connect benchmark: latency on AWS's clock",
      '',
      `Generated ${new Date().toISOString()} by \`npm run bench -- --only aws-clock\`${quick ? ' (quick: few samples)' : ''}; merged into latest.json.`,
      '',
      ...renderAwsClock(figures, costs),
    ].join('\n');
    await writeFile(join(dir, 'aws-clock.md'), markdown);
    await writeDoorbellFigures(dir, figures, costs, { before: loadBefore, after: loadavg() });
    process.stdout.write(markdown);
  } finally {
    progress.step('stopping the broker, the Connect worker and the local stacks');
    await env.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--plugins')) return pluginsOnly(process.argv.includes('--quick'));
  const only = process.argv.indexOf('--only');
  if (only >= 0) {
    const part = process.argv[only + 1];
    if (part === 'scale') return runScaleOnly(process.argv.slice(2));
    if (part !== 'aws-clock') throw new Error(`--only takes aws-clock or scale (got ${part ?? 'nothing'})`);
    return awsClockOnly(process.argv.includes('--quick'));
  }
  const settings = parseSettings(process.argv.slice(2));
  const progress = createProgress(12);
  const loadBefore = loadavg();
  progress.section(`setup (load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} cores)`);
  const env = await startEnvironment(progress);
  // Ctrl-C stops the broker, the Connect worker and the stacks before exiting, not just this process.
  const onSignal = (signal: NodeJS.Signals): void => {
    progress.step(`${signal}: stopping`);
    void env.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const results = await measureAll(env, settings, progress, loadBefore);
    const dir = settings.quick ? QUICK_RESULTS_DIR : RESULTS_DIR;
    progress.section(`writing ${dir}/latest.{json,md,png}`);
    await mkdir(dir, { recursive: true });
    const json = join(dir, 'latest.json');
    await writeFile(json, JSON.stringify(results, null, 2) + '\n');
    const awsClock = results.latencyMs.awsClock?.['figures'] as AwsClockFigures | undefined;
    if (awsClock !== undefined)
      await writeDoorbellFigures(dir, awsClock, results.costUsdPerMonth.idleConnectorByMode ?? {}, {
        before: results.machine.loadAverage.before,
        after: results.machine.loadAverage.after,
      });
    const markdown = renderResults(results);
    await writeFile(join(dir, 'latest.md'), markdown);
    await drawChart(json, join(dir, 'latest.png'), (m) => progress.step(m));
    process.stdout.write(markdown);
  } finally {
    progress.step('stopping the broker, the Connect worker and the local stacks');
    await env.stop();
  }
}

async function measureAll(
  env: BenchEnvironment,
  settings: Settings,
  progress: Progress,
  loadBefore: number[],
): Promise<BenchResults> {
  const started = Date.now();
  progress.step(`writing ${settings.records.toLocaleString('en-US')} lines of ${LINE_BYTES} bytes`);
  const input = await makeInput(env, 'input.txt', settings.records);
  const warmInput = await makeInput(env, 'warmup.txt', settings.warmUpRecords);
  const jsonInput = await makeInput(env, 'input-json.txt', settings.jsonRecords);

  progress.section(`warm-up (one untimed ${settings.warmUpRecords.toLocaleString('en-US')}-line pipeline per system)`);
  await warmUp(env, warmInput, progress);

  progress.section(`pipeline throughput, StringConverter, ${settings.repeats} rounds`);
  const pipeline = await measurePipeline(env, input, ConverterChoice.STRING, settings.repeats, progress);
  progress.step(`ratio lambda-connect / Apache: ${pipeline.ratio.toFixed(2)}×`);

  progress.section(
    `pipeline throughput, default JsonConverter, ${settings.jsonRecords.toLocaleString('en-US')} lines, ${settings.jsonRepeats} rounds`,
  );
  const json = await measurePipeline(env, jsonInput, ConverterChoice.JSON, settings.jsonRepeats, progress);

  progress.section(`source-only and sink-only throughput per task, ${settings.repeats} rounds`);
  const perTask = await measurePerTask(env, input, settings.repeats, progress);

  progress.section(
    `ceilings: Kafka's perf tools, raw kafkajs, our adapter (${settings.ceilingRecords.toLocaleString('en-US')} records, ${settings.ceilingRepeats} rounds)`,
  );
  const ceiling = await measureCeiling(env, settings.ceilingRecords, LINE_BYTES, settings.ceilingRepeats, progress);

  progress.section(
    `end-to-end latency at ${settings.latencyRate} lines/s, ${settings.latencyRounds} rounds of ${settings.latencyMs / 1000} s per system`,
  );
  const latency = await measureLatencyRounds(
    env,
    settings.latencyRounds,
    { ratePerSec: settings.latencyRate, durationMs: settings.latencyMs },
    progress,
  );
  progress.step(
    `lambda-connect p50 ${latency.lambdaConnect.p50} ms, p99 ${latency.lambdaConnect.p99} ms; Apache Kafka Connect p50 ${latency.apacheConnect.p50} ms, p99 ${latency.apacheConnect.p99} ms`,
  );

  progress.section(`latency on AWS's clock: 60 s ticks, sparse input, every latency mode beside Apache Kafka Connect`);
  const awsClock = await runAwsClock(env, settings.quick ? AWS_CLOCK_QUICK_SETTINGS : AWS_CLOCK_SETTINGS, progress);

  progress.section('overheads: idle slices, scheduler ticks, REST under 50 clients, bulk DynamoDB usage');
  const overheads = await measureOverheads(
    env,
    {
      idleSlices: settings.idleSlices,
      cycles: settings.cycles,
      bulkRecords: settings.bulkRecords,
      lineLength: LINE_BYTES,
      restClients: 50,
      restRequestsPerClient: settings.restRequestsPerClient,
      restRounds: settings.restRounds,
    },
    progress,
  );

  progress.section(`task-runner cold init (${settings.coldStarts} fresh processes per bundle) and bundle size`);
  const cold = await measureColdStart(settings.coldStarts, false);
  const coldSdk = await measureColdStart(settings.coldStarts, true);
  progress.step(
    `import ${spread(cold.importMs).median} ms (${cold.bundleBytes} bytes); AWS SDK bundled: ${spread(coldSdk.importMs).median} ms (${coldSdk.bundleBytes} bytes)`,
  );

  progress.section('plugin packages: their own benchmarks (plugins/*/bench/run.ts)');
  const plugins = await runPluginBenchmarks(settings.quick, progress);

  const model = modelCosts(overheads, perTask);
  const partial: Omit<BenchResults, 'targets'> = {
    generatedAt: new Date().toISOString(),
    durationSec: (Date.now() - started) / 1000,
    machine: {
      cpus: cpus().length,
      node: process.versions.node,
      loadAverage: { before: loadBefore, after: loadavg() },
    },
    settings: {
      records: settings.records,
      lineBytes: LINE_BYTES,
      repeats: settings.repeats,
      localTickMs: LOCAL_TICK_MS,
      quick: settings.quick,
    },
    pipeline: { ...pipeline, json },
    perTask,
    ceiling,
    latencyMs: {
      endToEnd: { ...latency.lambdaConnect, ratePerSec: settings.latencyRate, apacheConnect: latency.apacheConnect },
      sliceOverhead: overheads.sliceOverhead,
      rest: {
        ...overheads.rest.lambdaConnect,
        clients: overheads.rest.clients,
        apacheConnect: overheads.rest.apacheConnect,
        singleClient: overheads.rest.singleClient,
      },
      restPaced: overheads.restPaced,
      awsClock: { ...awsClockLatency(awsClock), figures: awsClock },
    },
    cycles: overheads.cycles,
    bulkDynamo: overheads.bulk,
    coldStartMs: {
      taskRunner: spread(cold.importMs).median,
      spread: spread(cold.importMs),
      processMs: spread(cold.processMs),
      awsSdkBundled: spread(coldSdk.importMs),
    },
    bundleBytes: { taskRunner: cold.bundleBytes, taskRunnerAwsSdkBundled: coldSdk.bundleBytes },
    costUsdPerMonth: {
      idleConnector: model.idleConnector,
      oneMBps: model.oneMBps,
      mskConnectMinimum: model.mskConnectPerConnector,
      model,
      idleConnectorByMode: idleConnectorByMode(
        awsClock,
        model.idleConnector,
        overheads.sliceOverhead.dynamoPerSlice.sink,
      ),
    },
    plugins,
  };
  return { ...partial, targets: checkTargets(partial) };
}

/** The cost model fed with this run's measurements (lambda-connect's per-task rates, slices, DynamoDB calls). */
function modelCosts(overheads: OverheadFigures, perTask: PerTaskFigures): CostModel {
  const source = overheads.bulk.find((b) => b.kind === 'source');
  const sink = overheads.bulk.find((b) => b.kind === 'sink');
  if (source === undefined || sink === undefined) throw new Error('the bulk runs measured no source or no sink');
  return costModel({
    emptyTick: { tickMs: overheads.cycles.empty.tickMs.median, dynamo: overheads.cycles.empty.dynamo },
    idleCycle: {
      connectors: overheads.cycles.idle.connectors,
      tickMs: overheads.cycles.idle.tickMs.median,
      dynamo: overheads.cycles.idle.dynamo,
    },
    idleSliceMs: { source: overheads.sliceOverhead.source.p50, sink: overheads.sliceOverhead.sinkSliceMs.p50 },
    bulk: { source, sink },
    idleSliceDynamo: overheads.sliceOverhead.dynamoPerSlice,
    recordsPerSec: {
      source: perTask.source.lambdaConnect.recordsPerSec,
      sink: perTask.sink.lambdaConnect.recordsPerSec,
    },
    recordBytes: LINE_BYTES,
  });
}

await main();

/** bench/results/latest.md: the figures of latest.json as tables a person reads. */
import { ASSUMPTIONS, PRICES, type CostEstimate } from './cost-model.js';
import type { BenchResults } from './results.js';
import { formatSpread, type Percentiles, type RoundPercentiles, type Spread } from './stats.js';
import type { SystemThroughput } from './throughput.js';

const rate = (t: SystemThroughput): string => formatSpread(t.spread);
const pct = (p: Percentiles): string => `${p.p50} / ${p.p90} / ${p.p99} (n=${p.count})`;
const perRound = (p: { readonly rounds: { readonly p50: Spread; readonly p99: Spread } }, digits = 0): string =>
  `; per round p50 ${formatSpread(p.rounds.p50, '', digits)}, p99 ${formatSpread(p.rounds.p99, '', digits)}`;
const pctRounds = (p: RoundPercentiles): string => pct(p) + perRound(p);
const times = (t: Record<string, number>): string =>
  Object.entries(t)
    .filter(([, v]) => v >= 1)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ');
const usd = (n: number): string => `$${n.toFixed(2)}`;
const spreadMs = (s: Spread): string => formatSpread(s, ' ms', 1);

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const push = (...lines: string[]): void => void out.push(...lines);
  push(
    '# lambda-connect benchmark',
    '',
    `Generated ${r.generatedAt} by \`npm run bench\` in ${Math.round(r.durationSec)} s on ${r.machine.cpus} cores (Node ${r.machine.node}); load average ${r.machine.loadAverage.before.map((l) => l.toFixed(2)).join(' / ')} before, ${r.machine.loadAverage.after.map((l) => l.toFixed(2)).join(' / ')} after (other work shared the machine: compare ratios measured side by side, not absolute figures).`,
    `Input: ${r.settings.records.toLocaleString('en-US')} lines of ${r.settings.lineBytes} bytes; every figure is the median of ${r.settings.repeats} runs with ±half the min–max spread; the local stack ticks every ${r.settings.localTickMs} ms.${r.settings.quick ? ' **Quick mode: small input, fewer runs.**' : ''}`,
    '',
    '## Targets',
    '',
    '| target | goal | measured | |',
    '| --- | --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`),
    '',
    '## Throughput (records/s)',
    '',
    '| what | lambda-connect | Apache Kafka Connect 4.3.1 | ratio |',
    '| --- | --- | --- | --- |',
    `| pipeline file → source → topic → sink → file, StringConverter | ${rate(r.pipeline.lambdaConnect)} | ${rate(r.pipeline.apacheConnect)} | ${formatSpread(r.pipeline.ratioSpread, '×', 2)} |`,
    ...(r.pipeline.json === undefined
      ? []
      : [
          `| same pipeline, default JsonConverter (schemas on) | ${rate(r.pipeline.json.lambdaConnect)} | ${rate(r.pipeline.json.apacheConnect)} | ${formatSpread(r.pipeline.json.ratioSpread, '×', 2)} |`,
        ]),
    `| source task only (file → topic) | ${rate(r.perTask.source.lambdaConnect)} | ${rate(r.perTask.source.apacheConnect)} | ${formatSpread(r.perTask.source.ratioSpread, '×', 2)} |`,
    `| sink task only (topic → file) | ${rate(r.perTask.sink.lambdaConnect)} | ${rate(r.perTask.sink.apacheConnect)} | ${formatSpread(r.perTask.sink.ratioSpread, '×', 2)} |`,
    '',
    `Pipeline output byte-identical to the input: lambda-connect ${r.pipeline.lambdaConnect.identical ? 'yes' : 'NO'}, Apache Kafka Connect ${r.pipeline.apacheConnect.identical ? 'yes' : 'NO'}. Time from creating the connectors to the first sink byte: lambda-connect ${r.pipeline.lambdaConnect.firstByteMs ? spreadMs(r.pipeline.lambdaConnect.firstByteMs) : '?'}, Apache ${r.pipeline.apacheConnect.firstByteMs ? spreadMs(r.pipeline.apacheConnect.firstByteMs) : '?'}.`,
    '',
    `Where lambda-connect's per-task runs spent their time (median ms per run of ${r.settings.records.toLocaleString('en-US')} records; kafkaData = waiting for produce acks / fetches, offsets = offset writes; the rest of wallMs is the slices' own CPU work and start-up): source ${times(r.perTask.lambdaTimeMs.source)}; sink ${times(r.perTask.lambdaTimeMs.sink)}.`,
    '',
    '### Ceilings on the same broker, same record size',
    '',
    '| client | records/s | MB/s |',
    '| --- | --- | --- |',
    ...Object.entries(r.ceiling).map(
      ([name, c]) => `| ${name} | ${formatSpread(c.spread)} | ${c.mbPerSec.toFixed(1)} |`,
    ),
    '',
    '## Latency and overheads (ms)',
    '',
    '| what | p50 / p90 / p99 |',
    '| --- | --- |',
    `| end-to-end, line appended → line in the sink file, ${r.latencyMs.endToEnd.ratePerSec} lines/s: lambda-connect | ${pctRounds(r.latencyMs.endToEnd)} |`,
    `| same, Apache Kafka Connect | ${pctRounds(r.latencyMs.endToEnd.apacheConnect)} |`,
    `| per-slice overhead (idle slices, minus the task's own Kafka I/O) | ${pctRounds(r.latencyMs.sliceOverhead)} |`,
    `| … of source slices | ${pct(r.latencyMs.sliceOverhead.source)} |`,
    `| … of sink slices | ${pct(r.latencyMs.sliceOverhead.sink)} |`,
    `| whole idle sink slice (includes its ${250} ms fetch wait) | ${pct(r.latencyMs.sliceOverhead.sinkSliceMs)} |`,
    `| REST, ${r.latencyMs.rest.clients} concurrent clients (GET /connectors, GET status), median round: lambda-connect | ${pct(r.latencyMs.rest)}, ${Math.round(r.latencyMs.rest.requestsPerSec)} req/s${perRound(r.latencyMs.rest)} |`,
    `| same, Apache Kafka Connect | ${pct(r.latencyMs.rest.apacheConnect)}, ${Math.round(r.latencyMs.rest.apacheConnect.requestsPerSec)} req/s${perRound(r.latencyMs.rest.apacheConnect)} |`,
    `| REST, ${r.latencyMs.restPaced.clients} clients paced at ${r.latencyMs.restPaced.ratePerSec} req/s in total (open loop, from the scheduled send time), median round: lambda-connect | ${pct(r.latencyMs.restPaced)}${perRound(r.latencyMs.restPaced, 1)} |`,
    `| same, Apache Kafka Connect | ${pct(r.latencyMs.restPaced.apacheConnect)}${perRound(r.latencyMs.restPaced.apacheConnect, 1)} |`,
    `| REST, one client alone: lambda-connect | ${pct(r.latencyMs.rest.singleClient.lambdaConnect)} |`,
    `| same, Apache Kafka Connect | ${pct(r.latencyMs.rest.singleClient.apacheConnect)} |`,
    '',
    `Idle-slice time by port (mean ms per slice, summed per call, so parallel calls overlap): ${Object.entries(
      r.latencyMs.sliceOverhead.breakdownMs,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}. DynamoDB calls per idle slice: source ${JSON.stringify(r.latencyMs.sliceOverhead.dynamoPerSlice.source.calls)}, sink ${JSON.stringify(r.latencyMs.sliceOverhead.dynamoPerSlice.sink.calls)}.`,
    ...restCpuNote(r),
    `Scheduler tick: ${spreadMs(r.cycles.empty.tickMs)} with no connectors, ${spreadMs(r.cycles.idle.tickMs)} with ${r.cycles.idle.connectors} idle ones.`,
    '',
    '## Cold start and bundle',
    '',
    `| task-runner bundle | ${(r.bundleBytes.taskRunner / 1024).toFixed(1)} KB minified (AWS SDK external); ${(r.bundleBytes.taskRunnerAwsSdkBundled / 1024).toFixed(1)} KB with the SDK bundled |`,
    '| --- | --- |',
    `| import in a fresh Node process | ${spreadMs(r.coldStartMs.spread)} (SDK bundled: ${spreadMs(r.coldStartMs.awsSdkBundled)}) |`,
    `| whole process (spawn → exit) | ${spreadMs(r.coldStartMs.processMs)} |`,
    '',
    '## Cost model ($/month)',
    '',
    `Idle connector: **${usd(r.costUsdPerMonth.idleConnector)}** (${usd(r.costUsdPerMonth.model.idleConnectorWithoutIdleMetrics)} if idle slices published no custom metrics); one connector at 1 MB/s: **${usd(r.costUsdPerMonth.oneMBps)}**; MSK Connect's minimum (1 worker × 1 MCU × ${PRICES.mskConnectMcuHour} $/h × ${ASSUMPTIONS.hoursPerMonth} h): **${usd(r.costUsdPerMonth.mskConnectMinimum)}** per connector.`,
    '',
    ...costTable('idle source connector', r.costUsdPerMonth.model.idleSource),
    ...costTable('idle sink connector', r.costUsdPerMonth.model.idleSink),
    ...costTable('source connector at 1 MB/s', r.costUsdPerMonth.model.steadySource),
    ...costTable('sink connector at 1 MB/s', r.costUsdPerMonth.model.steadySink),
    'Prices (us-east-1, list): ' +
      Object.entries(PRICES)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '.',
    '',
    'Assumptions: ' +
      Object.entries(ASSUMPTIONS)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v * 1000) / 1000 : v}`)
        .join(', ') +
      '. Not counted: Kafka itself (both need it), data transfer (same AZ), API Gateway (idle), NAT gateways, free tiers.',
    '',
  );
  return out.join('\n');
}

/** Closed-loop REST latency is clients / throughput, and throughput is bounded by the CPU per request. */
function restCpuNote(r: BenchResults): string[] {
  const lc = r.latencyMs.rest.cpuMsPerRequest;
  const ak = r.latencyMs.rest.apacheConnect.cpuMsPerRequest;
  if (lc === undefined || ak === undefined) return [];
  return [
    `REST CPU per closed-loop request (the serving processes: lambda-connect's stack and its DynamoDB process; Apache Kafka Connect's JVM): lambda-connect ${spreadMs(lc)}, Apache Kafka Connect ${spreadMs(ak)}; the load generator, on the same cores, ${r.latencyMs.rest.clientCpuMsPerRequest.toFixed(2)} ms.`,
  ];
}

function costTable(title: string, e: CostEstimate): string[] {
  return [
    `| ${title} | ${usd(e.usdPerMonth)} |`,
    '| --- | --- |',
    ...e.lines.map((l) => `| ${l.item} | ${usd(l.usdPerMonth)} |`),
    '',
  ];
}

/**
 * The shape of bench/results/latest.json (other tools read it: keep the documented keys stable) and
 * the targets of issue 6, each reported as met or missed.
 */
import type { CeilingFigure, CeilingName } from './ceiling.js';
import type { AwsClockFigures } from './aws-clock.js';
import type { CostModel } from './cost-model.js';
import type { OverheadFigures } from './overheads.js';
import type { RoundPercentiles, Spread } from './stats.js';
import type { PerTaskFigures, PipelineFigures } from './throughput.js';

export interface BenchResults {
  readonly generatedAt: string;
  readonly durationSec: number;
  readonly machine: {
    readonly cpus: number;
    readonly node: string;
    readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  };
  readonly settings: {
    readonly records: number;
    readonly lineBytes: number;
    readonly repeats: number;
    readonly localTickMs: number;
    readonly quick: boolean;
  };
  readonly pipeline: PipelineFigures & { readonly json?: PipelineFigures };
  readonly perTask: PerTaskFigures;
  readonly ceiling: Record<CeilingName, CeilingFigure>;
  readonly latencyMs: {
    readonly endToEnd: RoundPercentiles & { readonly ratePerSec: number; readonly apacheConnect: RoundPercentiles };
    readonly sliceOverhead: OverheadFigures['sliceOverhead'];
    /** Closed loop (saturation): latency ≈ clients / throughput. */
    readonly rest: OverheadFigures['rest']['lambdaConnect'] & {
      readonly clients: number;
      readonly apacheConnect: OverheadFigures['rest']['apacheConnect'];
      readonly singleClient: OverheadFigures['rest']['singleClient'];
    };
    /** Paced (open loop) at `ratePerSec` in total, latency from each request's scheduled send time. */
    readonly restPaced: OverheadFigures['restPaced'];
    /** Latency on AWS's clock, per latency mode (bench/aws-clock-run.ts). */
    readonly awsClock?: Readonly<Record<string, unknown>>;
  };
  readonly cycles: OverheadFigures['cycles'];
  readonly bulkDynamo: OverheadFigures['bulk'];
  readonly coldStartMs: {
    readonly taskRunner: number;
    readonly spread: Spread;
    readonly processMs: Spread;
    readonly awsSdkBundled: Spread;
  };
  readonly bundleBytes: { readonly taskRunner: number; readonly taskRunnerAwsSdkBundled: number };
  readonly costUsdPerMonth: {
    readonly idleConnector: number;
    readonly oneMBps: number;
    readonly mskConnectMinimum: number;
    readonly model: CostModel;
    readonly idleConnectorByMode?: Readonly<Record<string, number>>;
  };
  /** Each plugin package's own figures (bench/plugins.ts), keyed by its directory under plugins/. */
  readonly plugins?: Readonly<Record<string, unknown>>;
  readonly targets: readonly TargetCheck[];
}

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function checkTargets(r: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const ms = (n: number): string => `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
  return [
    {
      name: 'pipeline throughput vs Apache Kafka Connect',
      target: '≥ 1.0× (aim 1.5×)',
      measured: `${r.pipeline.ratio.toFixed(2)}× (runs ${r.pipeline.ratioSpread.runs.map((x) => x.toFixed(2)).join(', ')})`,
      met: r.pipeline.ratio >= 1,
    },
    {
      name: 'end-to-end latency p50 (local)',
      target: '< 1 s',
      measured: ms(r.latencyMs.endToEnd.p50),
      met: r.latencyMs.endToEnd.p50 < 1000,
    },
    {
      name: 'per-slice overhead p50',
      target: '< 50 ms',
      measured: ms(r.latencyMs.sliceOverhead.p50),
      met: r.latencyMs.sliceOverhead.p50 < 50,
    },
    {
      name: `REST p99, ${r.latencyMs.rest.clients} concurrent clients (closed loop)`,
      target: '< 50 ms',
      measured: ms(r.latencyMs.rest.p99),
      met: r.latencyMs.rest.p99 < 50,
    },
    {
      name: 'idle connector cost',
      target: '< $1 / month',
      measured: `$${r.costUsdPerMonth.idleConnector.toFixed(2)} / month`,
      met: r.costUsdPerMonth.idleConnector < 1,
    },
    ...awsClockTargets(r),
  ];
}

/** Issue 12's goal: one latency mode with p50 < 1 s and p99 < 5 s on AWS's clock whose idle connector costs < $2/month. */
function awsClockTargets(r: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const figures = r.latencyMs.awsClock?.['figures'] as AwsClockFigures | undefined;
  const costs = r.costUsdPerMonth.idleConnectorByMode;
  if (figures === undefined || costs === undefined) return [];
  const modes = Object.entries(figures.modes).map(([name, m]) => ({
    name,
    // A sink-only mode (doorbell) is measured on its sink alone.
    p50: (m.pipeline ?? m.sink).p50,
    p99: (m.pipeline ?? m.sink).p99,
    usd: costs[name] ?? Number.POSITIVE_INFINITY,
  }));
  return [
    {
      name: "a latency mode on AWS's clock (pipeline, or sink alone for sink-only modes; sparse input)",
      target: 'p50 < 1 s, p99 < 5 s, idle < $2 / month',
      measured: modes
        .map((m) => `${m.name} ${Math.round(m.p50)} / ${Math.round(m.p99)} ms, $${m.usd.toFixed(2)}`)
        .join('; '),
      met: modes.some((m) => m.p50 < 1000 && m.p99 < 5000 && m.usd < 2),
    },
  ];
}

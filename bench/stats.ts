/**
 * Summaries of repeated measurements. Every figure the benchmark reports is a median with its spread
 * (min, max and the individual runs), so a reader sees how much one run can be trusted.
 */

/** A figure measured several times: the median and its spread. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median, as a fraction; 0 for a single run. */
  readonly relativeSpread: number;
  readonly runs: readonly number[];
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return {
    median: round(median),
    min: round(min),
    max: round(max),
    relativeSpread: median === 0 ? 0 : round((max - min) / median, 3),
    runs: values.map((v) => round(v)),
  };
}

/** The p-th percentile (nearest rank) of ascending values. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) throw new Error('percentile() of no values');
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length - 1, Math.max(0, rank - 1))]!;
}

/** Latency percentiles of one sample set. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly count: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!),
    count: sorted.length,
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** "12,345 ± 4%" for tables and progress lines. */
export function formatSpread(s: Spread, unit = '', digits = 0): string {
  const n = s.median.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const pct = s.runs.length > 1 ? ` (±${Math.round((s.relativeSpread * 100) / 2)}%, n=${s.runs.length})` : '';
  return `${n}${unit}${pct}`;
}

/** Percentiles of several rounds pooled, with the spread of each round's p50 and p99. */
export interface RoundPercentiles extends Percentiles {
  readonly rounds: { readonly p50: Spread; readonly p99: Spread };
}

export function pooledPercentiles(rounds: ReadonlyArray<readonly number[]>): RoundPercentiles {
  const each = rounds.map((r) => percentiles(r));
  return {
    ...percentiles(rounds.flat()),
    rounds: { p50: spread(each.map((p) => p.p50)), p99: spread(each.map((p) => p.p99)) },
  };
}

/** Judging comparisons against the table of known deviations, and the summary printed after a run. */
import { canonical } from './normalize.js';
import { KNOWN_DEVIATIONS } from './deviations.js';
import type { Comparison } from './harness.js';

export const Verdict = {
  EQUAL: 'equal',
  DEVIATION: 'documented deviation',
  DIFFERENT: 'different',
  /** Listed as a deviation but equal now: the table must lose the entry. */
  STALE: 'listed deviation is equal',
  /** Listed, but what must still hold does not. */
  CHECK_FAILED: 'deviation check failed',
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export interface Judged {
  readonly comparison: Comparison;
  readonly verdict: Verdict;
  readonly detail?: string;
}

export function judge(comparison: Comparison): Judged {
  const key = `${comparison.caseName}/${comparison.label}`;
  const deviation = KNOWN_DEVIATIONS[key];
  if (deviation === undefined) {
    return comparison.equal
      ? { comparison, verdict: Verdict.EQUAL }
      : { comparison, verdict: Verdict.DIFFERENT, detail: describe(comparison) };
  }
  if (comparison.equal) return { comparison, verdict: Verdict.STALE, detail: `remove '${key}' from KNOWN_DEVIATIONS` };
  try {
    // A documented difference of status or body does not excuse different headers.
    if (deviation.headersDiffer !== true && comparison.connect.headers !== comparison.ours.headers)
      throw new Error('the client-visible headers differ too');
    deviation.check?.(comparison.connect, comparison.ours);
  } catch (error) {
    return {
      comparison,
      verdict: Verdict.CHECK_FAILED,
      detail: `${error instanceof Error ? error.message : String(error)}\n${describe(comparison)}`,
    };
  }
  return { comparison, verdict: Verdict.DEVIATION };
}

export function isFailure(judged: Judged): boolean {
  return judged.verdict !== Verdict.EQUAL && judged.verdict !== Verdict.DEVIATION;
}

/** Both normalized responses, for a failure message. */
export function describe(comparison: Comparison, limit = 4_000): string {
  const side = (name: string, n: Comparison['connect']): string => {
    const text = `${name}: ${n.status}${n.location === undefined ? '' : ` Location ${n.location}`} ${canonical(n.body)}`;
    return text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
  };
  const { method, path } = comparison.request;
  const lines = [`${comparison.caseName} / ${comparison.label}: ${method} ${path}`];
  if (comparison.connect.headers !== comparison.ours.headers) {
    lines.push(
      `  headers differ:\n    connect: ${comparison.connect.headers.replaceAll('\n', ' | ') || '(none)'}\n    ours:    ${comparison.ours.headers.replaceAll('\n', ' | ') || '(none)'}`,
    );
  }
  const paths = differingPaths(comparison.connect.body, comparison.ours.body);
  if (comparison.connect.status === comparison.ours.status && paths.length > 0 && paths.length <= 12) {
    lines.push(`  ${comparison.connect.status}, bodies differ at:`);
    for (const [at, c, o] of paths) lines.push(`    ${at || '(root)'}: connect ${clip(c)} | ours ${clip(o)}`);
  } else {
    lines.push(side('  connect', comparison.connect), side('  ours   ', comparison.ours));
  }
  return lines.join('\n');
}

/** Where two JSON values differ: [path, connect's value, ours], objects by key, arrays by index. */
export function differingPaths(a: unknown, b: unknown, at = ''): Array<[string, unknown, unknown]> {
  if (canonical(a) === canonical(b)) return [];
  const bothObjects =
    a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [[at, a, b]];
  const keys = Array.isArray(a)
    ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
  return keys.flatMap((k) =>
    differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`),
  );
}

function clip(value: unknown): string {
  const text = value === undefined ? '(absent)' : canonical(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A plain-text table: one row per case, then the totals. */
export function summaryTable(judged: readonly Judged[]): string {
  const cases = [...new Set(judged.map((j) => j.comparison.caseName))];
  const rows = cases.map((name) => {
    const mine = judged.filter((j) => j.comparison.caseName === name);
    return [
      name,
      mine.length,
      count(mine, Verdict.EQUAL),
      count(mine, Verdict.DEVIATION),
      mine.filter(isFailure).length,
    ];
  });
  rows.push([
    'total',
    judged.length,
    count(judged, Verdict.EQUAL),
    count(judged, Verdict.DEVIATION),
    judged.filter(isFailure).length,
  ]);
  const header = ['case', 'compared', 'equal', 'documented deviations', 'failures'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: ReadonlyArray<string | number>): string =>
    cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function count(judged: readonly Judged[], verdict: Verdict): number {
  return judged.filter((j) => j.verdict === verdict).length;
}

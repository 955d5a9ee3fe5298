/** The chaos suite's table (console) and docs/reliability.md. */
import type { ProbeResult } from './probe-types.js';

export function textTable(results: readonly ProbeResult[]): string {
  const rows = results.map((r) => [r.pass ? 'PASS' : 'FAIL', r.probe, r.summary]);
  const width = [4, Math.max(5, ...rows.map((r) => (r[1] ?? '').length))];
  return [
    'RESULT  PROBE'.padEnd(0),
    ...rows.map(([v, p, s]) => `${(v ?? '').padEnd(width[0] ?? 4)}    ${(p ?? '').padEnd(width[1] ?? 5)}  ${s ?? ''}`),
  ].join('\n');
}

export interface RunInfo {
  readonly quick: boolean;
  readonly elapsedS: number;
  readonly commit: string;
  readonly date: string;
  /** The 1, 5 and 15 minute load averages at the end, and the core count: latency figures depend on them. */
  readonly loadAverage: string;
  readonly cpus: number;
}

export function markdownReport(results: readonly ProbeResult[], run: RunInfo): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '# Reliability: faults and hostile input (issue 10)',
    '',
    `Written by \`npm run chaos${run.quick ? ' -- --quick' : ''}\` (chaos/main.ts) on commit \`${run.commit}\`, ${run.date}, in ${run.elapsedS} s. It starts its own`,
    'Kafka broker, embedded DynamoDB server and local stack (`local/main.ts`), each a process of its own so each can be',
    'killed, and checks each probe against the issue\'s "What it must show". Reproduce: `npm run chaos` (≤ 15 min),',
    '`npm run chaos -- --quick` (a few minutes, shorter outages and soak), `npm run chaos -- --only=a,g` (some probes; does',
    'not rewrite this file). Secrets Manager and SSM are a local stand-in (chaos/fake-secrets.ts) the SDK is pointed at.',
    `Machine: ${run.cpus} cores, load average ${run.loadAverage} at the end of the run (latencies are only as good as that).`,
    '',
    `**${results.filter((r) => r.pass).length} of ${results.length} probes pass.**`,
    '',
    '| probe | criterion | result | figures |',
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) => `| ${cell(r.probe)} | ${cell(r.criterion)} | ${r.pass ? 'PASS' : '**FAIL**'} | ${cell(r.summary)} |`,
    ),
    '',
    ...results.flatMap((r) => [`## ${r.probe}: ${r.pass ? 'PASS' : 'FAIL'}`, '', ...r.details, '']),
  ].join('\n');
}

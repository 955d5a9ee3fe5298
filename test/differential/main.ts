/**
 * Runs the differential suite outside the test runner and prints every difference, for working on
 * them: `npx tsx test/differential/main.ts [case-name …]`.
 */
import { CASES } from './cases/index.js';
import { startDiffEnv } from './harness.js';
import { runCase } from './run-cases.js';
import { describe as describeComparison, isFailure, summaryTable, Verdict, type Judged } from './verdict.js';

const wanted = process.argv.slice(2);
const cases = wanted.length === 0 ? CASES : CASES.filter((c) => wanted.includes(c.name));
const started = Date.now();
const env = await startDiffEnv();
process.stderr.write(
  `environment ready in ${Date.now() - started} ms (connect ${env.connect.url}, ours ${env.ours.url})\n`,
);
const all: Judged[] = [];
try {
  for (const diffCase of cases) {
    const caseStarted = Date.now();
    const run = await runCase(env, diffCase);
    all.push(...run.judged);
    process.stdout.write(`\n## ${diffCase.name} (${Date.now() - caseStarted} ms)\n`);
    if (run.error !== undefined)
      process.stdout.write(`case threw: ${run.error instanceof Error ? run.error.stack : String(run.error)}\n`);
    for (const judged of run.judged.filter(
      (j) => isFailure(j) || (process.env['DIFF_VERBOSE'] && j.verdict === Verdict.DEVIATION),
    )) {
      process.stdout.write(`[${judged.verdict}] ${judged.detail ?? describeComparison(judged.comparison)}\n`);
    }
  }
} finally {
  await env.stop();
}
process.stdout.write(`\n${summaryTable(all)}\n(${Date.now() - started} ms)\n`);

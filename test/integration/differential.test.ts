/**
 * The differential suite: the same request sequences against a real Apache Kafka Connect 4.3.1 worker
 * and against lambda-connect on the same broker. Every compared response must be equal after
 * normalization, unless it is a known deviation documented in docs/compatibility.md.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { CASES } from '../differential/cases/index.js';
import { KNOWN_DEVIATIONS } from '../differential/deviations.js';
import { startDiffEnv, type DiffEnv } from '../differential/harness.js';
import { OpenApiChecker } from '../differential/openapi-check.js';
import { runCase } from '../differential/run-cases.js';
import { describe as describeComparison, isFailure, summaryTable, type Judged } from '../differential/verdict.js';

describe('differential: lambda-connect vs Apache Kafka Connect 4.3.1', { timeout: 600_000 }, () => {
  let env: DiffEnv | undefined;
  const judged: Judged[] = [];

  before(async () => {
    env = await startDiffEnv();
  });
  after(async () => {
    await env?.stop();
    if (judged.length > 0) process.stdout.write(`\n${summaryTable(judged)}\n`);
  });

  for (const diffCase of CASES) {
    test(`${diffCase.name}: ${diffCase.covers}`, async () => {
      if (env === undefined) throw new Error('the differential environment did not start');
      const run = await runCase(env, diffCase);
      judged.push(...run.judged);
      if (run.error !== undefined) throw run.error;
      const failures = run.judged.filter(isFailure);
      assert.ok(run.judged.length > 0, 'the case compared something');
      assert.equal(
        failures.length,
        0,
        failures.map((f) => `[${f.verdict}] ${f.detail ?? describeComparison(f.comparison)}`).join('\n\n'),
      );
    });
  }

  test('every recorded answer of both systems conforms to our OpenAPI document', () => {
    const checker = new OpenApiChecker();
    const problems = judged.flatMap((j) =>
      (['connect', 'ours'] as const).flatMap((side) => {
        const e = j.comparison.exchanges[side];
        const answer = {
          method: j.comparison.request.method,
          path: j.comparison.request.path,
          status: e.status,
          body: e.body,
          contentType: e.headers.get('content-type'),
        };
        return checker.check(answer).map((p) => `${side} ${j.comparison.caseName}/${j.comparison.label}: ${p}`);
      }),
    );
    assert.ok(judged.length > 400, `answers were recorded (${judged.length})`);
    assert.deepEqual(problems, []);
  });

  test('every known deviation was compared in this run and is documented in docs/compatibility.md', async () => {
    const docs = await readFile(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');
    const compared = new Set(judged.map((j) => `${j.comparison.caseName}/${j.comparison.label}`));
    for (const [key, deviation] of Object.entries(KNOWN_DEVIATIONS)) {
      assert.ok(compared.has(key), `KNOWN_DEVIATIONS['${key}'] names no comparison of this run`);
      assert.ok(
        docs.includes(`| ${deviation.doc}`),
        `docs/compatibility.md has no row '${deviation.doc}' (for ${key})`,
      );
    }
  });
});

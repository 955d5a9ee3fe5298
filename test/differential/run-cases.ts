/** Runs cases one after another on one environment, each from an empty cluster, collecting comparisons. */
import type { DiffCase } from './case.js';
import { caseContext, deleteAllConnectors, type Comparison, type DiffEnv } from './harness.js';
import { judge, type Judged } from './verdict.js';

export interface CaseRun {
  readonly diffCase: DiffCase;
  readonly judged: readonly Judged[];
  /** An exception the case threw (a bug in the case or an unreachable target), if any. */
  readonly error?: unknown;
}

export async function runCase(env: DiffEnv, diffCase: DiffCase): Promise<CaseRun> {
  const comparisons: Comparison[] = [];
  await deleteAllConnectors(env);
  try {
    await diffCase.run(caseContext(env, diffCase.name, (c) => comparisons.push(c)));
    return { diffCase, judged: comparisons.map(judge) };
  } catch (error) {
    return { diffCase, judged: comparisons.map(judge), error };
  } finally {
    await deleteAllConnectors(env).catch(() => undefined);
  }
}

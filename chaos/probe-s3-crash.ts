/**
 * (i) The S3 crash run (issue 14): 200,000 records (20,000 with --quick) through three S3 sinks and
 * back through the S3 source, the task runner SIGKILLed 10 times (3 with --quick). It starts a local
 * stack of its own (isolated task runner, moto S3) on the suite's broker. Writes chaos/results/s3-crash.{md,json}.
 * Alone: `npx tsx chaos/s3-crash/main.ts [--records=N] [--kills=K]`.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { ChaosContext, ProbeResult } from './probe-types.js';
import { failures, writeResults } from './s3-crash/report.js';
import { runS3Crash } from './s3-crash/run.js';

export interface S3CrashProbeOptions {
  readonly records: number;
  readonly kills: number;
  readonly kafkaBootstrapServers?: string;
}

export async function s3CrashProbe(log: ChaosContext['log'], options: S3CrashProbeOptions): Promise<ProbeResult> {
  const result = await runS3Crash({
    records: options.records,
    flushSize: options.records >= 100_000 ? 10_000 : 1_000,
    kills: options.kills,
    log,
    phaseTimeoutMs: 20 * 60_000,
    ...(options.kafkaBootstrapServers === undefined ? {} : { kafkaBootstrapServers: options.kafkaBootstrapServers }),
  });
  const file = await writeResults(result, options.kills, {
    date: new Date().toISOString(),
    commit: commit(),
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  });
  log(`wrote ${file}`);
  const problems = failures(result, options.kills);
  const duplicates = result.sinks.reduce((n, s) => n + s.audit.duplicates, 0);
  return {
    probe: '(i) S3 crash run',
    criterion:
      'issue 14: task runner SIGKILLed during S3 sink and restore: nothing missing, no object rewritten differently, zero duplicates in S3, every record restored',
    pass: problems.length === 0,
    summary: `${result.records.toLocaleString('en-US')} records, ${result.killsDuringSinks + result.killsDuringRestore} kills, ${result.sinks.reduce((n, s) => n + s.audit.objects, 0)} objects, ${duplicates} duplicates in S3, ${result.rewritten.length} rewritten, restore ${result.restore.missing} missing / ${result.restore.resent} re-sent`,
    details: problems.length === 0 ? [`See chaos/results/s3-crash.md.`] : problems,
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

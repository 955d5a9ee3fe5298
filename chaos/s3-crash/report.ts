/** The crash run's verdict and its result table (chaos/results/s3-crash.{md,json}). */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { S3CrashResult } from './run.js';

/** Issue 14's criteria: nothing missing, no object rewritten with other contents, no duplicate in S3, every record restored intact. */
export function failures(r: S3CrashResult, killsWanted: number): string[] {
  const problems: string[] = [];
  const kills = r.killsDuringSinks + r.killsDuringRestore;
  if (kills < killsWanted) problems.push(`only ${kills} of ${killsWanted} kills landed before the work was done`);
  for (const s of r.sinks) {
    const a = s.audit;
    if (a.missing.length > 0)
      problems.push(`${s.name}: ${a.missing.length} objects missing (${a.missing.slice(0, 3).join(', ')})`);
    if (a.extra.length > 0)
      problems.push(`${s.name}: ${a.extra.length} objects not expected (${a.extra.slice(0, 3).join(', ')})`);
    if (a.differing.length > 0)
      problems.push(
        `${s.name}: ${a.differing.length} objects with other contents than expected (${a.differing.slice(0, 3).join(', ')})`,
      );
    if (a.recordsMissing > 0) problems.push(`${s.name}: ${a.recordsMissing} records in no object`);
    if (a.duplicates > 0) problems.push(`${s.name}: ${a.duplicates} duplicate records`);
  }
  if (r.rewritten.length > 0)
    problems.push(
      `${r.rewritten.length} objects rewritten with other contents (${r.rewritten.slice(0, 3).join(', ')})`,
    );
  if (r.restore.missing > 0) problems.push(`restore: ${r.restore.missing} records missing`);
  if (r.restore.mismatched > 0) problems.push(`restore: ${r.restore.mismatched} records differ from their originals`);
  return problems;
}

export function markdown(
  r: S3CrashResult,
  killsWanted: number,
  meta: { readonly date: string; readonly commit: string; readonly load: string },
): string {
  const problems = failures(r, killsWanted);
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  const lines = [
    '# S3 crash run (issue 14)',
    '',
    `${meta.date}, commit ${meta.commit}, load average ${meta.load}. ${r.records.toLocaleString('en-US')} records over ${r.partitions} partitions, flush.size ${r.flushSize.toLocaleString('en-US')}, JsonFormat with .keys and .headers objects; the isolated task runner SIGKILLed ${r.killsDuringSinks} times while the sinks wrote and ${r.killsDuringRestore} times during the restore. Verdict: **${problems.length === 0 ? 'PASS' : 'FAIL'}**.`,
    '',
    '| sink bucket | partitioner | compression | objects | objects missing | unexpected | other contents | records missing | duplicates |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...r.sinks.map(
      (s) =>
        `| ${s.name} | ${s.partitioner} | ${s.compression} | ${s.audit.objects} | ${s.audit.missing.length} | ${s.audit.extra.length} | ${s.audit.differing.length} | ${s.audit.recordsMissing} | ${s.audit.duplicates} |`,
    ),
    '',
    `Objects rewritten with another ETag during the run: ${r.rewritten.length} (${r.etagObservations} listings of every bucket). The three sinks together took ${Math.round(r.sinkMs / 1000)} s (${rate(r.records * r.sinks.length, r.sinkMs)} records/s over the three, kills and restarts included).`,
    '',
    '| restore (S3 source, gzip bucket → new topic) | |',
    '|---|---:|',
    `| records received | ${r.restore.received.toLocaleString('en-US')} |`,
    `| distinct records | ${r.restore.distinct.toLocaleString('en-US')} |`,
    `| missing | ${r.restore.missing} |`,
    `| differing from the original (key, value, headers, partition) | ${r.restore.mismatched} |`,
    `| re-sent after a kill (at-least-once) | ${r.restore.resent} |`,
    `| time | ${Math.round(r.restore.ms / 1000)} s (${rate(r.records, r.restore.ms)} records/s) |`,
    '',
    `Local IAM (grants of \`-c s3Buckets=<bucket>/topics/,…\`): ${r.iam}.`,
    '',
    ...(problems.length === 0 ? [] : ['Failures:', '', ...problems.map((p) => `- ${p}`), '']),
  ];
  return lines.join('\n');
}

export async function writeResults(
  r: S3CrashResult,
  killsWanted: number,
  meta: { readonly date: string; readonly commit: string; readonly load: string },
): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}s3-crash.json`, `${JSON.stringify({ ...meta, killsWanted, result: r }, null, 2)}\n`);
  await writeFile(`${dir}s3-crash.md`, markdown(r, killsWanted, meta));
  return `${dir}s3-crash.md`;
}

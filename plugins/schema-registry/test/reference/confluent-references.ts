/**
 * Runs `confluent_references.py` (confluent-kafka's serializers writing records whose schemas have
 * references) in the venv `.ci/run` creates (`.cache/sr-venv`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = fileURLToPath(new URL('../../../../.cache/sr-venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./confluent_references.py', import.meta.url));

export interface ReferencesRun {
  readonly format: 'avro' | 'json' | 'proto' | 'proto-oneof' | 'json-allof';
  readonly topic: string;
  readonly records: readonly unknown[];
}

export interface ReferencesAnswer {
  readonly frames: Uint8Array[];
  /** The record's subject and the referenced schema's. */
  readonly subjects: { readonly main: string; readonly referenced: string };
}

/**
 * Frames Python wrote for each run, after registering the referenced schema (Avro, JSON) or letting its
 * serializer do it (Protobuf); one Python process for all runs.
 */
export function runReferences(url: string, runs: readonly ReferencesRun[]): ReferencesAnswer[] {
  if (!existsSync(PYTHON))
    throw new Error(
      `${PYTHON} is missing: run .ci/run's venv step (confluent-kafka[avro,schemaregistry,json,protobuf]==2.16.1)`,
    );
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify({ url, runs }), encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`confluent_references.py failed (${run.status}): ${run.stderr}`);
  const answer = JSON.parse(run.stdout) as { runs: { frames: string[]; subjects: ReferencesAnswer['subjects'] }[] };
  return answer.runs.map((r) => ({
    frames: r.frames.map((f) => Uint8Array.from(Buffer.from(f, 'base64'))),
    subjects: r.subjects,
  }));
}

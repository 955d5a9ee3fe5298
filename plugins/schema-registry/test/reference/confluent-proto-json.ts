/**
 * Runs confluent-kafka's Python Protobuf and JSON Schema serializers (the independent implementation of the
 * cross-checks) through `confluent_proto_json.py` in the venv `.ci/run` creates (`.cache/sr-venv`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = fileURLToPath(new URL('../../../../.cache/sr-venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./confluent_proto_json.py', import.meta.url));

export interface ReferenceRequest {
  readonly url: string;
  readonly op: 'proto-serialize' | 'proto-deserialize' | 'json-serialize' | 'json-deserialize';
  readonly topic: string;
  readonly strategy?: 'topic' | 'topic_record';
  readonly records?: readonly unknown[];
  readonly frames?: readonly Uint8Array[];
  readonly schema?: string;
}

/** Frames written by Python (`*-serialize`) or records it read (`*-deserialize`, as JSON). */
export function runReference(request: ReferenceRequest): { frames: Uint8Array[]; records: unknown[] } {
  if (!existsSync(PYTHON))
    throw new Error(
      `${PYTHON} is missing: run .ci/run's venv step (confluent-kafka[avro,schemaregistry,json,protobuf]==2.16.1)`,
    );
  const input = JSON.stringify({ ...request, frames: request.frames?.map((f) => Buffer.from(f).toString('base64')) });
  const run = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`confluent_proto_json.py failed (${run.status}): ${run.stderr}`);
  const answer = JSON.parse(run.stdout) as { frames?: string[]; records?: unknown[] };
  return {
    frames: (answer.frames ?? []).map((f) => Uint8Array.from(Buffer.from(f, 'base64'))),
    records: answer.records ?? [],
  };
}

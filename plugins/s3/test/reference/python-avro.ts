/**
 * Runs avro_files.py (Apache Avro's Python implementation, and fastavro) from the tests, in the venv
 * `.ci/run` creates (`.cache/sr-venv`; `LC_SR_VENV_PYTHON` names another interpreter). Bytes cross as
 * `{"$bytes": base64}`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON =
  process.env['LC_SR_VENV_PYTHON'] ?? fileURLToPath(new URL('../../../../.cache/sr-venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./avro_files.py', import.meta.url));

export interface PythonAvroFile {
  readonly codec: string;
  readonly schema: Record<string, unknown>;
  /** The records as Apache Avro's DataFileReader reads them (snappy blocks CRC-checked). */
  readonly records: unknown[];
  /** The same records as fastavro reads them. */
  readonly fastavro: unknown[];
}

/** Reads container files with Apache Avro and fastavro. */
export async function pythonAvroRead(files: readonly Buffer[]): Promise<PythonAvroFile[]> {
  const answer = (await run({ op: 'read', files: files.map((f) => f.toString('base64')) })) as {
    files: PythonAvroFile[];
  };
  return answer.files;
}

/** A container file written by Apache Avro's DataFileWriter. */
export async function pythonAvroWrite(schema: unknown, records: unknown[], codec: string): Promise<Buffer> {
  const answer = (await run({ op: 'write', schema, records, codec })) as { file: string };
  return Buffer.from(answer.file, 'base64');
}

function run(request: unknown): Promise<unknown> {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `${PYTHON} is missing: python3 -m venv .cache/sr-venv && .cache/sr-venv/bin/pip install (the sr-venv line of .ci/run)`,
    );
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [SCRIPT],
      { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${SCRIPT} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}

/** `{"$bytes": base64}` of bytes, as the script writes them. */
export function bytesJson(value: Uint8Array): { $bytes: string } {
  return { $bytes: Buffer.from(value).toString('base64') };
}

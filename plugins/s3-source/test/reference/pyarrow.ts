/**
 * Runs pyarrow (pyarrow_parquet.py, in the venv `.ci/run` creates: `.cache/pq-venv`) from the tests, and
 * turns Connect values into the script's tagged JSON so both sides compare as data.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BigDecimal, SchemaType, type Struct, type Schema } from 'lambda-connect/api';

const PYTHON = fileURLToPath(new URL('../../../../.cache/pq-venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./pyarrow_parquet.py', import.meta.url));
export const PYARROW_VERSION = '22.0.0';

/** Fails with the install command when the venv is missing, instead of an obscure spawn error. */
export function requirePyarrowVenv(): void {
  if (!existsSync(PYTHON))
    throw new Error(
      `${PYTHON} is missing: python3 -m venv .cache/pq-venv && .cache/pq-venv/bin/pip install 'pyarrow==${PYARROW_VERSION}'`,
    );
}

export interface DescribedFile {
  readonly key: string;
  readonly types: Array<[string, string, boolean]>;
  readonly codecs: string[];
  readonly metadata: string[];
  readonly rows: unknown[];
}

export async function pyarrowDescribe(
  endpoint: string,
  bucket: string,
  keys: readonly string[],
): Promise<DescribedFile[]> {
  return ((await run({ op: 'describe', endpoint, bucket, keys })) as { files: DescribedFile[] }).files;
}

export async function pyarrowWrite(request: {
  endpoint: string;
  bucket: string;
  key: string;
  compression: string;
  rows: unknown[];
}): Promise<void> {
  await run({ op: 'write', ...request });
}

function run(request: unknown): Promise<unknown> {
  requirePyarrowVenv();
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [SCRIPT],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`pyarrow_parquet.py failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}

const DAY = 86_400_000;

/** A Connect value of `schema` as the script's tagged JSON (maps with non-string keys as AvroData's entry records). */
export function tagged(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case 'org.apache.kafka.connect.data.Decimal':
      return { $dec: (value as BigDecimal).toString() };
    case 'org.apache.kafka.connect.data.Date':
      return { $date: Math.round((value as Date).getTime() / DAY) };
    case 'org.apache.kafka.connect.data.Time':
      return { $time: (value as Date).getTime() };
    case 'org.apache.kafka.connect.data.Timestamp':
      return { $ts: (value as Date).getTime() };
  }
  switch (schema.type) {
    case SchemaType.STRUCT: {
      const struct = value as Struct;
      return Object.fromEntries((schema.fields ?? []).map((f) => [f.name, tagged(f.schema, struct.get(f.name))]));
    }
    case SchemaType.ARRAY:
      return (value as unknown[]).map((v) => tagged(schema.valueSchema as Schema, v));
    case SchemaType.MAP: {
      const entries: Array<[unknown, unknown]> = value instanceof Map ? [...value] : Object.entries(value as object);
      const key = schema.keySchema as Schema;
      const item = schema.valueSchema as Schema;
      return key.type === SchemaType.STRING
        ? entries.map(([k, v]) => [k, tagged(item, v)])
        : entries.map(([k, v]) => ({ key: tagged(key, k), value: tagged(item, v) }));
    }
    case SchemaType.BYTES:
      return { $b64: Buffer.from(value as Uint8Array).toString('base64') };
    case SchemaType.INT64: {
      const n = BigInt(value as number | bigint);
      return n > 2n ** 53n || n < -(2n ** 53n) ? { $int: n.toString() } : Number(n);
    }
    default:
      return value instanceof BigDecimal ? value.toString() : value;
  }
}

/**
 * Runs the independent serializer (confluent_avro.py, Confluent's Python client) from the tests, in the
 * venv `.ci/run` creates (`.cache/sr-venv`); values cross as tagged JSON (see the script's docstring).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BigDecimal, LogicalDate, LogicalTime, Struct, type Schema } from 'lambda-connect/api';

const PYTHON = fileURLToPath(new URL('../../../../.cache/sr-venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./confluent_avro.py', import.meta.url));

/** Fails with the install command when the venv is missing, instead of an obscure spawn error. */
export function requireReferenceVenv(): void {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `${PYTHON} is missing: python3 -m venv .cache/sr-venv && .cache/sr-venv/bin/pip install 'confluent-kafka[avro,schemaregistry,json,protobuf]==2.16.1' 'aws-glue-schema-registry==1.1.3'`,
    );
  }
}

export interface WriteAnswer {
  readonly payloads: string[];
  readonly ids: number[];
  readonly subject: string;
}

export interface ReadAnswer {
  readonly records: unknown[];
  readonly ids: number[];
}

export function pythonWrite(request: {
  url: string;
  topic: string;
  schema: string;
  records: unknown[];
  strategy?: 'topic' | 'record' | 'topic_record';
  isKey?: boolean;
}): Promise<WriteAnswer> {
  return run({ op: 'write', ...request }) as Promise<WriteAnswer>;
}

export function pythonRead(request: {
  url: string;
  topic: string;
  payloads: string[];
  isKey?: boolean;
}): Promise<ReadAnswer> {
  return run({ op: 'read', ...request }) as Promise<ReadAnswer>;
}

function run(request: unknown, script = SCRIPT): Promise<unknown> {
  requireReferenceVenv();
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [script],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}

/** A Connect value as the script's tagged JSON (Structs as objects, Maps as objects or entry lists). */
export function tagged(value: unknown, schema?: Schema): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (schema?.name === LogicalDate.LOGICAL_NAME) return { $date: value.toISOString().slice(0, 10) };
    if (schema?.name === LogicalTime.LOGICAL_NAME) return { $time: value.getTime() };
    return { $timestamp: value.getTime() };
  }
  if (typeof value === 'bigint') return { $long: value.toString() };
  if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value))
    return { $long: String(value) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof BigDecimal) return { $decimal: value.toString() };
  if (value instanceof Struct)
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, tagged(value.get(f.name), f.schema)]));
  if (value instanceof Map)
    return [...value.entries()].map(([k, v]) => ({
      key: tagged(k, schema?.keySchema),
      value: tagged(v, schema?.valueSchema),
    }));
  if (Array.isArray(value)) return value.map((item) => tagged(item, schema?.valueSchema));
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tagged(v, schema?.valueSchema)]));
  return value;
}

const GLUE_SCRIPT = fileURLToPath(new URL('./glue_avro.py', import.meta.url));

export interface GlueWriteAnswer {
  readonly payloads: string[];
  readonly versionIds: string[];
}

/** PyPI aws-glue-schema-registry writing `records` under `schemaName` (created if missing). */
export function glueWrite(request: {
  endpoint: string;
  registry: string;
  schemaName: string;
  schema: string;
  records: unknown[];
  compression?: boolean;
}): Promise<GlueWriteAnswer> {
  return run({ op: 'write', ...request }, GLUE_SCRIPT) as Promise<GlueWriteAnswer>;
}

export function glueRead(request: {
  endpoint: string;
  registry: string;
  payloads: string[];
}): Promise<{ records: unknown[]; versionIds: string[] }> {
  return run({ op: 'read', ...request }, GLUE_SCRIPT) as Promise<{ records: unknown[]; versionIds: string[] }>;
}

/**
 * JSON text with 64-bit integers: written exactly from bigints; read as bigints when the runtime's
 * `JSON.parse` passes the source text to the reviver (Node 22 and later, the Lambda runtime), else as
 * numbers (exact up to 2^53).
 */
import { DataError } from 'lambda-connect/api';

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses JSON; integers beyond ±2^53 are bigints where the runtime allows. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value !== 'number' || Number.isSafeInteger(value) || context?.source === undefined) return value;
      if (!/^-?\d+$/.test(context.source)) return value;
      const big = BigInt(context.source);
      return big > SAFE_MAX || big < -SAFE_MAX ? big : value;
    });
  } catch (cause) {
    throw new DataError(`Invalid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Serializes a JSON tree whose numbers may be bigints. */
export function writeJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new DataError(`Cannot write ${value} as JSON`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
}

/** Structural schema equality, as Connect's `ConnectSchema.equals`. */
import { Struct, type Schema } from '../api/index.js';
import { BigDecimal } from '../api/logical-types.js';

export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (a.type !== b.type || a.optional !== b.optional || a.name !== b.name || a.version !== b.version || a.doc !== b.doc)
    return false;
  if (!recordsEqual(a.parameters, b.parameters)) return false;
  if (!valuesEqual(a.defaultValue, b.defaultValue)) return false;
  if (!schemasEqual(a.keySchema, b.keySchema) || !schemasEqual(a.valueSchema, b.valueSchema)) return false;
  const fa = a.fields ?? [];
  const fb = b.fields ?? [];
  if (fa.length !== fb.length) return false;
  return fa.every((f, i) => f.name === fb[i]?.name && schemasEqual(f.schema, fb[i]?.schema));
}

function recordsEqual(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a?.[k] === b?.[k]);
}

/** Deep value equality over Connect values (Struct, BigDecimal, Date, bytes, arrays, maps). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof BigDecimal) return a.equals(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (a instanceof Struct) {
    return (
      b instanceof Struct &&
      schemasEqual(a.schema, b.schema) &&
      (a.schema.fields ?? []).every((f) => valuesEqual(a.get(f.name), b.get(f.name)))
    );
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  const ea = a instanceof Map ? [...a.entries()] : Object.entries(a);
  const eb = b instanceof Map ? [...b.entries()] : Object.entries(b);
  if (ea.length !== eb.length) return false;
  const lookup = new Map<unknown, unknown>(eb);
  return ea.every(([k, v]) => lookup.has(k) && valuesEqual(v, lookup.get(k)));
}

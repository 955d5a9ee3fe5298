/**
 * The Java class Connect would report for a JS value, so error messages read like Connect's
 * (`Invalid type for INT32: class java.lang.String`).
 */
import { Struct } from '../api/index.js';
import { BigDecimal } from '../api/logical-types.js';

export function javaClassOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'class java.lang.String';
  if (typeof value === 'boolean') return 'class java.lang.Boolean';
  if (typeof value === 'bigint') return 'class java.lang.Long';
  if (typeof value === 'number') return Number.isInteger(value) ? 'class java.lang.Integer' : 'class java.lang.Double';
  if (value instanceof Uint8Array) return 'class [B';
  if (value instanceof Struct) return 'class org.apache.kafka.connect.data.Struct';
  if (value instanceof BigDecimal) return 'class java.math.BigDecimal';
  if (value instanceof Date) return 'class java.util.Date';
  if (Array.isArray(value)) return 'class java.util.ArrayList';
  if (value instanceof Map || typeof value === 'object') return 'class java.util.HashMap';
  return `class ${typeof value}`;
}

/** A plain object used as a string-keyed map (not a class instance such as Date or Struct). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets a key on a plain object safely, even for `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

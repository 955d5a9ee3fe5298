/**
 * Schemaless records carry maps either as plain objects (as the JsonConverter produces) or as `Map`s.
 * These helpers read and copy either kind, keeping the kind of the input.
 */
import { isPlainObject, setOwn } from '../../common/java-class.js';

export type SchemalessMap = Record<string, unknown> | Map<unknown, unknown>;

export function isSchemalessMap(value: unknown): value is SchemalessMap {
  return value instanceof Map || isPlainObject(value);
}

export function mapGet(map: SchemalessMap, key: string): unknown {
  if (map instanceof Map) return map.get(key);
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function mapHas(map: SchemalessMap, key: string): boolean {
  return map instanceof Map ? map.has(key) : Object.hasOwn(map, key);
}

export function mapEntries(map: SchemalessMap): Array<[unknown, unknown]> {
  return map instanceof Map ? [...map.entries()] : Object.entries(map);
}

/** A new map of the same kind as `like`, holding `entries`. */
export function mapFrom(like: SchemalessMap, entries: Iterable<[unknown, unknown]>): SchemalessMap {
  if (like instanceof Map) return new Map(entries);
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) setOwn(result, String(key), value);
  return result;
}

/** A shallow copy with some keys set (and others removed). */
export function mapWith(
  map: SchemalessMap,
  updates: ReadonlyMap<string, unknown>,
  removals: readonly string[] = [],
): SchemalessMap {
  const entries = new Map<unknown, unknown>(mapEntries(map));
  for (const key of removals) entries.delete(key);
  for (const [key, value] of updates) entries.set(key, value);
  return mapFrom(map, entries);
}

/** A new empty map of the same kind as `like`. */
export function emptyMapLike(like: unknown): SchemalessMap {
  return like instanceof Map ? new Map() : {};
}

/**
 * Java's `HashMap` iteration order, for messages Connect builds from `Map.toString()` of a copied map
 * (`new HashMap<>(config)`), e.g. `Connector config {name=x, topic=t} contains no connector type`.
 * Clients match such messages, so the keys come out in the order Connect prints them.
 */

/** `String.hashCode()`: 31-based polynomial over UTF-16 code units, 32-bit overflow. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The keys in the order a `HashMap` iterates them: by bucket (spread hash masked by the table size),
 * insertion order within a bucket. `copy` (the default) sizes the table as `new HashMap<>(map)` does;
 * otherwise as a default `HashMap` filled one key at a time (16 buckets, doubling past 3/4 full).
 */
export function javaHashMapOrder(keys: readonly string[], options: { readonly copy?: boolean } = {}): string[] {
  const capacity =
    options.copy === false ? grownCapacity(keys.length) : tableSizeFor(Math.floor(Math.fround(keys.length / 0.75) + 1));
  const bucket = (key: string): number => {
    const h = javaStringHash(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, index) => ({ key, index, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.key);
}

/** `Map.toString()` of such a copy: `{k1=v1, k2=v2}`, null values as `null`. */
export function javaHashMapString(map: Readonly<Record<string, unknown>>): string {
  const entries = javaHashMapOrder(Object.keys(map)).map(
    (k) => `${k}=${map[k] === null || map[k] === undefined ? 'null' : String(map[k])}`,
  );
  return `{${entries.join(', ')}}`;
}

function grownCapacity(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** The smallest power of two at least `n` (Java's `HashMap.tableSizeFor`), at least 1. */
function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n && size < 1 << 30) size <<= 1;
  return size;
}

/**
 * A small cache of loaded values with a time to live. It keeps the pending promise, so concurrent
 * readers of one key share one load; a failed load is forgotten at once, so the next read retries.
 */
export interface TtlCacheOptions {
  /** How long a loaded value is served before it is loaded again. */
  readonly ttlMs: number;
  /** Entries kept at most; the oldest is dropped first. */
  readonly maxEntries?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: Promise<V>;
  readonly loadedAt: number;
}

const DEFAULT_MAX_ENTRIES = 256;

export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: TtlCacheOptions) {
    if (!(options.ttlMs >= 0)) throw new RangeError(`ttlMs must be >= 0, got ${options.ttlMs}`);
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  /** The cached value of `key`, or the result of `load()` (then cached) when absent or expired. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.loadedAt < this.#ttlMs) return entry.value;
    this.#entries.delete(key);
    const value = load();
    this.#entries.set(key, { value, loadedAt: now });
    this.#evictOverflow();
    // Forget failures (only if this very load is still the entry), so a later read tries again.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  /** Drops every entry (e.g. after a credentials rotation is known to have happened). */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #evictOverflow(): void {
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }
}

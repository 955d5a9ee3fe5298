/**
 * The bridge between synchronous converters and an asynchronous registry: a bounded cache of lookups whose
 * `get` returns a cached value synchronously, or starts the lookup and throws the API's `PendingIoError`
 * (the worker awaits it and calls the converter again). A failed lookup is remembered only for the next
 * call, which throws it, so the record meets the connector's error handling; an outage (a retriable
 * failure) is not remembered at all: the worker ends the slice, and the next slice asks again.
 */
import { ConnectError, PendingIoError } from 'lambda-connect/api';

interface Entry<V> {
  value?: V;
  failure?: unknown;
  pending?: Promise<unknown>;
  /** Epoch ms after which the value is looked up again. */
  expires: number;
}

export class SyncLookup<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Lookups started (cache misses): the bench reports them. */
  loads = 0;

  /** `capacity`: entries kept (the oldest goes first); `ttlMs`: -1 keeps values for good. */
  constructor(
    private readonly capacity: number,
    private readonly ttlMs = -1,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value for `key`, else starts `load` and throws `PendingIoError` naming `what`. */
  get(key: string, what: string, load: () => Promise<V>): V {
    const entry = this.entries.get(key);
    if (entry?.value !== undefined && (entry.expires < 0 || entry.expires > this.now())) return entry.value;
    if (entry?.failure !== undefined) {
      this.entries.delete(key);
      throw entry.failure;
    }
    if (entry?.pending !== undefined) throw new PendingIoError(entry.pending, what);
    return this.start(key, what, load);
  }

  /** Forgets every entry (tests; a converter reconfigured against another registry keeps its own lookups). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private start(key: string, what: string, load: () => Promise<V>): never {
    this.loads++;
    const entry: Entry<V> = { expires: -1 };
    entry.pending = load().then(
      (value) => {
        entry.value = value;
        entry.expires = this.ttlMs < 0 ? -1 : this.now() + this.ttlMs;
        delete entry.pending;
      },
      (failure: unknown) => {
        if (failure instanceof ConnectError && failure.retriable) this.entries.delete(key);
        else entry.failure = failure;
        delete entry.pending;
        throw failure;
      },
    );
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict();
    throw new PendingIoError(entry.pending, what);
  }

  private evict(): void {
    while (this.entries.size > Math.max(this.capacity, 1)) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) return;
      this.entries.delete(oldest.value);
    }
  }
}

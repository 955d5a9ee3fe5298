/** An in-memory {@link Bucket} for unit tests: objects by key, listed in key order as S3 lists them. */
import { NotFoundError } from 'lambda-connect/api';
import type { Bucket, Listing } from './bucket.js';

export class MemoryBucket implements Bucket {
  readonly objects = new Map<string, Uint8Array>();
  /** Counts of calls, for tests that check how often the source lists or reads. */
  readonly calls = { list: 0, read: 0 };
  /** Chunk size of `read`: small chunks exercise line splitting across chunk boundaries. */
  chunkSize = 7;

  put(key: string, body: Uint8Array | string): this {
    this.objects.set(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
    return this;
  }

  async list(prefix: string, delimiter?: string): Promise<Listing> {
    this.calls.list++;
    const keys: string[] = [];
    const prefixes = new Set<string>();
    for (const key of [...this.objects.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const cut = delimiter === undefined ? -1 : key.indexOf(delimiter, prefix.length);
      if (cut === -1) keys.push(key);
      else prefixes.add(key.slice(0, cut + (delimiter as string).length));
    }
    return { keys, prefixes: [...prefixes] };
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    this.calls.read++;
    const body = this.objects.get(key);
    if (body === undefined) throw new NotFoundError(`The object ${key} does not exist`);
    const size = this.chunkSize;
    return (async function* chunks() {
      for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
    })();
  }

  close(): void {}
}

/**
 * The port the source reads S3 through: listing and streaming objects. The S3 adapter
 * (`s3-bucket.ts`) is the default; the memory adapter (`memory-bucket.ts`) serves unit tests.
 */

/** What a listing returns: object keys and, with a delimiter, the common prefixes ("folders"). */
export interface Listing {
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

export interface Bucket {
  /** Every key (all pages) under `prefix`; with `delimiter`, keys below a further delimiter come back as prefixes. */
  list(prefix: string, delimiter?: string): Promise<Listing>;
  /** The object's bytes, streamed in chunks. Throws `NotFoundError` when it does not exist. */
  read(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Releases connections. */
  close(): void;
}

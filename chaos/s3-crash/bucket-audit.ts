/**
 * What the crash run checks in S3: every object's ETag as it is seen during the run (an object rewritten
 * with other contents under the same key changes it), and at the end each bucket against what the sink
 * must have written: no key missing or extra, no contents different, no record twice.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { idOfLine } from './layout.js';

export interface BucketListing {
  readonly keys: string[];
  readonly etags: Map<string, string>;
}

export async function listBucket(s3: S3Client, bucket: string): Promise<BucketListing> {
  const etags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key !== undefined) etags.set(o.Key, o.ETag ?? '');
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return { keys: [...etags.keys()].sort(), etags };
}

export async function readBody(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(
    await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
  return key.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** Remembers the first ETag of every key; counts keys later seen with another one. */
export class EtagWatch {
  readonly #first = new Map<string, string>();
  readonly changed = new Set<string>();
  observations = 0;

  async observe(s3: S3Client, buckets: readonly string[]): Promise<void> {
    for (const bucket of buckets) {
      const { etags } = await listBucket(s3, bucket);
      for (const [key, etag] of etags) {
        const id = `${bucket}/${key}`;
        const first = this.#first.get(id);
        if (first === undefined) this.#first.set(id, etag);
        else if (first !== etag) this.changed.add(id);
      }
    }
    this.observations++;
  }
}

export interface LayoutAudit {
  readonly objects: number;
  readonly missing: string[];
  readonly extra: string[];
  readonly differing: string[];
  /** Value lines beyond one per record. */
  readonly duplicates: number;
  readonly recordsMissing: number;
}

/** A DefaultPartitioner bucket against the exact layout expected. */
export async function auditExactLayout(
  s3: S3Client,
  bucket: string,
  expected: ReadonlyMap<string, Buffer>,
  records: number,
): Promise<LayoutAudit> {
  const { keys } = await listBucket(s3, bucket);
  const present = new Set(keys);
  const missing = [...expected.keys()].filter((k) => !present.has(k));
  const extra = keys.filter((k) => !expected.has(k));
  const differing: string[] = [];
  const seen = new Map<number, number>();
  for (const key of keys) {
    const body = await readBody(s3, bucket, key);
    const want = expected.get(key);
    if (want !== undefined && !body.equals(want)) differing.push(key);
    if (!/\.(keys|headers)\.json/.test(key)) countIds(body, seen);
  }
  return { objects: keys.length, missing, extra, differing, ...duplicatesOf(seen, records) };
}

/** A FieldPartitioner bucket: keys are not predicted here; every record must be in exactly one value line. */
export async function auditRecordsOnce(s3: S3Client, bucket: string, records: number): Promise<LayoutAudit> {
  const { keys } = await listBucket(s3, bucket);
  const seen = new Map<number, number>();
  for (const key of keys) if (!/\.(keys|headers)\.json/.test(key)) countIds(await readBody(s3, bucket, key), seen);
  return { objects: keys.length, missing: [], extra: [], differing: [], ...duplicatesOf(seen, records) };
}

function countIds(body: Buffer, seen: Map<number, number>): void {
  for (const line of body.toString('utf8').split('\n')) {
    if (line === '') continue;
    const id = idOfLine(line);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
}

function duplicatesOf(
  seen: ReadonlyMap<number, number>,
  records: number,
): { duplicates: number; recordsMissing: number } {
  let duplicates = 0;
  for (const count of seen.values()) duplicates += count - 1;
  let recordsMissing = 0;
  for (let id = 0; id < records; id++) if (!seen.has(id)) recordsMissing++;
  return { duplicates, recordsMissing };
}

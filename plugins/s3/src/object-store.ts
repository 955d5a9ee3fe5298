/**
 * Where finished objects go: a port with the S3 adapter (multipart through `@aws-sdk/lib-storage` once an
 * object outgrows `s3.part.size`) and a memory adapter for unit tests. Failures are sorted here: an
 * outage or throttling is a `RetriableError` (the framework delivers the batch again), a wrong bucket or
 * missing permission a `ConnectError` that names the fix.
 */
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConnectError, createAwsClient, RetriableError, type TaskRuntimeContext } from 'lambda-connect/api';
import type { S3SinkConfig } from './s3-sink-config.js';

export interface ObjectStore {
  /** Writes (or overwrites: keys are deterministic) one whole object. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  close(): void;
}

/** Unit tests' store: objects in a map, every write counted. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  puts = 0;

  put(key: string, body: Buffer, _contentType?: string): Promise<void> {
    this.puts++;
    this.objects.set(key, body);
    return Promise.resolve();
  }

  close(): void {}
}

const RETRIABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'InternalError',
  'ServiceUnavailable',
]);

/** A `RetriableError` for outages (5xx, throttling, network), a `ConnectError` for the user's faults (4xx). */
export function classifyS3Error(error: unknown, bucket: string, key: string): ConnectError {
  const where = `s3://${bucket}/${key}`;
  // Any answer from a server (S3's exceptions, an IAM refusal) carries its status; no status means no answer.
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (error instanceof Error && status !== undefined) {
    if (status >= 500 || status === 429 || RETRIABLE_CODES.has(error.name))
      return new RetriableError(`S3 is unavailable writing ${where}: ${error.name} (${status})`, { cause: error });
    if (error.name === 'NoSuchBucket')
      return new ConnectError(`The bucket in s3.bucket.name does not exist: ${bucket}`, { cause: error });
    if (status === 403)
      return new ConnectError(
        `Access denied writing ${where}: grant the task runner s3:PutObject on the bucket and prefix (docs/deploy.md)`,
        { cause: error },
      );
    return new ConnectError(`S3 refused ${where}: ${error.name} (${status}): ${error.message}`, { cause: error });
  }
  if (error instanceof S3ServiceException)
    return new RetriableError(`S3 failed writing ${where}: ${error.name}`, { cause: error });
  // No S3 answer at all: the network, DNS or a timeout.
  return new RetriableError(
    `S3 could not be reached writing ${where}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

/**
 * A part upload is one request: 30 s of socket silence, not the runtime's 5 s, before it counts as a
 * failed attempt (a slow S3-compatible server under load still answers).
 */
const S3_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The S3 client of a config, built through the task's context (the runtime's timeouts and, locally, its
 * IAM check): the default credential chain (the function's role), `store.url` for S3-compatible servers.
 */
export function createS3Client(config: S3SinkConfig, context?: TaskRuntimeContext): S3Client {
  return createAwsClient(
    context,
    (defaults) =>
      new S3Client({
        ...defaults,
        ...(defaults.requestHandler === undefined
          ? {}
          : { requestHandler: { ...defaults.requestHandler, requestTimeout: S3_REQUEST_TIMEOUT_MS } }),
        region: config.region,
        ...(config.storeUrl === null ? {} : { endpoint: config.storeUrl, forcePathStyle: config.pathStyle }),
        // The SDK's own retries ride out short blips; longer outages surface as RetriableError.
        maxAttempts: 3,
      }),
  );
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly partSize: number,
  ) {}

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    try {
      // Upload sends a single PutObject below partSize, else a multipart upload (aborted on failure).
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
        partSize: this.partSize,
        queueSize: 4,
        leavePartsOnError: false,
      });
      await upload.done();
    } catch (error) {
      throw classifyS3Error(error, this.bucket, key);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

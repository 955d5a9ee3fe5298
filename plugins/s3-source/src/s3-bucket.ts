/**
 * The {@link Bucket} port on AWS SDK v3's S3 client. Errors become the API's: throttling, 5xx and dropped
 * connections are `RetriableError` (the framework retries and the task does not fail for an outage); a
 * missing object is `NotFoundError`; anything else (no such bucket, access denied) a `ConnectError` that
 * names the bucket and the key.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import {
  ConnectError,
  createAwsClient,
  NotFoundError,
  RetriableError,
  type TaskRuntimeContext,
} from 'lambda-connect/api';
import type { Bucket, Listing } from './bucket.js';
import type { S3SourceConfig } from './s3-source-config.js';

/**
 * Socket silence allowed per request, beyond the runtime's 5 s: a listing or a large object from a slow
 * S3-compatible server under load; a hung endpoint still surfaces as a retriable error within a slice.
 */
const REQUEST_TIMEOUT_MS = 30_000;

export class S3Bucket implements Bucket {
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: S3ClientConfig,
    context?: TaskRuntimeContext,
  ) {
    // Through the task's context: the runtime's timeouts and, in the local stack, its IAM check.
    this.client = createAwsClient(
      context,
      (defaults) =>
        new S3Client({
          ...defaults,
          ...(defaults.requestHandler === undefined
            ? {}
            : { requestHandler: { ...defaults.requestHandler, requestTimeout: REQUEST_TIMEOUT_MS } }),
          ...options,
        }),
    );
  }

  /** The client options a connector config asks for: region, endpoint, path style, explicit keys. */
  static fromConfig(config: S3SourceConfig, context?: TaskRuntimeContext): S3Bucket {
    const options: S3ClientConfig = {
      region: config.region,
      maxAttempts: 3,
    };
    if (config.storeUrl !== null) {
      options.endpoint = config.storeUrl;
      options.forcePathStyle = config.pathStyle;
    }
    if (config.accessKeyId !== null && config.secretAccessKey !== null) {
      options.credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey };
    }
    return new S3Bucket(config.bucket, options, context);
  }

  async list(prefix: string, delimiter?: string): Promise<Listing> {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`list ${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            Delimiter: delimiter,
            ContinuationToken: token,
          }),
        ),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      for (const common of page.CommonPrefixes ?? []) if (common.Prefix !== undefined) prefixes.push(common.Prefix);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return { keys, prefixes };
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.call(`read ${key}`, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    const body = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (body === undefined) throw new ConnectError(`S3 returned no body for s3://${this.bucket}/${key}`);
    return this.guarded(key, body);
  }

  close(): void {
    this.client.destroy();
  }

  /** The body's chunks, with a dropped connection mid-stream turned into a retriable error. */
  private async *guarded(key: string, body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    try {
      yield* body;
    } catch (error) {
      throw new RetriableError(`Reading s3://${this.bucket}/${key} failed: ${message(error)}`, { cause: error });
    }
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translate(error, `S3 ${what} in bucket ${this.bucket}`);
    }
  }
}

interface SdkError {
  readonly name?: string;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Maps an SDK failure to the API's error classes (see the module comment). */
export function translate(error: unknown, what: string): ConnectError {
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const status = sdk.$metadata?.httpStatusCode;
  const text = `${what} failed: ${sdk.name ?? 'Error'}: ${message(error)}`;
  // A bug (a TypeError from our own code or the SDK's) is never retried.
  if (error instanceof TypeError) return new ConnectError(text, { cause: error });
  if (sdk.name === 'NoSuchKey' || (status === 404 && sdk.name !== 'NoSuchBucket'))
    return new NotFoundError(text, { cause: error });
  if (
    sdk.$retryable !== undefined ||
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    sdk.name === 'SlowDown'
  ) {
    return new RetriableError(text, { cause: error });
  }
  return new ConnectError(text, { cause: error });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

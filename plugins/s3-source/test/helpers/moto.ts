/**
 * An S3-compatible server for integration tests and the bench: moto in server mode, started by PID and
 * stopped by handle (also on failure), with a client and helpers to fill a bucket as the S3 sink would.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startMotoServer, type MotoServer } from '../../../../local/moto/index.js';

/** Dummy credentials: moto accepts any; they also exercise the connector's explicit-key path. */
export const MOTO_CREDENTIALS = { accessKeyId: 'moto-test', secretAccessKey: 'moto-test-secret' } as const;
export const MOTO_REGION = 'us-east-1';

export interface MotoS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  /** The connector settings that point the S3 source at this server. */
  connectorConfig(bucket: string): Record<string, string>;
  createBucket(name: string): Promise<void>;
  /** Uploads the objects, a few at a time. */
  putObjects(bucket: string, objects: ReadonlyMap<string, Uint8Array>): Promise<void>;
  close(): Promise<void>;
}

export async function startMotoS3(): Promise<MotoS3> {
  const server: MotoServer = await startMotoServer();
  const client = new S3Client({
    endpoint: server.endpoint,
    region: MOTO_REGION,
    forcePathStyle: true,
    credentials: MOTO_CREDENTIALS,
  });
  return {
    endpoint: server.endpoint,
    client,
    connectorConfig: (bucket) => ({
      's3.bucket.name': bucket,
      's3.region': MOTO_REGION,
      'store.url': server.endpoint,
      'aws.access.key.id': MOTO_CREDENTIALS.accessKeyId,
      'aws.secret.access.key': MOTO_CREDENTIALS.secretAccessKey,
    }),
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    putObjects: async (bucket, objects) => {
      const entries = [...objects];
      const worker = async (): Promise<void> => {
        for (let entry = entries.shift(); entry !== undefined; entry = entries.shift()) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: entry[0], Body: entry[1] }));
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    },
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

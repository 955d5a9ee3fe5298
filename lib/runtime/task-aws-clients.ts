/**
 * The AWS client settings the runtime lends to tasks (`context.awsClient`, decision 0028): the same
 * timeouts as its own clients, and the same instrumentation (the local stack's IAM check), with the
 * service a client talks to read from the client itself.
 */
import type { AwsSdkClient } from '../api/index.js';
import type { AwsClientSettings } from '../worker/slice-context.js';
import type { SdkHttpTimeouts } from './sdk-timeouts.js';

/**
 * The AWS services the runtime's SDK clients talk to, as IAM's action prefix; tasks' clients
 * (`context.awsClient`) may name others (their lowercased service id).
 */
export type SdkService = 'dynamodb' | 'lambda' | 'secretsmanager' | 'ssm' | 's3' | (string & {});

/**
 * Called with every SDK client the runtime builds, before its first command (the local stack adds
 * its IAM check this way). Never set on Lambda.
 */
export type ClientInstrumentation = (client: { readonly middlewareStack: unknown }, service: SdkService) => void;

/** SDK service ids whose IAM prefix is not simply the id in lower case without spaces. */
const IAM_PREFIXES: Readonly<Record<string, SdkService>> = { 'Secrets Manager': 'secretsmanager' };

/** The IAM action prefix of a client's service (`S3` → `s3`, `DynamoDB` → `dynamodb`). */
export function sdkServiceOf(client: AwsSdkClient): SdkService {
  const id = (client.config as { serviceId?: unknown } | null)?.serviceId;
  if (typeof id !== 'string')
    throw new TypeError(
      'context.awsClient: the factory did not return an AWS SDK v3 client (its config has no serviceId)',
    );
  return IAM_PREFIXES[id] ?? id.toLowerCase().replace(/\s+/g, '');
}

export function taskAwsClients(
  timeouts: SdkHttpTimeouts,
  instrument: ClientInstrumentation | undefined,
): AwsClientSettings {
  return {
    defaults: { requestHandler: timeouts },
    instrument: (client) => {
      const service = sdkServiceOf(client);
      instrument?.(client, service);
    },
  };
}

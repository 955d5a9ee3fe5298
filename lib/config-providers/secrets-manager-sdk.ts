/**
 * {@link SecretsManagerPort} over `@aws-sdk/client-secrets-manager`. The client is created on first use,
 * so a function whose configs hold no `${secretsmanager:...}` never builds one. The SDK exports are
 * imported statically so the bundler keeps only them (see ssm-sdk.ts).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigValueError, ReferenceFailure } from './errors.js';
import type { SecretsManagerPort } from './ports.js';
import { toConfigValueError, type SdkErrorTable } from './sdk-errors.js';

export interface SdkClientOptions {
  /** Default: the SDK's own resolution (`AWS_REGION` in Lambda). */
  readonly region?: string;
  /** Endpoint override (local emulators, tests). */
  readonly endpoint?: string;
  /** Default: the SDK's credential chain (the function's role in Lambda). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Attempts per call including the first; default the SDK's (3). */
  readonly maxAttempts?: number;
  /** Called with each client built, before its first command (the local stack's IAM check). */
  readonly instrument?: (client: { readonly middlewareStack: unknown }, service: 'secretsmanager' | 'ssm') => void;
  /** Node HTTP handler options (connection and request timeouts); default the SDK's (none). */
  readonly requestHandler?: {
    readonly connectionTimeout?: number;
    readonly requestTimeout?: number;
    readonly throwOnRequestTimeout?: boolean;
  };
}

interface Loaded {
  readonly client: SecretsManagerClient;
  readonly Command: typeof GetSecretValueCommand;
}

function errorTable(secretId: string): SdkErrorTable {
  const subject = `secret "${secretId}"`;
  return {
    ResourceNotFoundException: {
      failure: ReferenceFailure.NOT_FOUND,
      message: `${subject} was not found in AWS Secrets Manager`,
    },
    AccessDeniedException: {
      failure: ReferenceFailure.ACCESS_DENIED,
      message: `reading ${subject} was denied; list its ARN in the deployment's secretArns`,
    },
    DecryptionFailure: {
      failure: ReferenceFailure.ACCESS_DENIED,
      message: `${subject} could not be decrypted; grant kms:Decrypt on its key`,
    },
    InvalidParameterException: {
      failure: ReferenceFailure.INVALID_REFERENCE,
      message: `"${secretId}" is not a valid secret id`,
    },
  };
}

export function createSdkSecretsManagerPort(options: SdkClientOptions = {}): SecretsManagerPort {
  const { instrument, ...clientOptions } = options;
  let loaded: Loaded | undefined;
  const load = (): Loaded => {
    const client = new SecretsManagerClient({ ...clientOptions });
    instrument?.(client, 'secretsmanager');
    return { client, Command: GetSecretValueCommand };
  };
  return {
    async getSecretString(secretId) {
      const { client, Command } = (loaded ??= load());
      let secretString: string | undefined;
      try {
        ({ SecretString: secretString } = await client.send(new Command({ SecretId: secretId })));
      } catch (error) {
        throw toConfigValueError(error, errorTable(secretId), `secret "${secretId}"`);
      }
      if (secretString === undefined) {
        throw new ConfigValueError(
          ReferenceFailure.UNUSABLE_VALUE,
          `secret "${secretId}" has no string value (binary secrets are not supported)`,
        );
      }
      return secretString;
    },
  };
}

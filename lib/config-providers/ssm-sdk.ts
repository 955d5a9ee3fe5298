/**
 * {@link SsmPort} over `@aws-sdk/client-ssm`. The client is created on first use, so a function whose
 * configs hold no `${ssm:...}` never builds one. SecureString parameters are decrypted.
 *
 * The two SDK exports are imported statically: the bundler then keeps only them and what they use. A
 * dynamic `import()` made esbuild wrap the package for lazy evaluation, and a wrapped module keeps every
 * statement of the modules it re-exports (SSM's aggregated client with all 140-odd commands and their
 * schemas): 113 KB of the task runner's bundle (decision 0032).
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigValueError, ReferenceFailure } from './errors.js';
import type { SsmPort } from './ports.js';
import type { SdkClientOptions } from './secrets-manager-sdk.js';
import { toConfigValueError, type SdkErrorTable } from './sdk-errors.js';

interface Loaded {
  readonly client: SSMClient;
  readonly Command: typeof GetParameterCommand;
}

function errorTable(name: string): SdkErrorTable {
  const subject = `parameter "${name}"`;
  const notFound = { failure: ReferenceFailure.NOT_FOUND, message: `${subject} was not found in SSM Parameter Store` };
  return {
    ParameterNotFound: notFound,
    ParameterVersionNotFound: notFound,
    AccessDeniedException: {
      failure: ReferenceFailure.ACCESS_DENIED,
      message: `reading ${subject} was denied; list its ARN in the deployment's parameterArns`,
    },
    InvalidKeyId: {
      failure: ReferenceFailure.ACCESS_DENIED,
      message: `${subject} could not be decrypted; grant kms:Decrypt on its key`,
    },
    ValidationException: {
      failure: ReferenceFailure.INVALID_REFERENCE,
      message: `"${name}" is not a valid parameter name`,
    },
  };
}

export function createSdkSsmPort(options: SdkClientOptions = {}): SsmPort {
  const { instrument, ...clientOptions } = options;
  let loaded: Loaded | undefined;
  const load = (): Loaded => {
    const client = new SSMClient({ ...clientOptions });
    instrument?.(client, 'ssm');
    return { client, Command: GetParameterCommand };
  };
  return {
    async getParameter(name) {
      const { client, Command } = (loaded ??= load());
      let value: string | undefined;
      try {
        const output = await client.send(new Command({ Name: name, WithDecryption: true }));
        value = output.Parameter?.Value;
      } catch (error) {
        throw toConfigValueError(error, errorTable(name), `parameter "${name}"`);
      }
      if (value === undefined) {
        throw new ConfigValueError(ReferenceFailure.UNUSABLE_VALUE, `parameter "${name}" has no value`);
      }
      return value;
    },
  };
}

/**
 * The two exports of `@aws-sdk/client-ssm` the SSM provider uses, re-exported statically so the bundler
 * keeps only them: a dynamic import of the SDK package itself keeps its whole namespace (every command
 * of SSM's 140-odd, 226 KB of the task runner's bundle).
 */
export { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

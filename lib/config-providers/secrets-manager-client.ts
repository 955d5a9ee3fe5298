/**
 * The two exports of `@aws-sdk/client-secrets-manager` the provider uses, re-exported statically so the
 * bundler keeps only them (a dynamic import of the package keeps every command; see ssm-client.ts).
 */
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

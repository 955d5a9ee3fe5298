/**
 * The two AWS services behind the providers, as ports. The SDK adapters implement them; unit tests use
 * memory ones. Both throw {@link ConfigValueError} for every failure, so the resolver needs no SDK
 * knowledge.
 */

/** Reads secrets from AWS Secrets Manager. */
export interface SecretsManagerPort {
  /**
   * The `SecretString` of the current version of `secretId` (a name or an ARN).
   * @throws ConfigValueError when missing, not readable, binary, or the service is unavailable.
   */
  getSecretString(secretId: string): Promise<string>;
}

/** Reads parameters from AWS Systems Manager Parameter Store. */
export interface SsmPort {
  /**
   * The decrypted value of `name` (a name, an ARN, or either with a `:version` / `:label` selector).
   * @throws ConfigValueError when missing, not readable, or the service is unavailable.
   */
  getParameter(name: string): Promise<string>;
}

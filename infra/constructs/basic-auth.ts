/**
 * Credentials for HTTP basic auth on the REST API, for the Connect tools that only speak basic auth.
 * The secret holds `{"username": ..., "password": ...}`; the authorizer reads it at run time.
 */
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export const DEFAULT_BASIC_AUTH_USERNAME = 'connect';

/** A secret with username `connect` and a generated 32-character password (no punctuation, easy to type in curl). */
export function createBasicAuthCredentials(scope: Construct, id: string): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description: 'lambda-connect REST API basic-auth credentials {"username","password"}',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: DEFAULT_BASIC_AUTH_USERNAME }),
      generateStringKey: 'password',
      excludePunctuation: true,
      passwordLength: 32,
    },
  });
}

/**
 * Lambda token authorizer for HTTP basic auth on the REST API. The credentials are a Secrets Manager
 * secret (ARN in `LC_BASIC_AUTH_SECRET_ARN`), re-read at most once a minute so a rotation applies soon.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { Env, requireEnv } from '../../lib/config/env.js';
import { createSdkSecretsManagerPort, TtlCache, type SecretsManagerPort } from '../../lib/config-providers/index.js';
import { createLogger, type Log } from '../../lib/runtime/logger.js';
import { DEFAULT_SDK_TIMEOUTS } from '../../lib/runtime/sdk-timeouts.js';
import {
  allowPolicy,
  credentialsMatch,
  parseBasicAuthorization,
  parseCredentialsSecret,
  UNAUTHORIZED,
  type BasicCredentials,
} from './basic-auth.js';

export interface AuthorizerDeps {
  readonly secretArn: string;
  readonly secrets: SecretsManagerPort;
  readonly log: Log;
  readonly cacheTtlMs?: number;
}

export type Authorizer = (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

export function makeAuthorizer(deps: AuthorizerDeps): Authorizer {
  const cache = new TtlCache<BasicCredentials>({ ttlMs: deps.cacheTtlMs ?? 60_000 });
  const expected = () =>
    cache.get(deps.secretArn, async () => parseCredentialsSecret(await deps.secrets.getSecretString(deps.secretArn)));
  return async (event) => {
    const given = parseBasicAuthorization(event.authorizationToken);
    if (given === undefined) throw new Error(UNAUTHORIZED);
    if (!credentialsMatch(await expected(), given)) {
      deps.log.warn('Basic auth rejected', { username: given.username });
      throw new Error(UNAUTHORIZED);
    }
    return allowPolicy(event.methodArn, given.username);
  };
}

const { log } = createLogger('basic-auth-authorizer');
let authorize: Authorizer | undefined;

export const handler = (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  authorize ??= makeAuthorizer({
    secretArn: requireEnv(Env.BASIC_AUTH_SECRET_ARN),
    secrets: createSdkSecretsManagerPort({ requestHandler: DEFAULT_SDK_TIMEOUTS }),
    log,
  });
  return authorize(event);
};

/**
 * HTTP basic auth for the REST API's Lambda authorizer: parse the header, compare in constant time,
 * build the policy. Pure functions; the handler adds the secret lookup.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** `Basic base64(user:pass)` → credentials; undefined for anything else. The password may hold ':'. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Parses the secret `{"username": ..., "password": ...}`; throws naming what is wrong, never the values. */
export function parseCredentialsSecret(secretString: string): BasicCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch (error) {
    throw new Error('The basic-auth secret is not JSON; expected {"username": ..., "password": ...}', { cause: error });
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
    throw new Error('The basic-auth secret needs non-empty string fields "username" and "password"');
  }
  return { username, password };
}

/** Compares both fields in time independent of where they differ (digests have equal length). */
export function credentialsMatch(expected: BasicCredentials, given: BasicCredentials): boolean {
  const digest = (c: BasicCredentials) => createHash('sha256').update(`${c.username}\u0000${c.password}`).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * Allows every method of the stage, not just the one called: API Gateway caches the decision per
 * Authorization header and reuses it for other routes.
 */
export function allowPolicy(methodArn: string, principalId: string): APIGatewayAuthorizerResult {
  // arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path...>
  const [apiArn, stage] = methodArn.split('/');
  if (apiArn === undefined || stage === undefined) throw new Error(`Unexpected methodArn ${methodArn}`);
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${apiArn}/${stage}/*` }],
    },
    context: { username: principalId },
  };
}

/** API Gateway turns exactly this error message into a 401 with the WWW-Authenticate challenge. */
export const UNAUTHORIZED = 'Unauthorized';

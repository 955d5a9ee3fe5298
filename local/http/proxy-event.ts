/**
 * Builds the API Gateway REST API (v1) Lambda proxy event for one HTTP request, as the deployed API
 * (`ANY /` and `ANY /{proxy+}` with Lambda proxy integration) hands it to the REST handler.
 *
 * Encoding, as API Gateway REST APIs deliver it. The AWS developer guide does not state it; the facts
 * below come from live captures of REST API proxy events (published as test fixtures of
 * github.com/hotsock/voker, `vokerhttp/testdata/apigwv1-request.json` and `ingress-paths.json`):
 * - `path` is the request path exactly as sent, still percent-encoded (`/capture/space%20value`,
 *   `%2F` stays `%2F`, `%25` stays `%25`). It is NOT decoded.
 * - `pathParameters.proxy` is that same raw path without its leading `/` (also NOT decoded).
 *   So the REST handler must split the path on `/` and decode each segment itself; decoding first
 *   would turn a connector named `a/b` (sent as `a%2Fb`) into two segments.
 * - `queryStringParameters` / `multiValueQueryStringParameters` ARE decoded, form-style: `+` becomes
 *   a space and `%2B` a plus; repeated keys keep every value in order in the multi-value map, and the
 *   single-value map holds the last one.
 * - `headers` keeps the header names as the client spelled them, with the last value of a repeated
 *   header; `multiValueHeaders` has every value.
 * (HTTP APIs, payload v2, decode the path instead; that is not what the product deploys.)
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../lambda/lambda-context.js';

/** The resource the catch-all route has; requests to `/` hit the root resource instead. */
export const PROXY_RESOURCE = '/{proxy+}';

export interface ProxyRequest {
  readonly method: string;
  /** The request target as received: raw path plus optional `?query`. */
  readonly url: string;
  /** Node's `rawHeaders`: names as sent, alternating name and value. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer | null;
  readonly sourceIp: string;
  /** `1.1`, as in `HTTP/1.1`. */
  readonly httpVersion: string;
  /** Port the adapter listens on (for `X-Forwarded-Port`). */
  readonly localPort: number;
}

export interface ProxyEventOptions {
  readonly stage: string;
  readonly requestId: string;
  readonly apiId: string;
  readonly now: Date;
}

/** Builds the event. The body is passed as UTF-8 text (`isBase64Encoded: false`): no binary media types. */
export function buildProxyEvent(request: ProxyRequest, options: ProxyEventOptions): APIGatewayProxyEvent {
  const { path, query } = splitTarget(request.url);
  const isRoot = path === '/';
  const queries = parseQuery(query);
  const headers = collectHeaders(request);
  const host = headers.single['Host'] ?? headers.single['host'];
  return {
    resource: isRoot ? '/' : PROXY_RESOURCE,
    path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: queries.single,
    multiValueQueryStringParameters: queries.multi,
    pathParameters: isRoot ? null : { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: options.apiId,
      authorizer: undefined,
      domainName: host,
      domainPrefix: host?.split('.')[0],
      extendedRequestId: options.requestId,
      httpMethod: request.method,
      identity: localIdentity(request.sourceIp, headers.single['User-Agent'] ?? headers.single['user-agent'] ?? null),
      path: `/${options.stage}${path}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId: options.requestId,
      requestTime: formatRequestTime(options.now),
      requestTimeEpoch: options.now.getTime(),
      resourceId: 'local',
      resourcePath: isRoot ? '/' : PROXY_RESOURCE,
      stage: options.stage,
    },
    body: request.body === null || request.body.length === 0 ? null : request.body.toString('utf8'),
    isBase64Encoded: false,
  };
}

function splitTarget(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  return { path: rawPath === '' ? '/' : rawPath, query: mark === -1 ? '' : url.slice(mark + 1) };
}

type Single = Record<string, string>;
type Multi = Record<string, string[]>;

/**
 * Maps keyed by request input (query and header names) have no prototype: `constructor`, `__proto__`
 * or `toString` are ordinary keys there (issue 10, item 11).
 */
function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Form-style decoding of a query string; both maps are `null` when there is no parameter, as on AWS. */
export function parseQuery(query: string): { single: Single | null; multi: Multi | null } {
  const multi: Multi = emptyMap();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeFormComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeFormComponent(part.slice(eq + 1));
    (multi[key] ??= []).push(value);
  }
  const keys = Object.keys(multi);
  if (keys.length === 0) return { single: null, multi: null };
  const single: Single = emptyMap();
  for (const key of keys) single[key] = (multi[key] as string[]).at(-1) as string;
  return { single, multi };
}

function decodeFormComponent(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape (`%zz`) is passed through rather than failing the whole request.
    return spaced;
  }
}

/**
 * Groups headers case-insensitively under the first spelling seen, adding what API Gateway adds in
 * front of the integration (`X-Forwarded-*`) unless the client sent it.
 */
function collectHeaders(request: ProxyRequest): { single: Single; multi: Multi } {
  const multi: Multi = emptyMap();
  const spelling = new Map<string, string>();
  const add = (name: string, value: string): void => {
    const key = spelling.get(name.toLowerCase()) ?? name;
    spelling.set(name.toLowerCase(), key);
    (multi[key] ??= []).push(value);
  };
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    add(request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string);
  }
  if (!spelling.has('x-forwarded-for')) add('X-Forwarded-For', request.sourceIp);
  if (!spelling.has('x-forwarded-proto')) add('X-Forwarded-Proto', 'http');
  if (!spelling.has('x-forwarded-port')) add('X-Forwarded-Port', String(request.localPort));
  const single: Single = emptyMap();
  for (const [key, values] of Object.entries(multi)) single[key] = values.at(-1) as string;
  return { single, multi };
}

function localIdentity(sourceIp: string, userAgent: string | null): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `10/Jul/2026:19:19:04 +0000`, the CLF-style format of `requestContext.requestTime`. */
export function formatRequestTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = pad(date.getUTCDate());
  const month = MONTHS[date.getUTCMonth()] as string;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}/${month}/${date.getUTCFullYear()}:${time} +0000`;
}

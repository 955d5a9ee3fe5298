/**
 * The REST API as one function from an API Gateway proxy event to a response: route, parse, call the
 * herder, map errors. The Lambda handler and the local stack both serve exactly this.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseJsonBody } from './request-body.js';
import { errorBody, errorResponse, type ErrorLog } from './responses.js';
import type { RestServices } from '../../lib/herder/rest-services.js';
import { connectRoutes } from './routes.js';
import { JaxRsError, type Request } from './router.js';

export interface RestApiOptions {
  /** `Access-Control-Allow-Origin` for browser UIs; unset: no CORS headers. */
  readonly corsAllowOrigin?: string;
  readonly log: ErrorLog;
}

export type RestApi = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

export function createRestApi(services: RestServices, options: RestApiOptions): RestApi {
  const router = connectRoutes(services, baseUrl);
  return async (event) => {
    const requestId = event.requestContext?.requestId ?? 'local';
    if (event.httpMethod === 'OPTIONS' && options.corsAllowOrigin !== undefined) {
      return withCors({ statusCode: 204, headers: {}, body: '' }, options.corsAllowOrigin, event);
    }
    let response: APIGatewayProxyResult;
    try {
      const { handler, params } = router.match(event.httpMethod, event.path);
      checkContentType(event);
      const request: Request = {
        method: event.httpMethod,
        params,
        query: event.multiValueQueryStringParameters ?? {},
        body: () => parseJsonBody(event.body),
        event,
      };
      response = await handler(request);
    } catch (error) {
      response = errorResponse(error, requestId, options.log);
    }
    return options.corsAllowOrigin === undefined ? response : withCors(response, options.corsAllowOrigin, event);
  };
}

/** Connect's root resource (`/`, `/health`) declares no media type; every other resource consumes JSON. */
const ANY_MEDIA_TYPE_PATHS = new Set(['/', '/health']);
/** What JAX-RS accepts for `@Consumes(APPLICATION_JSON)`: the type itself or a wildcard covering it. */
const JSON_COMPATIBLE = new Set(['application/json', 'application/*', '*/*']);

/**
 * Connect (JAX-RS) answers 415 whenever a request names a media type other than JSON, on any method and
 * with or without a body, once the route and method matched (404 and 405 come first).
 */
function checkContentType(event: APIGatewayProxyEvent): void {
  if (ANY_MEDIA_TYPE_PATHS.has(event.path.replace(/\/+$/, '') || '/')) return;
  const header = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== '' && !JSON_COMPATIBLE.has(mediaType)) throw new JaxRsError(415, 'Unsupported Media Type');
}

/**
 * Where the client reached the API, for `Location`: the host it called (a custom domain or the
 * execute-api host) and the path prefix before the resource path. API Gateway gives the path the client
 * sent as `requestContext.path` (`/connect/connectors` on the execute-api host, with the stage;
 * `/connectors` on a custom domain mapped at its root, `/kc/connectors` under a base path `kc`) and the
 * resource path as `path`; the prefix is what the first has before the second.
 */
function baseUrl(request: Request): string {
  const { event } = request;
  const headers = event.headers ?? {};
  const header = (name: string): string | undefined =>
    Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const host = event.requestContext?.domainName || header('host') || 'localhost';
  const proto = header('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}${pathPrefix(event, host)}`;
}

function pathPrefix(event: APIGatewayProxyEvent, host: string): string {
  // The local adapter serves Connect's paths at the root whatever stage its events name.
  if (host.startsWith('127.0.0.1') || host.startsWith('localhost')) return '';
  const clientPath = event.requestContext?.path;
  if (typeof clientPath === 'string' && clientPath.endsWith(event.path))
    return clientPath.slice(0, clientPath.length - event.path.length).replace(/\/+$/, '');
  // Paths that differ in encoding only: the stage on the execute-api host, nothing on a custom domain.
  const stage = event.requestContext?.stage;
  return stage && stage !== '$default' && /\.execute-api\.[^.]+\.amazonaws\.com/.test(host) ? `/${stage}` : '';
}

function withCors(response: APIGatewayProxyResult, origin: string, event: APIGatewayProxyEvent): APIGatewayProxyResult {
  const requestedHeaders = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'access-control-request-headers',
  )?.[1];
  return {
    ...response,
    headers: {
      ...response.headers,
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': CORS_METHODS,
      'Access-Control-Allow-Headers': requestedHeaders ?? 'Content-Type, Authorization',
    },
  };
}

export { errorBody };

/**
 * The local stand-in for API Gateway: an HTTP server that turns every request into a REST API (v1)
 * Lambda proxy event, calls the REST handler exactly as Lambda would, and writes its result back.
 * The handler is the very function deployed on AWS (docs/architecture.md, decision 2).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { silentLogger, type LocalLogger } from '../logging.js';
import { createLambdaContext, type LambdaHandler } from '../lambda/lambda-context.js';
import { buildProxyEvent } from './proxy-event.js';
import { ENDPOINT_TIMED_OUT, INTERNAL_SERVER_ERROR, toHttpResponse, type HttpResponseParts } from './proxy-response.js';
import { readBody } from './read-body.js';
import { allowedHostSet, refuseHostileRequest } from './request-guard.js';
import { closeServer, httpUrl, listen } from './server-lifecycle.js';

/**
 * Request bodies above this are refused before the handler runs. API Gateway itself takes up to
 * 10 MB, but a synchronous Lambda invocation payload is capped at 6 MB (6,291,456 bytes) and the event
 * wraps the body, so 6 MB is the real ceiling of the deployed API.
 */
export const MAX_REQUEST_BODY_BYTES = 6 * 1024 * 1024;

/** API Gateway's maximum integration timeout for REST APIs (29 s): the handler's time budget. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

export interface ApiGatewayAdapterOptions {
  readonly handler: LambdaHandler<APIGatewayProxyEvent, APIGatewayProxyResult>;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Stage name shown in `requestContext.stage` and `requestContext.path`. Default `local`. */
  readonly stage?: string;
  /** `context.functionName` of the hosted handler. Default `rest-api`. */
  readonly functionName?: string;
  /** Handler budget and integration timeout. Default {@link INTEGRATION_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Default {@link MAX_REQUEST_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  readonly logger?: LocalLogger;
  /**
   * Host names besides localhost, 127.0.0.1 and [::1] that requests may name in `Host` (and `Origin`,
   * for state-changing ones); see request-guard.ts.
   */
  readonly allowedHosts?: readonly string[];
}

/** A running adapter. `close()` stops accepting requests and resolves once in-flight ones are answered. */
export interface ApiGatewayAdapter {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the adapter on `host:port` (default `127.0.0.1`, a free port). */
export async function startApiGatewayAdapter(options: ApiGatewayAdapterOptions): Promise<ApiGatewayAdapter> {
  const host = options.host ?? '127.0.0.1';
  const settings: Settings = {
    handler: options.handler,
    stage: options.stage ?? 'local',
    functionName: options.functionName ?? 'rest-api',
    timeoutMs: options.timeoutMs ?? INTEGRATION_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES,
    logger: options.logger ?? silentLogger,
    allowedHosts: allowedHostSet([
      ...(options.allowedHosts ?? []),
      ...(host === '0.0.0.0' || host === '::' ? [] : [host]),
    ]),
    port: 0,
  };
  const server = createServer((req, res) => {
    handleRequest(settings, req, res).catch((error: unknown) => {
      settings.logger.error('request failed in the adapter itself', { error });
      if (!res.headersSent) writeResponse(res, INTERNAL_SERVER_ERROR, randomUUID());
      else res.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  settings.port = port;
  return { url: httpUrl(host, port), port, close: () => closeServer(server) };
}

interface Settings {
  readonly handler: ApiGatewayAdapterOptions['handler'];
  readonly stage: string;
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly logger: LocalLogger;
  readonly allowedHosts: ReadonlySet<string>;
  port: number;
}

async function handleRequest(settings: Settings, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const read = await readBody(req, settings.maxBodyBytes);
  if (read.kind === 'too-large') {
    writeResponse(res, payloadTooLarge(read.bytes, settings.maxBodyBytes), requestId);
    return;
  }
  const method = req.method ?? 'GET';
  const refused = refuseHostileRequest(
    { method, rawHeaders: req.rawHeaders, bodyBytes: read.body.length },
    settings.allowedHosts,
  );
  if (refused !== null) {
    settings.logger.warn('request refused by the local guard', { requestId, method, status: refused.statusCode });
    writeResponse(res, refused, requestId);
    return;
  }
  const event = buildProxyEvent(
    {
      method,
      url: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body: read.body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      httpVersion: req.httpVersion,
      localPort: settings.port,
    },
    { stage: settings.stage, requestId, apiId: 'local', now: new Date() },
  );
  const response = await invokeHandler(settings, event, requestId);
  writeResponse(res, response, requestId);
}

/** Runs the handler under the integration timeout and maps its outcome as API Gateway does. */
async function invokeHandler(
  settings: Settings,
  event: APIGatewayProxyEvent,
  requestId: string,
): Promise<HttpResponseParts> {
  const context = createLambdaContext({ functionName: settings.functionName, timeoutMs: settings.timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), settings.timeoutMs);
  });
  try {
    const outcome = await Promise.race([settings.handler(event, context), timedOut]);
    if (outcome === 'timeout') {
      settings.logger.warn('handler exceeded the integration timeout', { requestId, timeoutMs: settings.timeoutMs });
      return ENDPOINT_TIMED_OUT;
    }
    return toHttpResponse(outcome);
  } catch (error) {
    settings.logger.error('handler failed; answering 502 as API Gateway does', { requestId, error });
    return INTERNAL_SERVER_ERROR;
  } finally {
    clearTimeout(timer);
  }
}

function payloadTooLarge(bytes: number, limit: number): HttpResponseParts {
  // Connect's error shape, so clients of the Connect REST API can show the message.
  const body = { error_code: 413, message: `Request body of ${bytes} bytes exceeds the limit of ${limit} bytes` };
  return {
    statusCode: 413,
    headers: { 'Content-Type': ['application/json'] },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

function writeResponse(res: ServerResponse, response: HttpResponseParts, requestId: string): void {
  res.statusCode = response.statusCode;
  for (const [name, values] of Object.entries(response.headers)) res.setHeader(name, values);
  res.setHeader('x-amzn-RequestId', requestId);
  // A 204 or 304 has no body and no Content-Length (RFC 9110 §8.6), as Connect's Jetty answers it.
  if (response.statusCode !== 204 && response.statusCode !== 304) res.setHeader('Content-Length', response.body.length);
  res.end(response.body);
}

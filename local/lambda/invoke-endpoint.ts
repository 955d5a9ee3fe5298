/**
 * A local Lambda Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`), so the product
 * calls `@aws-sdk/client-lambda`'s `InvokeCommand` with an endpoint override exactly as it does on AWS
 * (docs/architecture.md, decision 2): the scheduler starts task slices and slices continue themselves through it.
 *
 * Served: `X-Amz-Invocation-Type` `RequestResponse` (default; 200 and the result, or a function error),
 * `Event` (202 at once, the handler runs in the background) and `DryRun` (204); `Qualifier` absent or
 * `$LATEST`; `X-Amz-Client-Context` (sync only, as on AWS). Not served: log tails (`X-Amz-Log-Type:
 * Tail` is accepted, no `X-Amz-Log-Result` is returned), aliases and versions, throttling. Kafka event
 * source mappings are served beside it (event-source-mappings.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ClientContext } from 'aws-lambda';
import { silentLogger, type LocalLogger } from '../logging.js';
import { readBody } from '../http/read-body.js';
import { closeServer, httpUrl, listen } from '../http/server-lifecycle.js';
import type { LambdaHandler } from './lambda-context.js';
import { EventSourceMappings, MAPPINGS_PATH } from './event-source-mappings.js';
import {
  FunctionRegistry,
  InvocationType,
  type FunctionStats,
  type RegisterFunctionOptions,
  type RunOutcome,
} from './function-registry.js';
import {
  invalidParameterValue,
  invalidRequestContent,
  requestTooLarge,
  resourceNotFound,
  unknownOperation,
  type ServiceErrorResponse,
} from './invoke-errors.js';

/** Lambda's synchronous request payload limit: 6 MB (6,291,456 bytes). */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * Lambda's asynchronous (`Event`) request payload limit. The Invoke API reference gives 1 MB (it was
 * 256 KB until late 2025; the deprecated InvokeAsync still says 256 KB). Pass
 * `asyncPayloadLimitBytes: 262_144` to hold the product to the old, stricter limit.
 */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

export interface InvokeEndpointOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  readonly syncPayloadLimitBytes?: number;
  readonly asyncPayloadLimitBytes?: number;
  readonly logger?: LocalLogger;
}

export interface CloseResult {
  /** Whether every in-flight invocation settled before the deadline. */
  readonly drained: boolean;
  /** Invocations still running when the endpoint gave up waiting. */
  readonly abandoned: number;
}

/** A running Invoke endpoint; functions may be registered before or after requests arrive. */
export interface InvokeEndpoint {
  /** The endpoint to give `new LambdaClient({ endpoint })`. */
  readonly url: string;
  readonly port: number;
  registerFunction(name: string, handler: LambdaHandler, options?: RegisterFunctionOptions): void;
  /** The Kafka event source mappings the endpoint serves and polls for (event-source-mappings.ts). */
  readonly mappings: EventSourceMappings;
  /** Waits until no invocation is in flight; `false` if `timeoutMs` passed first. */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Stops accepting requests, waits up to `drainTimeoutMs` (default 30 s) for in-flight invocations. */
  close(options?: { readonly drainTimeoutMs?: number }): Promise<CloseResult>;
  /** Counters per function, plus requests refused before reaching any function. */
  stats(): { readonly functions: Readonly<Record<string, FunctionStats>>; readonly rejected: number };
}

/** Starts the endpoint on `host:port`. */
export async function startInvokeEndpoint(options: InvokeEndpointOptions = {}): Promise<InvokeEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const registry = new FunctionRegistry(logger);
  const mappings = new EventSourceMappings(registry, logger);
  const state: EndpointState = {
    registry,
    mappings,
    logger,
    syncLimit: options.syncPayloadLimitBytes ?? SYNC_PAYLOAD_LIMIT_BYTES,
    asyncLimit: options.asyncPayloadLimitBytes ?? ASYNC_PAYLOAD_LIMIT_BYTES,
    rejected: 0,
  };
  const server = createServer((req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => {
      logger.error('invoke request failed in the endpoint itself', { error });
      if (!res.headersSent)
        writeJson(res, 500, { Type: 'Service', message: 'Internal error' }, { 'x-amzn-ErrorType': 'ServiceException' });
      else res.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: httpUrl(host, port),
    port,
    registerFunction: (name, handler, fnOptions) => registry.register(name, handler, fnOptions),
    mappings,
    drain: (timeoutMs) => registry.drain(timeoutMs),
    close: async (closeOptions) => {
      const closed = closeServer(server);
      // The pollers stop first: they would keep invoking the functions being drained.
      await mappings.close();
      const drained = await registry.drain(closeOptions?.drainTimeoutMs ?? 30_000);
      // Past the deadline, synchronous callers still waiting get their connection cut, as when a
      // Lambda host goes away; their handlers are left running (and reported as abandoned).
      if (!drained) server.closeAllConnections();
      await closed;
      return { drained, abandoned: registry.inFlight };
    },
    stats: () => ({ functions: registry.stats(), rejected: state.rejected }),
  };
}

interface EndpointState {
  readonly registry: FunctionRegistry;
  readonly mappings: EventSourceMappings;
  readonly logger: LocalLogger;
  readonly syncLimit: number;
  readonly asyncLimit: number;
  rejected: number;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const INVOCATION_TYPES: readonly string[] = Object.values(InvocationType);

async function handleRequest(state: EndpointState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  const url = new URL(req.url ?? '/', 'http://local');
  if (MAPPINGS_PATH.test(url.pathname)) {
    const read = await readBody(req, state.syncLimit);
    if (read.kind === 'too-large') return reject(state, res, requestTooLarge(state.syncLimit));
    return state.mappings.handle(req, res, url, read.body);
  }
  const match = INVOKE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || match === null) {
    await readBody(req, 0);
    return reject(state, res, unknownOperation(req.method ?? '?', url.pathname));
  }
  const type = headerValue(req, 'x-amz-invocation-type') ?? InvocationType.REQUEST_RESPONSE;
  if (!INVOCATION_TYPES.includes(type)) {
    await readBody(req, 0);
    return reject(state, res, invalidParameterValue(`Unsupported invocation type ${type}`));
  }
  const limit = type === InvocationType.EVENT ? state.asyncLimit : state.syncLimit;
  const read = await readBody(req, limit);
  if (read.kind === 'too-large') return reject(state, res, requestTooLarge(limit));
  const target = parseFunctionName(decodeURIComponent(match[1] as string), url.searchParams.get('Qualifier'));
  if (!state.registry.has(target.name) || (target.qualifier !== undefined && target.qualifier !== '$LATEST')) {
    return reject(state, res, resourceNotFound(target.name, target.qualifier));
  }
  const event = parseEvent(read.body);
  if (event.kind === 'invalid') return reject(state, res, invalidRequestContent(event.detail));
  await dispatch(state, res, { type: type as InvocationType, name: target.name, event: event.value, requestId, req });
}

interface Dispatch {
  readonly type: InvocationType;
  readonly name: string;
  readonly event: unknown;
  readonly requestId: string;
  readonly req: IncomingMessage;
}

async function dispatch(state: EndpointState, res: ServerResponse, call: Dispatch): Promise<void> {
  if (call.type === InvocationType.DRY_RUN) {
    state.registry.recordDryRun(call.name);
    res.statusCode = 204;
    res.end();
    return;
  }
  if (call.type === InvocationType.EVENT) {
    state.registry.runAsync(call.name, call.event, call.requestId);
    res.statusCode = 202;
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  const clientContext = parseClientContext(headerValue(call.req, 'x-amz-client-context'));
  if (clientContext === 'invalid') {
    return reject(state, res, invalidParameterValue('X-Amz-Client-Context must be base64-encoded JSON'));
  }
  const outcome = await state.registry.runSync(call.name, call.event, call.requestId, clientContext);
  writeOutcome(res, outcome);
}

function writeOutcome(res: ServerResponse, outcome: RunOutcome): void {
  res.setHeader('X-Amz-Executed-Version', '$LATEST');
  if (outcome.kind === 'function-error') {
    writeJson(res, 200, outcome.error, { 'X-Amz-Function-Error': 'Unhandled' });
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', outcome.payload.length);
  res.end(outcome.payload);
}

function reject(state: EndpointState, res: ServerResponse, error: ServiceErrorResponse): void {
  state.rejected += 1;
  writeJson(res, error.statusCode, error.body, { 'x-amzn-ErrorType': error.errorType });
}

function writeJson(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string>): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = statusCode;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Accepts the name forms Lambda accepts: `name`, `name:qualifier`, a full ARN
 * (`arn:aws:lambda:region:account:function:name[:qualifier]`) or a partial one
 * (`account:function:name[:qualifier]`). Region and account are not checked locally.
 */
export function parseFunctionName(raw: string, queryQualifier: string | null): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  const functionIndex = parts.indexOf('function');
  const rest = functionIndex === -1 ? parts : parts.slice(functionIndex + 1);
  const name = rest[0] ?? raw;
  const qualifier = queryQualifier ?? rest[1];
  return qualifier === undefined ? { name } : { name, qualifier };
}

function parseEvent(body: Buffer): { kind: 'ok'; value: unknown } | { kind: 'invalid'; detail: string } {
  // Lambda hands a function `{}` when the caller sent no payload.
  if (body.length === 0) return { kind: 'ok', value: {} };
  try {
    return { kind: 'ok', value: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { kind: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }
}

function parseClientContext(header: string | undefined): ClientContext | undefined | 'invalid' {
  if (header === undefined || header === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as ClientContext) : 'invalid';
  } catch {
    return 'invalid';
  }
}

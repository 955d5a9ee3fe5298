/**
 * A route table with Connect's 404/405 behaviour: an unknown path answers `HTTP 404 Not Found`, a known
 * path with another method `HTTP 405 Method Not Allowed`.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ConnectRestError } from '../../lib/herder/errors.js';

export interface Request {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  /** Every value of each query parameter (repeated parameters kept). */
  readonly query: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: () => unknown;
  readonly event: APIGatewayProxyEvent;
}

/**
 * An answer of the JAX-RS layer itself (no resource method ran: unknown path 404, 405, 415, a path
 * parameter that does not convert). Jersey sends its JSON body without a Content-Type.
 */
export class JaxRsError extends ConnectRestError {
  constructor(status: 404 | 405 | 415, reason: string) {
    super(status, `HTTP ${status} ${reason}`);
    this.name = 'JaxRsError';
  }
}

export type RouteHandler = (request: Request) => Promise<APIGatewayProxyResult>;

interface Route {
  readonly segments: readonly string[];
  readonly handlers: Partial<Record<string, RouteHandler>>;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    const segments = split(pattern);
    let route = this.routes.find((r) => r.segments.join('/') === segments.join('/'));
    if (route === undefined) {
      route = { segments, handlers: {} };
      this.routes.push(route);
    }
    route.handlers[method] = handler;
    return this;
  }

  /** Finds the handler and the path parameters; throws Connect's 404 / 405. */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params === null) continue;
      pathMatched = true;
      const handler = handlerFor(route, method) ?? (method === 'HEAD' ? handlerFor(route, 'GET') : undefined);
      if (handler !== undefined) return { handler, params };
    }
    if (pathMatched) throw new JaxRsError(405, 'Method Not Allowed');
    throw new JaxRsError(404, 'Not Found');
  }
}

/** Own handlers only: a method named `constructor` or `__proto__` must not find Object's members. */
function handlerFor(route: Route, method: string): RouteHandler | undefined {
  return Object.hasOwn(route.handlers, method) ? route.handlers[method] : undefined;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const part = parts[i] ?? '';
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = decodeSegment(part);
    else if (p !== part) return null;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * What the local stack refuses before the REST handler runs, because it listens on a developer's machine
 * where any web page in a browser can reach it (issue 10, item 6; decision 0008):
 * - a Host other than the loopback names (or the ones configured): a DNS-rebinding page reaches
 *   127.0.0.1 under its own name, and this is what tells it apart;
 * - a state-changing request (POST/PUT/PATCH/DELETE) whose `Origin` is another site: a cross-site
 *   `fetch` or form post;
 * - a POST/PUT/PATCH with a body but no `Content-Type`: browsers send bodies without one cross-site
 *   without a CORS preflight (a `Blob` body). Connect reads such a body as JSON; the handler already
 *   answers 415 for every other non-JSON type, as Connect does. Body-less requests
 *   (`curl -X POST …/restart`) stay accepted.
 * On AWS, API Gateway and IAM or basic auth stand in front instead.
 */
import type { HttpResponseParts } from './proxy-response.js';

/** Host names every local stack answers to. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

export interface GuardedRequest {
  readonly method: string;
  /** Node's `rawHeaders`: names as sent, alternating name and value. */
  readonly rawHeaders: readonly string[];
  readonly bodyBytes: number;
}

/** Returns the refusal to send, or null when the request may go to the handler. */
export function refuseHostileRequest(
  request: GuardedRequest,
  allowedHosts: ReadonlySet<string>,
): HttpResponseParts | null {
  const headers = lastValues(request.rawHeaders);
  const host = headers.get('host');
  if (host !== undefined && !allowedHosts.has(hostName(host))) {
    return refusal(
      403,
      `Host '${host}' is not allowed: the local stack answers to ${[...allowedHosts].join(', ')} (set ALLOWED_HOSTS to add names)`,
    );
  }
  const origin = headers.get('origin');
  if (origin !== undefined && STATE_CHANGING.has(request.method) && !allowedHosts.has(originHost(origin))) {
    return refusal(403, `Cross-origin ${request.method} from '${origin}' is not allowed by the local stack`);
  }
  if (WITH_BODY.has(request.method) && request.bodyBytes > 0 && (headers.get('content-type') ?? '').trim() === '') {
    return refusal(415, 'HTTP 415 Unsupported Media Type: a request body needs Content-Type: application/json');
  }
  return null;
}

/** The allowed set: the loopback names plus `extra` (host names, without ports), lower-cased. */
export function allowedHostSet(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...LOOPBACK_HOSTS, ...extra.map((h) => h.trim().toLowerCase()).filter((h) => h !== '')]);
}

function lastValues(rawHeaders: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    values.set((rawHeaders[i] as string).toLowerCase(), rawHeaders[i + 1] as string);
  return values;
}

/** `localhost:8083` → `localhost`; `[::1]:8083` → `[::1]`. */
function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.indexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

function originHost(origin: string): string {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return ''; // `null` (sandboxed frames, file: pages) and garbage: never allowed
  }
}

function refusal(status: number, message: string): HttpResponseParts {
  return {
    statusCode: status,
    headers: { 'Content-Type': ['application/json'] },
    body: Buffer.from(JSON.stringify({ error_code: status, message }), 'utf8'),
  };
}

/**
 * Normalization of a response before comparison: what legitimately differs between two correct
 * implementations (which worker ran it, when, where its files are) is replaced by placeholders; nothing
 * else is touched. JSON key order never matters (canonical form sorts keys); array order matters
 * unless a step declares an array unordered (Connect's order is unspecified there).
 */
import type { Exchange, Target } from './targets.js';

/** Per-comparison adjustments, by path: dot-separated keys, `*` for any key or index, `''` for the root. */
export interface CompareOptions {
  /** Values replaced by `<ignored>` on both sides (e.g. `commit` of `GET /`). */
  readonly ignore?: readonly string[];
  /** Arrays compared as multisets. */
  readonly unordered?: readonly string[];
  /** Reduces both normalized bodies to the part worth comparing (e.g. the loggers a case set). */
  readonly project?: (body: unknown) => unknown;
}

export interface Normalized {
  readonly status: number;
  readonly body: unknown;
  /** The `Location` path (host and port removed), when the response has one. */
  readonly location?: string;
  /** The client-visible headers, normalized: see {@link normalizeHeaders}. */
  readonly headers: string;
}

/**
 * Headers that identify the server, the moment or the hop rather than the API: Jetty's `Server`, `Date`,
 * connection management (Node's `Keep-Alive`, `Connection`), API Gateway's request id, and `Location`
 * (compared on its own, host removed). Header names are compared lower-cased: HTTP names are
 * case-insensitive and fetch lower-cases them.
 */
const TRANSPORT_HEADERS = new Set([
  'server',
  'date',
  'connection',
  'keep-alive',
  'x-amzn-requestid',
  'location',
  'transfer-encoding',
]);

/**
 * One line per client-visible header, sorted by name: `content-type` with its value (media type and
 * charset exactly), `content-length` as `=body` when it equals the bytes received (the bodies are compared
 * on their own) or its value otherwise, and any other header with its value (`allow`, `access-control-*`).
 * Framing is not behaviour: Jetty streams large bodies chunked (no Content-Length), API Gateway and our
 * adapter send a Content-Length; a non-empty body without one counts as `content-length: =body`.
 */
export function normalizeHeaders(exchange: Exchange): string {
  const lines: string[] = [];
  exchange.headers.forEach((value, name) => {
    if (TRANSPORT_HEADERS.has(name)) return;
    if (name === 'content-length') lines.push(`content-length: ${Number(value) === exchange.bytes ? '=body' : value}`);
    else lines.push(`${name}: ${value}`);
  });
  // A body without Content-Length came chunked (fetch hides Transfer-Encoding): framing, not behaviour.
  if (exchange.headers.get('content-length') === null && exchange.bytes > 0) lines.push('content-length: =body');
  return lines.sort().join('\n');
}

/** Keys whose values identify the worker or the moment, not the behaviour. */
const VOLATILE_KEYS: Readonly<Record<string, (value: unknown) => unknown>> = {
  worker_id: (v) => (typeof v === 'string' ? '<worker>' : v),
  // Stack frames differ by nature; the exception class that opens the trace is what alerting greps for,
  // so it is kept (masking the whole trace hid `ConnectError:` where Connect names its Java class).
  trace: (v) => (typeof v === 'string' ? `<trace ${traceClass(v)}>` : v),
  last_modified: (v) => (typeof v === 'number' ? '<time>' : v),
};

/** The exception class a trace opens with: the first line up to its first `: `. */
export function traceClass(trace: string): string {
  const first = trace.split('\n', 1)[0] ?? '';
  const colon = first.indexOf(': ');
  return colon < 0 ? first : first.slice(0, colon);
}

/**
 * Connect 4.3.1 answers the same unknown-`connector.class` request with or without the
 * `org.apache.kafka.connect.errors.ConnectException: ` prefix (seen: unprefixed on a freshly started
 * worker, prefixed once it has served a while, on POST, PUT and PATCH alike). Its prefixed form is the
 * steady one and ours, so Connect's unprefixed form is read as the prefixed one; ours is never adjusted,
 * so a missing prefix on our side still differs. (Before, the suite compared whichever form Connect
 * happened to give on that run, which is why a missing prefix could pass unnoticed.)
 */
const UNKNOWN_CLASS = /^Failed to find any class that implements Connector and which name matches /;
const CONNECT_EXCEPTION = 'org.apache.kafka.connect.errors.ConnectException: ';

function steadyConnectMessage(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' && UNKNOWN_CLASS.test(message)
    ? { ...body, message: CONNECT_EXCEPTION + message }
    : body;
}

/**
 * Our own connector keys (group `Slices`: `slice.*`, `latency.*`, `task.unavailable.timeout.ms`, `task.restart.*`) are
 * documented by validation and the plugin config listing after Connect's keys (docs/compatibility.md,
 * "Slice settings"); Connect has none of them, so they are set aside before comparing.
 */
const OWN_GROUP = 'Slices';

function withoutOwnKeys(body: unknown): unknown {
  if (Array.isArray(body)) return body.filter((key) => (key as { group?: unknown } | null)?.group !== OWN_GROUP);
  if (body === null || typeof body !== 'object') return body;
  const infos = body as { groups?: unknown; configs?: unknown };
  if (!Array.isArray(infos.groups) || !Array.isArray(infos.configs)) return body;
  const configs = infos.configs.filter(
    (c) => (c as { definition?: { group?: unknown } | null }).definition?.group !== OWN_GROUP,
  );
  return { ...infos, groups: infos.groups.filter((g) => g !== OWN_GROUP), configs };
}

export function normalize(exchange: Exchange, target: Target, options: CompareOptions = {}): Normalized {
  let body = untemplate(
    target.name === 'connect' ? steadyConnectMessage(exchange.body) : withoutOwnKeys(exchange.body),
    target,
  );
  body = maskVolatile(body);
  for (const path of options.ignore ?? []) body = mapAt(body, split(path), () => '<ignored>');
  for (const path of options.unordered ?? [])
    body = mapAt(body, split(path), (v) => (Array.isArray(v) ? [...v].sort(byCanonical) : v));
  if (options.project !== undefined) body = options.project(body);
  const location = exchange.headers.get('location');
  return {
    status: exchange.status,
    body,
    headers: normalizeHeaders(exchange),
    ...(location === null ? {} : { location: untemplateText(locationPath(location), target) }),
  };
}

/** A stable JSON text with sorted keys: equal texts mean equal bodies regardless of key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function byCanonical(a: unknown, b: unknown): number {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Puts the placeholders back: the target's directory and token become `{{dir}}` and `{{t}}`. */
function untemplate(value: unknown, target: Target): unknown {
  if (typeof value === 'string') return untemplateText(value, target);
  if (Array.isArray(value)) return value.map((v) => untemplate(v, target));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [untemplateText(k, target), untemplate(v, target)]),
    );
  }
  return value;
}

function untemplateText(text: string, target: Target): string {
  return text.replaceAll(target.dir, '{{dir}}').replaceAll(target.token, '{{t}}');
}

function maskVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskVolatile);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const mask = VOLATILE_KEYS[k];
        return [k, mask === undefined ? maskVolatile(v) : mask(v)];
      }),
    );
  }
  return value;
}

function locationPath(location: string): string {
  try {
    const url = new URL(location);
    return url.pathname + url.search;
  } catch {
    return location;
  }
}

function split(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

function mapAt(value: unknown, path: readonly string[], fn: (v: unknown) => unknown): unknown {
  if (path.length === 0) return fn(value);
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    return value.map((v, i) => (head === '*' || head === String(i) ? mapAt(v, rest, fn) : v));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, head === '*' || head === k ? mapAt(v, rest, fn) : v]),
    );
  }
  return value;
}

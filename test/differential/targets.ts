/**
 * The two systems under comparison and how one request becomes two: each target has its own token and
 * scratch directory, substituted for `{{t}}` and `{{dir}}` in paths and bodies, so the two never share
 * files, topics or sink consumer groups (`connect-<name>`) on the one broker they both use.
 */

export const TARGETS = ['connect', 'ours'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface Target {
  readonly name: TargetName;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Replaces `{{t}}`: unique per target and run, safe in connector names, topics and file names. */
  readonly token: string;
  /** Replaces `{{dir}}`: a scratch directory of this target's own. */
  readonly dir: string;
}

/** One request, written once with `{{t}}` / `{{dir}}` placeholders. */
export interface DiffRequest {
  readonly method: string;
  readonly path: string;
  /** A JSON body (serialized after templating). */
  readonly body?: unknown;
  /** A raw body, sent as is after templating (malformed JSON, other media types). */
  readonly raw?: string;
  /** Default `application/json` when there is a body; `null` sends no Content-Type header. */
  readonly contentType?: string | null;
}

export interface Exchange {
  readonly status: number;
  /** Parsed JSON, the raw text when it is not JSON, or null for an empty body. */
  readonly body: unknown;
  readonly headers: Headers;
  /** The body's length in bytes as received (for the Content-Length comparison). */
  readonly bytes: number;
}

/** Replaces the placeholders in every string of a JSON value, keys included. */
export function template(value: unknown, target: Target): unknown {
  if (typeof value === 'string') return templateText(value, target);
  if (Array.isArray(value)) return value.map((v) => template(v, target));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [templateText(k, target), template(v, target)]));
  }
  return value;
}

export function templateText(text: string, target: Target): string {
  return text.replaceAll('{{dir}}', target.dir).replaceAll('{{t}}', target.token);
}

/** Sends one templated request to one target. */
export async function send(target: Target, request: DiffRequest): Promise<Exchange> {
  const path = templateText(request.path, target);
  const body =
    request.raw !== undefined
      ? templateText(request.raw, target)
      : request.body === undefined
        ? undefined
        : JSON.stringify(template(request.body, target));
  const headers: Record<string, string> = { Accept: 'application/json' };
  const contentType =
    request.contentType === undefined ? (body === undefined ? null : 'application/json') : request.contentType;
  if (contentType !== null) headers['Content-Type'] = contentType;
  const response = await fetch(target.url + path, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    body: parseBody(raw.toString('utf8')),
    headers: response.headers,
    bytes: raw.length,
  };
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

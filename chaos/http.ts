/** Raw HTTP for the chaos suite: exact headers (fetch would add its own Host and Content-Type). */
import { request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** Status 0 means the connection failed (reset, refused, timed out). */
export function send(port: number, req: RawRequest, timeoutMs = 60_000): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const hasHost = Object.keys(headers).some((h) => h.toLowerCase() === 'host');
    const r = request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, setHost: !hasHost, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      },
    );
    r.on('timeout', () => r.destroy());
    r.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    r.end(req.body);
  });
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** A JSON call; the parsed body, or the text when it is not JSON. */
export async function call<T = unknown>(
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await send(port, {
    method,
    path,
    headers: JSON_HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let parsed: unknown = res.body;
  try {
    parsed = res.body === '' ? null : JSON.parse(res.body);
  } catch {
    // keep the text
  }
  return { status: res.status, body: parsed as T };
}

/** encodeURIComponent that never throws (a lone surrogate becomes U+FFFD). */
export const enc = (name: string): string =>
  encodeURIComponent(name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/**
 * One HTTP exchange on Node's own `http`/`https` (no dependency): keep-alive connections per task, a
 * connect timeout and a whole-request timeout. It never throws for what the endpoint does; it returns an
 * {@link HttpOutcome} and the caller decides what is retriable.
 */
import http from 'node:http';
import https from 'node:https';

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: string; readonly retryAfterMs: number | null }
  | { readonly kind: 'network'; readonly error: Error };

export interface HttpClientOptions {
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface HttpRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

/** Response bodies are read for the DLQ and the log; beyond this many bytes they are cut. */
export const MAX_RESPONSE_BODY_BYTES = 8 * 1024;
const RETRY_AFTER_CAP_MS = 60_000;

export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(private readonly options: HttpClientOptions) {}

  send(request: HttpRequest): Promise<HttpOutcome> {
    const secure = request.url.protocol === 'https:';
    const headers: Record<string, string | number> = Object.fromEntries(request.headers);
    headers['content-length'] = request.body.length;
    return new Promise<HttpOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: HttpOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(requestTimer);
        clearTimeout(connectTimer);
        resolve(outcome);
      };
      const fail = (error: Error): void => settle({ kind: 'network', error });
      const req = (secure ? https : http).request(request.url, {
        method: request.method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      const requestTimer = setTimeout(
        () =>
          req.destroy(
            new TimeoutError(
              `no complete response within ${this.options.requestTimeoutMs} ms (${HTTP_REQUEST_TIMEOUT})`,
            ),
          ),
        this.options.requestTimeoutMs,
      );
      let connectTimer: NodeJS.Timeout | undefined;
      req.on('socket', (socket) => {
        // A reused keep-alive socket is already connected; only a new one gets the connect timeout.
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () =>
            req.destroy(
              new TimeoutError(`no connection within ${this.options.connectTimeoutMs} ms (${HTTP_CONNECT_TIMEOUT})`),
            ),
          this.options.connectTimeoutMs,
        );
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept >= MAX_RESPONSE_BODY_BYTES) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('error', fail);
        // A connection dropped mid-response ends the message without 'end'.
        res.on('close', () => {
          if (!res.complete) fail(new Error('the connection closed before the response was complete'));
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_BYTES).toString('utf8');
          settle({
            kind: 'response',
            status: res.statusCode ?? 0,
            body,
            retryAfterMs: retryAfter(res.headers['retry-after']),
          });
        });
      });
      req.end(request.body);
    });
  }

  /** Closes idle keep-alive connections (the task is stopping). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

const HTTP_REQUEST_TIMEOUT = 'http.request.timeout.ms';
const HTTP_CONNECT_TIMEOUT = 'http.connect.timeout.ms';

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** `Retry-After` in seconds (dates are rare from APIs and ignored), capped so one answer cannot stall a slice. */
function retryAfter(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Math.min(Number(value.trim()) * 1000, RETRY_AFTER_CAP_MS);
}

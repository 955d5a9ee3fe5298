/**
 * A real `node:http` server for the HTTP sink's tests and bench: it records every request it accepted and
 * answers as the test's `respond` decides (a status, or dropping the connection before anything is
 * recorded). `waitForRecords` waits on a condition, never on time. Stop it with `close()`, which also cuts
 * kept-alive connections.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** `drop`: destroy the socket without answering, and without recording the request. */
export type Answer =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | 'drop'
  | 'hang';

export type Responder = (request: ReceivedRequest, index: number) => Answer;

export class HttpTestServer {
  readonly received: ReceivedRequest[] = [];
  /** Every request that arrived, answered or not. */
  attempts = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private respond: Responder,
  ) {}

  static async start(respond: Responder = () => ({ status: 200 })): Promise<HttpTestServer> {
    let instance: HttpTestServer | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => instance?.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    server.keepAliveTimeout = 30_000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    instance = new HttpTestServer(server, `http://127.0.0.1:${port}/events`, respond);
    return instance;
  }

  /** Changes how later requests are answered. */
  answerWith(respond: Responder): void {
    this.respond = respond;
  }

  /** Resolves once `predicate` holds over the accepted requests; rejects after `timeoutMs` naming `what`. */
  async waitFor(
    what: string,
    predicate: (received: readonly ReceivedRequest[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<void> {
    if (predicate(this.received)) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this.received)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what} (${this.received.length} requests accepted, ${this.attempts} attempted)`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    const answer = this.respond(request, this.attempts++);
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    if (answer === 'hang') return;
    if (answer.status >= 200 && answer.status < 300) this.received.push(request);
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end(answer.body ?? '');
    for (const check of [...this.waiters]) check();
  }
}

/**
 * A real HTTP proxy in front of the test registry that can be switched to answer 503, to stage a registry
 * outage without losing the registry's in-memory schemas. Closed by its handle after the file's tests.
 */
import { createServer, type Server } from 'node:http';
import { after, before } from 'node:test';

export interface RegistryProxy {
  /** The proxy's base URL standing for the registry's (same path). */
  readonly url: string;
  down: boolean;
  /** Requests answered 503 while down. */
  refused: number;
}

/** Call at suite level: starts a proxy to `target()` (resolved per request) before the tests, closes it after. */
export function useRegistryProxy(target: () => string): RegistryProxy {
  const state = { down: false, refused: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (state.down) {
        state.refused++;
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"error_code":50301,"message":"staged outage"}');
        return;
      }
      const base = new URL(target());
      const url = `${base.origin}${req.url ?? '/'}`;
      const body = chunks.length === 0 ? null : Buffer.concat(chunks);
      fetch(url, {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(body === null ? {} : { body }),
      })
        .then(async (answer) => {
          res
            .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
            .end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const proxy: RegistryProxy = {
    get url() {
      return `http://127.0.0.1:${port}${new URL(target()).pathname}`;
    },
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get refused() {
      return state.refused;
    },
    set refused(value: number) {
      state.refused = value;
    },
  };
  return proxy;
}

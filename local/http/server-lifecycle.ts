/**
 * Starting and stopping the local stack's HTTP servers: listen on a host and a port (0 picks a free
 * one) and learn the port; close and wait until every connection is gone.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the bound port (the free one the OS chose when `port` is 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting connections and resolves once in-flight requests have finished. Idle keep-alive
 * connections are closed at once (Node closes them on `close()` since v19; done explicitly here so
 * the intent is visible and survives runtime changes).
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error?: Error) => (error == null ? resolve() : reject(error)));
    server.closeIdleConnections();
  });
}

/** The URL to reach a server bound to `host:port`, with IPv6 literals bracketed. */
export function httpUrl(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/**
 * Open TCP sockets of this process to a port (e.g. the Kafka broker's), read from Node's active handles:
 * what a test checks to prove a client or a stack let go of every connection it opened.
 */
import { Socket } from 'node:net';

/** Sockets of this process connected (or connecting) to `port` on any host, not yet destroyed. */
export function openSocketsTo(port: number): Socket[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle): handle is Socket => handle instanceof Socket && !handle.destroyed && (handle.remotePort === port || pendingPort(handle) === port));
}

/** The port a socket still connecting was asked for (Node keeps it until the connection is up). */
function pendingPort(socket: Socket): number | undefined {
  if (!socket.connecting) return undefined;
  const address = (socket as unknown as { _pendingData?: unknown; _peername?: { port?: number } })._peername;
  return address?.port;
}

/**
 * Open TCP sockets of this process to a port (e.g. the Kafka broker's), read from Node's active handles:
 * what a test checks to prove a client or a stack let go of every connection it opened.
 */
import { Socket } from 'node:net';

/**
 * Connected sockets of this process whose remote port is `port`, not yet destroyed. A socket still
 * connecting has no remote port yet: check after the operations that could open one have settled.
 */
export function openSocketsTo(port: number): Socket[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter(
    (handle): handle is Socket => handle instanceof Socket && !handle.destroyed && handle.remotePort === port,
  );
}

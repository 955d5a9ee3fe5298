/**
 * Synchronous plugin calls that need I/O first. Connect's converters are synchronous (a Java converter
 * blocks on its Schema Registry call); ours keep the synchronous signature, so a converter that must fetch
 * something it has not cached yet (a schema by id, the id of a schema to register) starts the fetch, keeps
 * its promise, and throws {@link PendingIoError}. The framework awaits `ready` and calls the stage again; by
 * then the plugin's cache holds the answer and the call completes synchronously. With warm caches a slice
 * never waits, and it waits once per distinct schema, not per record.
 */
import { ConnectError } from './errors.js';

/**
 * Thrown by a synchronous plugin call that started I/O it needs. The framework awaits {@link ready} and
 * calls the stage again. When `ready` rejects with a retriable failure (an outage) the slice ends and the
 * task resumes in a later one; any other rejection the plugin remembers and throws from its next call, so
 * it meets the connector's error handling (`errors.tolerance`, the dead letter queue) as its own fault.
 */
export class PendingIoError extends ConnectError {
  constructor(
    readonly ready: Promise<unknown>,
    what: string,
  ) {
    super(`waiting for ${what}`);
    this.name = 'PendingIoError';
    // Awaited by the framework; a rejection seen only there must not count as unhandled in the meantime.
    ready.catch(() => undefined);
  }
}

/** How many rounds of I/O one call may ask for before the framework calls it a fault (a loop, not a fetch). */
export const MAX_PENDING_IO_ROUNDS = 16;

/**
 * Runs `call` until it completes without asking for I/O, awaiting each {@link PendingIoError}'s `ready`
 * (whose rejection is ignored here: the next call throws what the plugin remembered). For code that calls
 * converters outside the worker's record loop: tests, a connector converting with a converter of its own.
 */
export async function settlePendingIo<T>(call: () => T): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof PendingIoError) || round >= MAX_PENDING_IO_ROUNDS) throw error;
      await error.ready.catch(() => undefined);
    }
  }
}

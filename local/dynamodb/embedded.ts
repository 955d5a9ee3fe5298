/**
 * An embedded, DynamoDB-compatible server for the local stack and tests: dynalite, in-process and pure
 * Node, reached through `@aws-sdk/client-dynamodb` with an endpoint override like any other backend.
 *
 * With `dataDir` the data lives in LevelDB files there and survives a restart (one process at a time:
 * LevelDB locks the directory); without it everything is in memory and gone on `close()`.
 */
import dynalite from 'dynalite';
import { closeServer, httpUrl, listen } from '../http/server-lifecycle.js';
import { closeLevelIteratorsOnReturn } from './close-level-iterators.js';

export interface EmbeddedDynamoOptions {
  /** Directory for persistent data; in memory when absent. */
  readonly dataDir?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
}

/** A running embedded server. `close()` stops it and closes (and flushes) its store. */
export interface EmbeddedDynamo {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts dynalite; tables become ACTIVE at once (dynalite's default CREATING delay is 500 ms). */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const host = options.host ?? '127.0.0.1';
  closeLevelIteratorsOnReturn();
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir === undefined ? {} : { path: options.dataDir }),
  });
  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | undefined;
  return {
    endpoint: httpUrl(host, port),
    port,
    close: () => (closing ??= closeServer(server)),
  };
}

/** Types for the parts of dynalite 4 (no bundled types) that the embedded DynamoDB uses. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    /** How long a new table stays CREATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** Returns an HTTP server (not yet listening); closing it also closes the store. */
  export default function dynalite(options?: DynaliteOptions): Server;
}

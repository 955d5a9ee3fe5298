/**
 * A metering proxy in front of the embedded DynamoDB: counts every API call by operation and estimates
 * the capacity units DynamoDB on-demand would bill for it, so the cost model uses measured calls rather
 * than guesses. It forwards bytes unchanged (one extra loopback hop, well under a millisecond).
 *
 * Capacity estimate (on-demand, strongly consistent reads as the stores make them):
 * - a write (PutItem, UpdateItem, DeleteItem) bills ceil(item KB) WRUs; the item size is taken as the
 *   request body size, which overstates it a little (JSON names and type tags);
 * - a read (GetItem, Query) bills ceil(returned KB / 4) RRUs, at least 1; the returned size is the
 *   response body size, again a slight overstatement;
 * - BatchWriteItem bills each item as a write;
 * - BatchGetItem bills each key asked for as a read: ceil(item KB / 4) RRUs for an item returned (its
 *   JSON size), 1 for a key without an item (DynamoDB bills reads of missing items too).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoUsage {
  readonly calls: Readonly<Record<string, number>>;
  readonly writeUnits: number;
  readonly readUnits: number;
}

export interface DynamoMeter {
  readonly endpoint: string;
  /** Totals since the proxy started. */
  usage(): DynamoUsage;
  close(): Promise<void>;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READS = new Set(['GetItem', 'Query', 'Scan']);

export async function startDynamoMeter(target: string): Promise<DynamoMeter> {
  const upstream = new URL(target);
  const calls: Record<string, number> = {};
  let writeUnits = 0;
  let readUnits = 0;
  const server: Server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    void readAll(req).then((body) => {
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          void readAll(answer).then((reply) => {
            calls[operation] = (calls[operation] ?? 0) + 1;
            if (WRITES.has(operation)) writeUnits += Math.max(1, Math.ceil(body.length / 1024));
            else if (READS.has(operation)) readUnits += Math.max(1, Math.ceil(reply.length / 4096));
            else if (operation === 'BatchWriteItem') writeUnits += batchWriteUnits(body);
            else if (operation === 'BatchGetItem') readUnits += batchGetUnits(body, reply);
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(reply);
          });
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    usage: () => ({ calls: { ...calls }, writeUnits, readUnits }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The difference of two usage snapshots (later − earlier). */
export function usageSince(later: DynamoUsage, earlier: DynamoUsage): DynamoUsage {
  const calls: Record<string, number> = {};
  for (const [op, n] of Object.entries(later.calls)) {
    const d = n - (earlier.calls[op] ?? 0);
    if (d !== 0) calls[op] = d;
  }
  return { calls, writeUnits: later.writeUnits - earlier.writeUnits, readUnits: later.readUnits - earlier.readUnits };
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function batchGetUnits(body: Buffer, reply: Buffer): number {
  try {
    const asked = JSON.parse(body.toString('utf8')) as { RequestItems?: Record<string, { Keys?: unknown[] }> };
    const answer = JSON.parse(reply.toString('utf8')) as {
      Responses?: Record<string, unknown[]>;
      UnprocessedKeys?: Record<string, { Keys?: unknown[] }>;
    };
    const keys = Object.values(asked.RequestItems ?? {}).reduce((n, t) => n + (t.Keys?.length ?? 0), 0);
    const unprocessed = Object.values(answer.UnprocessedKeys ?? {}).reduce((n, t) => n + (t.Keys?.length ?? 0), 0);
    const items = Object.values(answer.Responses ?? {}).flat();
    const itemUnits = items.reduce<number>(
      (n, item) => n + Math.max(1, Math.ceil(JSON.stringify(item).length / 4096)),
      0,
    );
    return itemUnits + Math.max(0, keys - unprocessed - items.length);
  } catch {
    return 1;
  }
}

function batchWriteUnits(body: Buffer): number {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { RequestItems?: Record<string, unknown[]> };
    return Object.values(parsed.RequestItems ?? {}).reduce(
      (n, items) =>
        n + items.reduce<number>((m, item) => m + Math.max(1, Math.ceil(JSON.stringify(item).length / 1024)), 0),
      0,
    );
  } catch {
    return 1;
  }
}

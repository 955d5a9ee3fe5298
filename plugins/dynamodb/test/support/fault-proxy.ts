/**
 * A proxy in front of a real DynamoDB-compatible server that behaves as a throttled DynamoDB: it answers
 * some calls with ProvisionedThroughputExceededException, and forwards only part of some BatchWriteItem
 * calls, answering the rest as UnprocessedItems (neither dynalite nor moto ever does either). Which call
 * gets what is decided by `plan(operation, callNumber)`, so a test knows what to expect.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'pass' | 'throttle' | 'unprocess-half';

export interface FaultProxy {
  readonly endpoint: string;
  /** Calls seen; calls throttled; calls answered with UnprocessedItems, and how many items those held. */
  readonly counts: { calls: number; throttled: number; partial: number; unprocessed: number };
  close(): Promise<void>;
}

const THROTTLE_BODY = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
});

export async function startFaultProxy(
  target: string,
  plan: (operation: string, call: number) => Fault,
): Promise<FaultProxy> {
  const counts = { calls: 0, throttled: 0, partial: 0, unprocessed: 0 };
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const fault = plan(operation, ++counts.calls);
    if (fault === 'throttle') {
      counts.throttled++;
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(THROTTLE_BODY);
      return;
    }
    if (fault === 'unprocess-half' && operation === 'BatchWriteItem') {
      const { forward, left, leftCount } = split(JSON.parse(body.toString('utf8')) as BatchBody);
      counts.unprocessed += leftCount;
      counts.partial++;
      const answer =
        forward === null
          ? { status: 200, json: { UnprocessedItems: {} } }
          : await send(target, request, Buffer.from(JSON.stringify(forward)));
      const json = answer.json as { UnprocessedItems?: Record<string, unknown[]> };
      if (answer.status === 200) json.UnprocessedItems = mergeUnprocessed(json.UnprocessedItems ?? {}, left);
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(json));
      return;
    }
    const answer = await send(target, request, body);
    response
      .writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' })
      .end(JSON.stringify(answer.json));
  };
  const endpoint = await listen(server);
  return {
    endpoint,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type BatchBody = { RequestItems: Record<string, unknown[]> } & Record<string, unknown>;

/** Forwards the first half (rounded up) of the requests; the rest come back unprocessed. */
function split(body: BatchBody): { forward: BatchBody | null; left: Record<string, unknown[]>; leftCount: number } {
  const flat = Object.entries(body.RequestItems).flatMap(([table, requests]) =>
    requests.map((r) => [table, r] as const),
  );
  const keep = flat.length === 1 ? 0 : Math.ceil(flat.length / 2);
  const group = (pairs: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown[]> => {
    const out: Record<string, unknown[]> = {};
    for (const [table, r] of pairs) (out[table] ??= []).push(r);
    return out;
  };
  const left = group(flat.slice(keep));
  return {
    forward: keep === 0 ? null : { ...body, RequestItems: group(flat.slice(0, keep)) },
    left,
    leftCount: flat.length - keep,
  };
}

function mergeUnprocessed(a: Record<string, unknown[]>, b: Record<string, unknown[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = { ...a };
  for (const [table, requests] of Object.entries(b)) out[table] = [...(out[table] ?? []), ...requests];
  return out;
}

/** The response's CRC header is dropped on purpose: the proxy may rewrite bodies (the SDK then skips the check). */
async function send(
  target: string,
  request: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {};
  for (const name of ['x-amz-target', 'content-type', 'authorization', 'x-amz-date', 'x-amz-security-token']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(target, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : JSON.parse(text) };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

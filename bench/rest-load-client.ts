/**
 * The REST load generator, run as its own process so it does not share an event loop with the server
 * it measures: `clients` concurrent clients, each alternating `GET /connectors` and
 * `GET /connectors/{name}/status`, first a few unrecorded warm-up requests, then `requests` timed ones.
 * Prints one JSON line: the latencies (ms) and any failures.
 *
 * Two modes:
 * - closed loop (no rate): each client sends its next request as soon as the previous one is answered,
 *   so the server runs at saturation and latency ≈ clients / throughput (Little's law);
 * - paced (a total rate in requests/s): each client has a fixed schedule, `clients / rate` seconds
 *   apart, the clients' schedules evenly staggered, so the total offered rate is `rate` whatever the
 *   server does (open loop). A request is sent at its scheduled time, or when the client's previous
 *   request comes back if that is later, and its latency counts from the scheduled time: time spent
 *   queued behind a slow answer is part of the figure instead of silently lowering the offered rate.
 *
 * Usage: rest-load-client.ts <baseUrl> <connector,connector> <clients> <requestsPerClient> [ratePerSec]
 *   [listPath (default /connectors)] [mix: both (default) | list | status]
 * (`mix` list sends only `listPath`, status only the status paths: the scale benchmark times each alone.)
 */
import { Agent, request } from 'node:http';

const [baseUrl, names, clientsArg, requestsArg, rateArg, listPathArg, mixArg] = process.argv.slice(2);
if (baseUrl === undefined || names === undefined)
  throw new Error('usage: rest-load-client.ts <baseUrl> <connectors> <clients> <requests> [ratePerSec]');
const connectors = names.split(',');
const clients = Number(clientsArg ?? '50');
const requests = Number(requestsArg ?? '40');
const ratePerSec = rateArg === undefined || rateArg === '' ? undefined : Number(rateArg);
const mix = mixArg ?? 'both';
const WARMUP = 5;

const paths = [listPathArg ?? '/connectors', ...connectors.map((c) => `/connectors/${encodeURIComponent(c)}/status`)];
const latencies: number[] = [];
const failures: string[] = [];

function pathFor(id: number, i: number): string {
  if (mix === 'list') return paths[0]!;
  if (mix === 'status') return paths[1 + ((id + i) % (paths.length - 1))]!;
  return i % 2 === 0 ? paths[0]! : paths[1 + ((id + i) % (paths.length - 1))]!;
}

/**
 * One keep-alive connection per client. node:http rather than `fetch`: undici's fetch costs about twice
 * the CPU per request, and on a 2-core machine the load generator's CPU is taken from the servers.
 */
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const target = new URL(baseUrl);

function send(path: string): Promise<void> {
  return new Promise((resolve) => {
    const fail = (why: string): void => {
      failures.push(`${path}: ${why}`);
      resolve();
    };
    const req = request(
      { agent, host: target.hostname, port: target.port, path, headers: { Accept: 'application/json' } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode !== 200) failures.push(`${path}: HTTP ${res.statusCode}`);
          resolve();
        });
        res.on('error', (error) => fail(String(error)));
      },
    );
    req.on('error', (error) => fail(String(error)));
    req.end();
  });
}

async function closedLoopClient(id: number): Promise<void> {
  for (let i = 0; i < WARMUP + requests; i++) {
    const started = performance.now();
    await send(pathFor(id, i));
    if (i >= WARMUP) latencies.push(performance.now() - started);
  }
}

/** Client `id` of a paced run: request i is due at `start + (id / clients + i) * interval`. */
async function pacedClient(id: number, start: number, intervalMs: number): Promise<void> {
  for (let i = 0; i < WARMUP + requests; i++) {
    const due = start + (id / clients + i) * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await send(pathFor(id, i));
    if (i >= WARMUP) latencies.push(performance.now() - due);
  }
}

const started = performance.now();
if (ratePerSec === undefined) {
  await Promise.all(Array.from({ length: clients }, (_, id) => closedLoopClient(id)));
} else {
  const intervalMs = (clients * 1000) / ratePerSec;
  await Promise.all(Array.from({ length: clients }, (_, id) => pacedClient(id, started, intervalMs)));
}
// Throughput counts the warm-up requests too: they share the wall time with the timed ones.
const sent = clients * (WARMUP + requests);
const { user, system } = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    latencies,
    sent,
    cpuMs: (user + system) / 1000,
    failures: failures.slice(0, 10),
    failureCount: failures.length,
    wallMs: performance.now() - started,
  }) + '\n',
);
agent.destroy();

/**
 * The REST load generator, run as its own process so it does not share an event loop with the server
 * it measures: `clients` concurrent loops, each alternating `GET /connectors` and
 * `GET /connectors/{name}/status`, first a few unrecorded warm-up requests, then `requests` timed ones.
 * Prints one JSON line: the latencies (ms) and any failures.
 *
 * Usage: rest-load-client.ts <baseUrl> <connector,connector> <clients> <requestsPerClient>
 */
const [baseUrl, names, clientsArg, requestsArg] = process.argv.slice(2);
if (baseUrl === undefined || names === undefined) throw new Error('usage: rest-load-client.ts <baseUrl> <connectors> <clients> <requests>');
const connectors = names.split(',');
const clients = Number(clientsArg ?? '50');
const requests = Number(requestsArg ?? '40');
const WARMUP = 5;

const paths = ['/connectors', ...connectors.map((c) => `/connectors/${encodeURIComponent(c)}/status`)];
const latencies: number[] = [];
const failures: string[] = [];

async function client(id: number): Promise<void> {
  for (let i = 0; i < WARMUP + requests; i++) {
    const path = i % 2 === 0 ? paths[0]! : paths[1 + ((id + i) % (paths.length - 1))]!;
    const started = performance.now();
    try {
      const response = await fetch(baseUrl + path, { headers: { Accept: 'application/json' } });
      await response.arrayBuffer();
      if (response.status !== 200) failures.push(`${path}: HTTP ${response.status}`);
    } catch (error) {
      failures.push(`${path}: ${String(error)}`);
    }
    if (i >= WARMUP) latencies.push(performance.now() - started);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: clients }, (_, id) => client(id)));
process.stdout.write(JSON.stringify({ latencies, failures: failures.slice(0, 10), failureCount: failures.length, wallMs: performance.now() - started }) + '\n');

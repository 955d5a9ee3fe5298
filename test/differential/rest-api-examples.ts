/**
 * Writes docs/rest-api.md from a real run: starts a broker, a Connect 4.3.1 worker and our stack, sends
 * one request per endpoint to our stack, checks that Connect answers the same (after normalization, or
 * as a documented deviation) and records request and response. `npx tsx test/differential/rest-api-examples.ts`
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { hasState, hasTasks, type StatusBody } from './case.js';
import { caseContext, deleteAllConnectors, startDiffEnv, type Pair } from './harness.js';
import type { DiffRequest, Exchange } from './targets.js';
import { describe } from './verdict.js';
import { SECTIONS, type Example } from './rest-api-sections.js';

const OUT = fileURLToPath(new URL('../../docs/rest-api.md', import.meta.url));
const LIMIT = 2_000;

const env = await startDiffEnv();
const lines: string[] = [];
try {
  await deleteAllConnectors(env);
  const differences: string[] = [];
  const details: string[] = [];
  const ctx = caseContext(env, 'examples', (c) => {
    if (c.equal) return;
    differences.push(c.label);
    details.push(describe(c));
  });
  const steps = {
    async show(example: Example): Promise<Pair> {
      const pair = await ctx.both(example.title, example.request, example.options);
      lines.push(render(example, pair.ours));
      return pair;
    },
    async waitRunning(path: string, tasks: number): Promise<void> {
      await ctx.waitBoth(`wait ${path}`, { method: 'GET', path }, hasState('RUNNING', tasks));
    },
    async waitTasks(path: string, tasks: number): Promise<void> {
      await ctx.waitBoth(`wait ${path}`, { method: 'GET', path }, hasTasks(tasks));
    },
    async waitStopped(path: string): Promise<void> {
      await ctx.waitBoth(
        `wait ${path}`,
        { method: 'GET', path },
        (e) =>
          e.status === 200 &&
          (e.body as StatusBody).connector?.state === 'STOPPED' &&
          (e.body as StatusBody).tasks?.length === 0,
      );
    },
    async until(request: DiffRequest, done: (e: Exchange) => boolean): Promise<void> {
      await ctx.waitBoth(`wait ${request.path}`, request, done);
    },
    forEach: ctx.forEach,
  };
  for (const section of SECTIONS) {
    lines.push(`\n## ${section.title}\n`, ...(section.intro === undefined ? [] : [`${section.intro}\n`]));
    await section.run(steps);
  }
  await writeFile(OUT, header(differences));
  await appendFile(OUT, lines.join('\n') + '\n');
  process.stdout.write(
    `wrote ${OUT}; differences from Connect: ${differences.length === 0 ? 'none' : `\n${details.join('\n')}`}\n`,
  );
} finally {
  await deleteAllConnectors(env).catch(() => undefined);
  await env.stop();
}

function render(example: Example, response: Exchange): string {
  const { method, path, body, raw, contentType } = example.request;
  const shownPath = example.shownPath ?? path;
  const sent = raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(publicValue(body));
  const requestBody =
    sent === undefined ? '' : ` \\\n  -H 'Content-Type: ${contentType ?? 'application/json'}' -d '${sent}'`;
  const curl = `curl -s -X ${method} "http://localhost:8083${publicText(shownPath)}"${requestBody}`;
  const location = response.headers.get('location');
  const status = `HTTP ${response.status}${location === null ? '' : `\nLocation: ${publicText(new URL(location).pathname)}`}`;
  const shown =
    response.body === null
      ? ''
      : `\n${clip(JSON.stringify(publicValue(example.view === undefined ? response.body : example.view(response.body)), null, 2))}`;
  const parts = [
    `### ${example.title}\n`,
    ...(example.note === undefined ? [] : [`${example.note}\n`]),
    '```sh',
    curl,
    '```',
    '```http',
    `${status}${shown}`,
    '```',
    '',
  ];
  return parts.join('\n');
}

function clip(text: string): string {
  return text.length > LIMIT ? `${text.slice(0, LIMIT)}\n… (${text.length} characters in all)` : text;
}

/** Our scratch directory and run token shown as the placeholders a reader would use. */
function publicText(text: string): string {
  // The test stack listens on a port the OS picked; `npm start` listens on 8083.
  return text
    .replaceAll('127.0.0.1:0"', '127.0.0.1:8083"')
    .replaceAll(env.ours.dir, '/tmp/lc')
    .replaceAll(env.ours.token, 'demo')
    .replaceAll('{{dir}}', '/tmp/lc')
    .replaceAll('{{t}}', 'demo');
}

function publicValue(value: unknown): unknown {
  return JSON.parse(publicText(JSON.stringify(value)));
}

function header(differences: readonly string[]): string {
  return `# The Connect REST API of lambda-connect

lambda-connect answers the REST API of Apache Kafka Connect 4.3.1. Every example below was recorded
from a real run of the local stack (\`npm start\` serves the same API on \`http://localhost:8083\`) by
\`test/differential/rest-api-examples.ts\`, which sent the same request to a real Connect 4.3.1 worker and
checked that it answers the same (worker ids, versions and times aside). ${differences.length === 0 ? 'In that run every example matched.' : `In that run every example matched except: ${differences.join('; ')} (documented deviations).`}
Known differences are listed, with their reasons, in [compatibility.md](compatibility.md); the full
comparison is the differential suite (\`test/integration/differential.test.ts\`).

Conventions, as in Connect: JSON in and out (a request body with another media type is a 415); errors
are \`{"error_code": <HTTP status>, "message": "…"}\`; an unknown path is a 404 \`HTTP 404 Not Found\` and a
known path with another method a 405 \`HTTP 405 Method Not Allowed\`. Long responses are cut (\`…\`).
Headers as Connect's: \`Content-Type: application/json\` on JSON answers, none on empty 202/204 answers
(nor on Jersey's own 404/405/415); see docs/decisions/0011-client-visible-http-fidelity.md. The whole
API is described by an OpenAPI 3.1 document served at \`GET /openapi.json\` (not a Connect path), which
every answer of the differential suite validates against.
`;
}

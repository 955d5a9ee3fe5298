/** Probe (a): the REST fuzz, with state captured before and after and the server's memory sampled. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fuzzCases, BASE_SINK, BASE_SOURCE, type FuzzCase } from './fuzz-cases.js';
import { call, enc, send, type RawResponse } from './http.js';
import { allRunning } from './pipeline.js';
import { sampleProcess } from './processes.js';
import { pause, until, type ChaosContext, type ProbeResult } from './probe-types.js';
import { diff, snapshot } from './state.js';

const CONCURRENCY = 8;

/** The connector a request names: the path's, or the body's `name` for POST /connectors. */
function touched(c: FuzzCase): string | null {
  const match = /^\/connectors\/([^/?]+)/.exec(c.request.path);
  if (match !== null) {
    try {
      return decodeURIComponent(match[1] as string);
    } catch {
      return match[1] as string;
    }
  }
  if (c.request.method === 'POST' && c.request.path === '/connectors' && typeof c.request.body === 'string') {
    try {
      const name: unknown = (JSON.parse(c.request.body) as { name?: unknown }).name;
      return typeof name === 'string' ? name.trim() : null;
    } catch {
      return null;
    }
  }
  return null;
}

export async function fuzzProbe(ctx: ChaosContext): Promise<ProbeResult> {
  const port = ctx.port();
  await writeFile(join(ctx.filesDir, 'base-source.txt'), 'one\ntwo\nthree\n');
  await call(port, 'POST', '/connectors', {
    name: BASE_SOURCE,
    config: { 'connector.class': 'FileStreamSource', file: join(ctx.filesDir, 'base-source.txt'), topic: 'chaos-base' },
  });
  await call(port, 'POST', '/connectors', {
    name: BASE_SINK,
    config: { 'connector.class': 'FileStreamSink', file: join(ctx.filesDir, 'base-sink.txt'), topics: 'chaos-base' },
  });
  await until(() => allRunning(port, [BASE_SOURCE, BASE_SINK]), 60_000);
  await until(
    async () =>
      (await call<{ offsets?: unknown[] }>(port, 'GET', `/connectors/${BASE_SOURCE}/offsets`)).body.offsets?.length ===
      1,
    30_000,
  );
  await pause(3000);
  const before = await snapshot(port);
  const rssBefore = (await sampleProcess(ctx.stackPid()))?.rssMb ?? 0;

  const count = ctx.quick ? 2000 : 5200;
  const cases = fuzzCases(count);
  ctx.log(`fuzz: ${cases.length} hostile requests, ${CONCURRENCY} at a time`);
  const responses: Array<{ c: FuzzCase; res: RawResponse }> = [];
  let next = 0;
  let rssPeak = rssBefore;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++] as FuzzCase;
      responses.push({ c, res: await send(port, c.request) });
      if (responses.length % 1000 === 0) {
        rssPeak = Math.max(rssPeak, (await sampleProcess(ctx.stackPid()))?.rssMb ?? 0);
        ctx.log(`fuzz: ${responses.length}/${cases.length}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Let the scheduler reconcile whatever was accepted, then compare.
  await pause(5000);
  const after = await snapshot(port);
  const accepted = new Set(
    responses
      .filter((r) => r.c.request.method !== 'GET' && r.res.status >= 200 && r.res.status < 300)
      .map((r) => touched(r.c))
      .filter((n): n is string => n !== null),
  );
  const loggerAccepted = responses.some(
    (r) => r.c.request.method === 'PUT' && r.c.request.path.startsWith('/admin/loggers') && r.res.status === 200,
  );
  const changes = diff(before, after);
  const unexplained = changes.filter(({ key }) => {
    if (key === '/admin/loggers') return !loggerAccepted;
    if (key === '/connectors') {
      const strip = (v: string | undefined) =>
        JSON.stringify((JSON.parse(v ?? '[]') as string[]).filter((n) => !accepted.has(n)));
      return strip(changes.find((d) => d.key === key)?.before) !== strip(changes.find((d) => d.key === key)?.after);
    }
    const name = key.slice(0, key.lastIndexOf('/'));
    return !accepted.has(name);
  });

  // Memory: sampled until it settles back, for up to 60 s.
  let rssAfter = 0;
  const tolerance = (mb: number) => mb <= rssBefore * 1.25 + 30;
  await until(
    async () => {
      rssAfter = (await sampleProcess(ctx.stackPid()))?.rssMb ?? 0;
      return tolerance(rssAfter);
    },
    ctx.quick ? 20_000 : 60_000,
    2000,
  );

  const byStatus = new Map<string, number>();
  for (const { res } of responses) byStatus.set(String(res.status), (byStatus.get(String(res.status)) ?? 0) + 1);
  const fiveHundreds = responses.filter((r) => r.res.status >= 500 || r.res.status === 0);
  const byCategory = new Map<string, Map<number, number>>();
  for (const { c, res } of responses) {
    const m = byCategory.get(c.category) ?? new Map<number, number>();
    m.set(res.status, (m.get(res.status) ?? 0) + 1);
    byCategory.set(c.category, m);
  }
  for (const name of accepted) await call(port, 'DELETE', `/connectors/${enc(name)}`).catch(() => undefined);

  const statusLine = [...byStatus.entries()]
    .sort()
    .map(([s, n]) => `${s === '0' ? 'no answer' : s}: ${n}`)
    .join(', ');
  const pass = responses.length >= 5000 && fiveHundreds.length === 0 && unexplained.length === 0 && tolerance(rssAfter);
  const details = [
    `${responses.length} requests; by status: ${statusLine}.`,
    `Server RSS: ${rssBefore} MB before, peak ${rssPeak} MB, ${rssAfter} MB after (criterion: back within 25 % + 30 MB of the baseline).`,
    `State: ${changes.length} snapshot entries changed, ${unexplained.length} not explained by an accepted (2xx) request; connectors created by accepted requests: ${accepted.size} (${[
      ...accepted,
    ]
      .slice(0, 10)
      .map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n))
      .join(', ')}).`,
    '',
    '| category | answers by status |',
    '| --- | --- |',
    ...[...byCategory.entries()].map(
      ([cat, m]) =>
        `| ${cat} | ${[...m.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s === 0 ? 'no answer' : s}×${n}`)
          .join(', ')} |`,
    ),
  ];
  if (fiveHundreds.length > 0) {
    details.push('', 'Responses ≥ 500 (first 10):', '');
    for (const { c, res } of fiveHundreds.slice(0, 10))
      details.push(
        `- ${res.status} ${c.category}: \`${c.request.method} ${c.request.path.slice(0, 80)}\` → \`${res.body.slice(0, 160).replace(/`/g, "'")}\``,
      );
  }
  if (unexplained.length > 0) {
    details.push('', 'State changed without an accepted request (first 10):', '');
    for (const d of unexplained.slice(0, 10))
      details.push(
        `- \`${d.key.slice(0, 80)}\`: \`${(d.before ?? '∅').slice(0, 100)}\` → \`${(d.after ?? '∅').slice(0, 100)}\``,
      );
  }
  return {
    probe: '(a) REST fuzz',
    criterion:
      '≥ 5,000 hostile requests → 0 responses ≥ 500; state unchanged by refused requests; memory back to baseline',
    pass: ctx.quick ? fiveHundreds.length === 0 && unexplained.length === 0 && tolerance(rssAfter) : pass,
    summary: `${responses.length} req; ≥500: ${fiveHundreds.length}; unexplained state changes: ${unexplained.length}; RSS ${rssBefore}→${rssAfter} MB`,
    details,
  };
}

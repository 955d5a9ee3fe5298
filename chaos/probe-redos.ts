/**
 * Probe (g): catastrophic regexes from configs. Paced REST latency (p99) and the scheduler tick's
 * duration are measured before and after connectors with `transforms.r.regex=(a+)+` and
 * `topics.regex=(a+)+$` exist, beside a topic whose name makes those patterns backtrack.
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { call, send } from './http.js';
import { pause, type ChaosContext, type ProbeResult } from './probe-types.js';

const HOSTILE_TOPIC = `${'a'.repeat(32)}!`;

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
}

/** 20 clients paced at 100 requests/s in all, for `ms`: status reads and a validation with the patterns. */
async function pacedLatency(port: number, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + ms;
  const body = JSON.stringify({
    'connector.class': 'FileStreamSink',
    'topics.regex': '(a+)+$',
    transforms: 'r',
    'transforms.r.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.r.regex': '(a+)+',
    'transforms.r.replacement': 'x',
  });
  const client = async (k: number): Promise<void> => {
    let next = Date.now() + k * 10;
    while (next < end) {
      await pause(Math.max(0, next - Date.now()));
      const res =
        k % 2 === 0
          ? await send(port, { method: 'GET', path: '/connectors/redos-router/status', headers: {} })
          : await send(port, {
              method: 'PUT',
              path: '/connector-plugins/FileStreamSink/config/validate',
              headers: { 'Content-Type': 'application/json' },
              body,
            });
      latencies.push(res.ms);
      next += 200;
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, k) => client(k)));
  return latencies;
}

/** Scheduler ticks through the local Invoke API, synchronously, timed. */
async function tickDurations(invokeUrl: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await fetch(`${invokeUrl}/2015-03-31/functions/lambda-connect-scheduler/invocations`, {
      method: 'POST',
      headers: { 'X-Amz-Invocation-Type': 'RequestResponse' },
      body: '{}',
    }).then((r) => r.arrayBuffer());
    out.push(performance.now() - started);
  }
  return out;
}

export async function redosProbe(ctx: ChaosContext, invokeUrl: string | null, bootstrap: string): Promise<ProbeResult> {
  const port = ctx.port();
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: HOSTILE_TOPIC, numPartitions: 1 }] }).catch(() => false);
  await admin.disconnect();
  const seconds = ctx.quick ? 5 : 15;
  const ticks = ctx.quick ? 10 : 30;
  // The same two connectors before and after; only their patterns change, so the tick does the same work.
  const configs = (router: string, topics: string) => [
    {
      name: 'redos-router',
      config: {
        'connector.class': 'FileStreamSink',
        topics: HOSTILE_TOPIC,
        file: join(ctx.filesDir, 'redos-router.txt'),
        transforms: 'r',
        'transforms.r.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.r.regex': router,
        'transforms.r.replacement': 'routed',
      },
    },
    {
      name: 'redos-topics',
      config: {
        'connector.class': 'FileStreamSink',
        'topics.regex': topics,
        file: join(ctx.filesDir, 'redos-topics.txt'),
      },
    },
  ];
  for (const c of configs('benign', 'benign-[a-z]+')) await call(port, 'POST', '/connectors', c);
  await pause(3000);
  const restBefore = await pacedLatency(port, seconds * 1000);
  const tickBefore = invokeUrl === null ? [] : await tickDurations(invokeUrl, ticks);
  const created: Array<{ status: number }> = [];
  for (const c of configs('(a+)+', '(a+)+$'))
    created.push(await call(port, 'PUT', `/connectors/${c.name}/config`, c.config));
  await pause(3000);
  const restAfter = await pacedLatency(port, seconds * 1000);
  const tickAfter = invokeUrl === null ? [] : await tickDurations(invokeUrl, ticks);
  for (const name of ['redos-router', 'redos-topics']) await call(port, 'DELETE', `/connectors/${name}`);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const restOk = p99(restAfter) < 50;
  const tickOk = tickAfter.length > 0 && med(tickAfter) <= med(tickBefore) * 1.5 + 20;
  return {
    probe: '(g) ReDoS patterns',
    criterion: 'REST p99 < 50 ms paced with the patterns configured; scheduler tick unaffected',
    pass: restOk && tickOk && created.every((c) => c.status === 200),
    summary: `REST p99 ${p99(restBefore).toFixed(1)} → ${p99(restAfter).toFixed(1)} ms; tick median ${med(tickBefore).toFixed(0)} → ${med(tickAfter).toFixed(0)} ms (p99 ${p99(tickBefore).toFixed(0)} → ${p99(tickAfter).toFixed(0)})`,
    details: [
      `Before: the two connectors with benign patterns; after: the same connectors updated to the hostile ones (answers ${created.map((c) => c.status).join(', ')}: accepted, they run in linear time). Topic \`${HOSTILE_TOPIC}\` exists.`,
      `REST paced (20 clients, 100 req/s, ${seconds} s, status reads and validations with the patterns): ${restBefore.length} / ${restAfter.length} requests, p50 ${med(restBefore).toFixed(1)} / ${med(restAfter).toFixed(1)} ms, p99 ${p99(restBefore).toFixed(1)} / ${p99(restAfter).toFixed(1)} ms (before / after).`,
      `Scheduler tick through the Invoke API, ${ticks} synchronous ticks: median ${med(tickBefore).toFixed(1)} / ${med(tickAfter).toFixed(1)} ms, p99 ${p99(tickBefore).toFixed(1)} / ${p99(tickAfter).toFixed(1)} ms (criterion: after ≤ 1.5 × before + 20 ms).`,
    ],
  };
}

/**
 * A FileStream pipeline for the fault probes: a writer appends numbered lines to a source file, a
 * FileStreamSource sends them to a topic, a FileStreamSink writes them to another file. "0 records
 * lost" means every line written appears in the sink file (duplicates, which at-least-once allows, are
 * counted and shown).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { call, enc } from './http.js';
import { until } from './probe-types.js';

export interface Pipeline {
  readonly names: readonly string[];
  /** Lines written so far. */
  written(): number;
  /** Stops the writer; resolves with the number of lines written. */
  stopWriter(): Promise<number>;
  /** Distinct lines of the writer found in the sink file, and duplicates. */
  delivered(): Promise<{ distinct: number; duplicates: number }>;
  remove(): Promise<void>;
}

/** Creates the two connectors and starts writing `linesPerSecond` lines. */
export async function startPipeline(
  port: () => number,
  dir: string,
  id: string,
  linesPerSecond = 100,
): Promise<Pipeline> {
  const source = join(dir, `source-${id}.txt`);
  const sink = join(dir, `sink-${id}.txt`);
  await writeFile(source, '');
  await writeFile(sink, '');
  const topic = `chaos-pipe-${id}`;
  const names = [`pipe-source-${id}`, `pipe-sink-${id}`];
  const created = [
    await call(port(), 'POST', '/connectors', {
      name: names[0],
      config: { 'connector.class': 'FileStreamSource', file: source, topic },
    }),
    await call(port(), 'POST', '/connectors', {
      name: names[1],
      config: { 'connector.class': 'FileStreamSink', file: sink, topics: topic },
    }),
  ];
  for (const res of created)
    if (res.status !== 201)
      throw new Error(`pipeline ${id}: create answered ${res.status} ${JSON.stringify(res.body)}`);
  let seq = 0;
  let writing: Promise<void> = Promise.resolve();
  const perTick = Math.max(1, Math.round(linesPerSecond / 10));
  const timer = setInterval(() => {
    let text = '';
    for (let k = 0; k < perTick; k++) text += `${id}-${++seq}\n`;
    writing = writing.then(() => appendFile(source, text));
  }, 100);
  const delivered = async (): Promise<{ distinct: number; duplicates: number }> => {
    const lines = (await readFile(sink, 'utf8')).split('\n').filter((l) => l.startsWith(`${id}-`));
    const distinct = new Set(lines).size;
    return { distinct, duplicates: lines.length - distinct };
  };
  return {
    names,
    written: () => seq,
    stopWriter: async () => {
      clearInterval(timer);
      await writing;
      return seq;
    },
    delivered,
    remove: async () => {
      clearInterval(timer);
      for (const name of names) await call(port(), 'DELETE', `/connectors/${enc(name)}`).catch(() => undefined);
    },
  };
}

/** Connector and every task RUNNING (and at least one task). */
export async function allRunning(port: number, names: readonly string[]): Promise<boolean> {
  for (const name of names) {
    const res = await call<{ connector?: { state: string }; tasks?: Array<{ state: string }> }>(
      port,
      'GET',
      `/connectors/${enc(name)}/status`,
    );
    if (res.status !== 200 || res.body.connector?.state !== 'RUNNING') return false;
    const tasks = res.body.tasks ?? [];
    if (tasks.length === 0 || tasks.some((t) => t.state !== 'RUNNING')) return false;
  }
  return true;
}

/** Task states by connector, for the report. */
export async function states(port: number, names: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const name of names) {
    const res = await call<{ connector?: { state: string }; tasks?: Array<{ state: string }> }>(
      port,
      'GET',
      `/connectors/${enc(name)}/status`,
    ).catch(() => ({ status: 0, body: {} as { connector?: { state: string }; tasks?: Array<{ state: string }> } }));
    parts.push(
      `${name}: ${res.status === 200 ? `${res.body.connector?.state ?? '?'} [${(res.body.tasks ?? []).map((t) => t.state).join(',')}]` : `HTTP ${res.status}`}`,
    );
  }
  return parts.join('; ');
}

/** Waits until the sink has every line written so far (the writer stopped). */
export async function waitDelivered(pipeline: Pipeline, total: number, timeoutMs: number): Promise<boolean> {
  return until(async () => (await pipeline.delivered()).distinct >= total, timeoutMs, 1000);
}

/**
 * AvroFormat's codecs and `schema.compatibility` side by side, on a memory store (encoding, projection
 * and compression only; no network): 100,000 Struct records over 4 partitions, flush.size 12,500.
 *
 * - `null` / `deflate` / `snappy`: one schema version, `NONE`.
 * - `BACKWARD, one version`: the same records under `BACKWARD` (the per-record check, nothing projected).
 * - `BACKWARD, v1/v2 alternating`: every other record of a partition is v1 and is projected to v2 (half).
 *
 * The cases run round-robin (run 1 of each, then run 2 of each, …) so a load change hits them alike; each
 * figure is the median of the runs with its spread. Writes bench/results/s3schema.{json,md}.
 *   npx tsx plugins/s3/bench/schema.ts [--quick]
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SchemaBuilder, Schemas, Struct, type SinkRecord, type TopicPartition } from 'lambda-connect/api';
import { spread, type Spread } from '../../../bench/stats.js';
import { MemoryObjectStore, type ObjectStore } from '../src/object-store.js';
import { S3SinkTask } from '../src/s3-sink-task.js';
import type { S3SinkConfig } from '../src/s3-sink-config.js';
import { offsetsFor, testContext } from '../test/fixtures/memory-task.js';
import { sinkRecord } from '../test/fixtures/records.js';

const PARTITIONS = 4;
const BATCH = 2_000;

class MemoryTask extends S3SinkTask {
  bytes = 0;
  protected override createStore(_config: S3SinkConfig): ObjectStore {
    const store = new MemoryObjectStore();
    return {
      put: async (key, body, contentType) => {
        this.bytes += body.length;
        await store.put(key, body, contentType);
      },
      close: () => store.close(),
    };
  }
}

const fields = (b: SchemaBuilder) =>
  b
    .field('id', Schemas.INT64)
    .field('customer', Schemas.STRING)
    .field('amount', Schemas.FLOAT64)
    .field('currency', Schemas.STRING)
    .field('note', Schemas.OPTIONAL_STRING);
const V1 = fields(new SchemaBuilder('struct').name('bench.Order').version(1)).build();
const V2 = fields(new SchemaBuilder('struct').name('bench.Order').version(2))
  .field('channel', new SchemaBuilder('string').defaultValue('web').build())
  .build();

function workload(count: number, alternate: boolean): SinkRecord[] {
  return Array.from({ length: count }, (_, i) => {
    // Odd offsets v1: each object starts with a v2 record, so the v1 records are projected, never rotate.
    const schema = alternate && Math.floor(i / PARTITIONS) % 2 === 1 ? V1 : V2;
    const value = new Struct(schema)
      .put('id', i)
      .put('customer', `customer-${i % 997}`)
      .put('amount', (i % 10_000) / 100)
      .put('currency', 'EUR')
      .put('note', i % 3 === 0 ? null : 'an order placed through the benchmark');
    if (schema === V2) value.put('channel', i % 5 === 0 ? 'shop' : 'web');
    return sinkRecord({
      partition: i % PARTITIONS,
      offset: Math.floor(i / PARTITIONS),
      value,
      valueSchema: schema,
      timestamp: 1_700_000_000_000 + i,
    });
  });
}

async function pass(config: Record<string, string>, records: readonly SinkRecord[]): Promise<[number, number]> {
  const tps: TopicPartition[] = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'orders', partition }));
  const task = new MemoryTask();
  task.initialize(testContext(config, null));
  task.start(config);
  await task.open(tps);
  const started = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    await task.put(records.slice(i, i + BATCH));
    await task.preCommit(offsetsFor(tps));
  }
  const seconds = (performance.now() - started) / 1000;
  await task.close(tps);
  await task.stop();
  return [seconds, task.bytes];
}

interface Case {
  readonly name: string;
  readonly config: Record<string, string>;
  readonly records: readonly SinkRecord[];
}

export async function schemaBenchmark(quick: boolean): Promise<Record<string, unknown>> {
  const count = quick ? 20_000 : 100_000;
  const runs = quick ? 3 : 5;
  const one = workload(count, false);
  const alternating = workload(count, true);
  const base = {
    topics: 'orders',
    's3.bucket.name': 'bench',
    'format.class': 'AvroFormat',
    // Two objects per partition: every record ends up in an uploaded object.
    'flush.size': String(count / PARTITIONS / 2),
  };
  const cases: Case[] = [
    { name: 'avro.codec=null', config: { ...base, 'avro.codec': 'null' }, records: one },
    { name: 'avro.codec=deflate', config: { ...base, 'avro.codec': 'deflate' }, records: one },
    { name: 'avro.codec=snappy', config: { ...base, 'avro.codec': 'snappy' }, records: one },
    { name: 'BACKWARD, one version', config: { ...base, 'schema.compatibility': 'BACKWARD' }, records: one },
    {
      name: 'BACKWARD, v1/v2 alternating (half projected)',
      config: { ...base, 'schema.compatibility': 'BACKWARD' },
      records: alternating,
    },
  ];
  const load = [loadavg()[0] ?? 0];
  const seconds = new Map(cases.map((c) => [c.name, [] as number[]]));
  const bytes = new Map<string, number>();
  await pass(cases[0]?.config ?? base, one.slice(0, 10_000)); // warm-up
  for (let run = 0; run < runs; run++) {
    for (const c of cases) {
      const [s, b] = await pass(c.config, c.records);
      seconds.get(c.name)?.push(s);
      bytes.set(c.name, b);
    }
    load.push(loadavg()[0] ?? 0);
  }
  const results: Record<string, { recordsPerSecond: Spread; objectBytes: number }> = {};
  for (const c of cases)
    results[c.name] = {
      recordsPerSecond: spread((seconds.get(c.name) ?? []).map((s) => count / s)),
      objectBytes: bytes.get(c.name) ?? 0,
    };
  return {
    generatedAt: new Date().toISOString(),
    records: count,
    runs,
    loadAverage1m: { min: Math.min(...load), max: Math.max(...load) },
    results,
  };
}

function markdown(report: Record<string, unknown>): string {
  const results = report['results'] as Record<string, { recordsPerSecond: Spread; objectBytes: number }>;
  const baseline = results['avro.codec=null']?.recordsPerSecond.median ?? 1;
  const load = report['loadAverage1m'] as { min: number; max: number };
  const rows = Object.entries(results).map(
    ([name, r]) =>
      `| ${name} | ${Math.round(r.recordsPerSecond.median).toLocaleString('en-US')} (${Math.round(r.recordsPerSecond.min).toLocaleString('en-US')}–${Math.round(r.recordsPerSecond.max).toLocaleString('en-US')}) | ${(r.recordsPerSecond.median / baseline).toFixed(2)}× | ${(r.objectBytes / 1e6).toFixed(2)} MB |`,
  );
  return [
    '# S3 sink AvroFormat: codecs and schema.compatibility (memory store)',
    '',
    `${Number(report['records']).toLocaleString('en-US')} records over 4 partitions, flush.size ${Number(report['records']) / 8} (two objects per partition), batches of 2,000; median of ${String(report['runs'])} runs (min–max), cases round-robin. Load average (1 min) ${load.min.toFixed(1)}–${load.max.toFixed(1)} on 2 cores. Generated ${String(report['generatedAt'])} by \`npx tsx plugins/s3/bench/schema.ts\`.`,
    '',
    '| case | records/s | vs null codec | objects |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await schemaBenchmark(process.argv.includes('--quick'));
  const dir = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
  await writeFile(`${dir}s3schema.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${dir}s3schema.md`, markdown(report));
  process.stdout.write(markdown(report));
}

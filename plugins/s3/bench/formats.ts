/**
 * The S3 sink's formats side by side on one workload of records with a Connect schema (Structs: int64,
 * strings, a double, a timestamp, an optional string): JsonFormat, AvroFormat (deflate) and ParquetFormat
 * (snappy, gzip) written to moto, 4 partitions, flush.size 10,000. Records/s and MB/s (MB of the records as
 * JSON lines, the same input measure for every format), and the bytes per record the objects take in S3.
 * Each figure is the median of 3 runs with its spread. Run by `npm run bench -- --plugins` (through
 * bench/run.ts) or alone: `npx tsx plugins/s3/bench/formats.ts [--quick]`, which also writes
 * bench/results/parquet.{json,md}.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
  type SinkRecord,
  type TopicPartition,
} from 'lambda-connect/api';
import { spread, type Spread } from '../../../bench/stats.js';
import { startMotoServer } from '../../../local/moto/index.js';
import { S3SinkTask } from '../src/s3-sink-task.js';
import { offsetsFor, testContext } from '../test/fixtures/memory-task.js';
import { sinkRecord } from '../test/fixtures/records.js';

const PARTITIONS = 4;
const BATCH = 2_000;
const RUNS = 3;
const FLUSH_SIZE = 10_000;

const ORDER = SchemaBuilder.struct()
  .name('bench.Order')
  .field('id', Schemas.INT64)
  .field('customer', Schemas.STRING)
  .field('amount', Schemas.FLOAT64)
  .field('currency', Schemas.STRING)
  .field('note', Schemas.OPTIONAL_STRING)
  .field('at', LogicalTimestamp.SCHEMA)
  .build();

function workload(count: number): { records: SinkRecord[]; bytes: number } {
  const records: SinkRecord[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const note = i % 4 === 0 ? null : 'an order placed through the benchmark';
    const at = 1_700_000_000_000 + i;
    const value = new Struct(ORDER)
      .put('id', i)
      .put('customer', `customer-${i % 997}`)
      .put('amount', (i % 10_000) / 100)
      .put('currency', 'EUR')
      .put('note', note)
      .put('at', new Date(at));
    bytes +=
      JSON.stringify({ id: i, customer: `customer-${i % 997}`, amount: (i % 10_000) / 100, currency: 'EUR', note, at })
        .length + 1;
    records.push(
      sinkRecord({
        partition: i % PARTITIONS,
        offset: Math.floor(i / PARTITIONS),
        value,
        valueSchema: ORDER,
        timestamp: at,
      }),
    );
  }
  return { records, bytes };
}

async function pass(config: Record<string, string>, records: readonly SinkRecord[]): Promise<number> {
  const task = new S3SinkTask();
  const tps: TopicPartition[] = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'orders', partition }));
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
  return seconds;
}

export interface FormatFigures {
  readonly recordsPerSecond: Spread;
  readonly megabytesPerSecond: Spread;
  /** Object bytes in S3 per record (the values' objects; deterministic, so one run's). */
  readonly bytesPerRecord: number;
  readonly extension: string;
}

export async function formatBenchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const count = options.quick === true ? 40_000 : 200_000;
  const { records, bytes } = workload(count);
  const moto = await startMotoServer();
  const client = new S3Client({
    endpoint: moto.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  let buckets = 0;
  const variants: Array<[string, Record<string, string>]> = [
    ['json', { 'format.class': 'JsonFormat' }],
    ['avroDeflate', { 'format.class': 'AvroFormat', 'avro.codec': 'deflate' }],
    ['parquetSnappy', { 'format.class': 'ParquetFormat', 'parquet.codec': 'snappy' }],
    ['parquetGzip', { 'format.class': 'ParquetFormat', 'parquet.codec': 'gzip' }],
  ];
  const figures: Record<string, FormatFigures> = {};
  try {
    options.progress?.(
      `formats: ${count.toLocaleString('en-US')} Struct records (${(bytes / 1e6).toFixed(1)} MB as JSON lines), ${RUNS} runs each`,
    );
    for (const [name, extra] of variants) {
      const seconds: number[] = [];
      let objectBytes = 0;
      let extension = '';
      for (let run = 0; run < RUNS; run++) {
        const bucket = `bench-formats-${process.pid}-${++buckets}`;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        seconds.push(
          await pass(
            {
              topics: 'orders',
              's3.bucket.name': bucket,
              'store.url': moto.endpoint,
              's3.region': 'us-east-1',
              'flush.size': String(FLUSH_SIZE),
              ...extra,
            },
            records,
          ),
        );
        if (run === 0) {
          const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
          objectBytes = (listed.Contents ?? []).reduce((sum, o) => sum + (o.Size ?? 0), 0);
          const key = listed.Contents?.[0]?.Key ?? '';
          extension = key.slice(key.indexOf('.'));
        }
      }
      figures[name] = {
        recordsPerSecond: spread(seconds.map((s) => records.length / s)),
        megabytesPerSecond: spread(seconds.map((s) => bytes / s / 1e6)),
        bytesPerRecord: Number((objectBytes / count).toFixed(1)),
        extension,
      };
      options.progress?.(
        `formats, ${name}: ${figures[name]?.recordsPerSecond.median} records/s, ${figures[name]?.bytesPerRecord} B/record`,
      );
    }
    return {
      workload: {
        records: count,
        partitions: PARTITIONS,
        flushSize: FLUSH_SIZE,
        jsonMegabytes: Number((bytes / 1e6).toFixed(2)),
        runs: RUNS,
      },
      ...figures,
    };
  } finally {
    client.destroy();
    await moto.close();
  }
}

function markdown(result: Record<string, unknown>, measuredAt: string, load: number[]): string {
  const rows = Object.entries(result)
    .filter(([name]) => name !== 'workload')
    .map(([name, f]) => {
      const x = f as FormatFigures;
      const range = (s: Spread) => `${s.median} (${s.min}–${s.max})`;
      return `| ${name} | ${x.extension} | ${range(x.recordsPerSecond)} | ${range(x.megabytesPerSecond)} | ${x.bytesPerRecord} |`;
    });
  return [
    '# S3 sink formats (plugins/s3/bench/formats.ts)',
    '',
    `Measured ${measuredAt}, load average ${load.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) on ${process.arch}; moto on the same machine.`,
    `Workload: ${JSON.stringify(result['workload'])}. Median (min–max) of the runs; MB/s counts the records as JSON lines.`,
    '',
    '| variant | extension | records/s | MB/s | bytes/record in S3 |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const loadBefore = loadavg();
  const result = await formatBenchmark({
    quick: process.argv.includes('--quick'),
    progress: (line) => console.error(line),
  });
  const measuredAt = new Date().toISOString();
  const load = loadavg().map((l, i) => Math.max(l, loadBefore[i] ?? 0));
  const out = new URL('../../../bench/results/', import.meta.url);
  await writeFile(
    new URL('parquet.json', out),
    `${JSON.stringify({ measuredAt, loadAverage: load, ...result }, null, 2)}\n`,
  );
  await writeFile(new URL('parquet.md', out), markdown(result, measuredAt, load));
  console.log(markdown(result, measuredAt, load));
}

/**
 * The S3 sink's throughput: records/s and MB/s of JSON lines written as objects to moto (a real
 * S3-compatible server on this machine), plain and gzip, beside the same task writing to memory (the
 * encoding ceiling, no network). 4 partitions, flush.size 10,000, ~120-byte records; each figure is the
 * median of 3 runs with its spread; then the formats side by side on Struct records (formats.ts: JSON,
 * Avro, Parquet). `npm run bench -- --plugins` runs it.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { SinkRecord, TopicPartition } from 'lambda-connect/api';
import { spread, type Spread } from '../../../bench/stats.js';
import { startMotoServer } from '../../../local/moto/index.js';
import { MemoryObjectStore, type ObjectStore } from '../src/object-store.js';
import { S3SinkTask } from '../src/s3-sink-task.js';
import type { S3SinkConfig } from '../src/s3-sink-config.js';
import { offsetsFor, testContext } from '../test/fixtures/memory-task.js';
import { formatBenchmark } from './formats.js';
import { sinkRecord } from '../test/fixtures/records.js';

const PARTITIONS = 4;
const BATCH = 2_000;
const RUNS = 3;

class MemoryTask extends S3SinkTask {
  protected override createStore(_config: S3SinkConfig): ObjectStore {
    return new MemoryObjectStore();
  }
}

function workload(count: number): { records: SinkRecord[]; bytes: number } {
  const records: SinkRecord[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const partition = i % PARTITIONS;
    const value = {
      id: i,
      customer: `customer-${i % 997}`,
      amount: (i % 10_000) / 100,
      currency: 'EUR',
      note: 'an order placed through the benchmark',
    };
    bytes += JSON.stringify(value).length + 1;
    records.push(
      sinkRecord({ partition, offset: Math.floor(i / PARTITIONS), value, timestamp: 1_700_000_000_000 + i }),
    );
  }
  return { records, bytes };
}

/** One pass: a started task takes every record in batches, committing after each; returns the seconds it took. */
async function pass(task: S3SinkTask, config: Record<string, string>, records: readonly SinkRecord[]): Promise<number> {
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

interface Figures {
  readonly recordsPerSecond: Spread;
  readonly megabytesPerSecond: Spread;
}

async function measure(
  make: () => S3SinkTask,
  config: () => Promise<Record<string, string>>,
  records: readonly SinkRecord[],
  bytes: number,
): Promise<Figures> {
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) seconds.push(await pass(make(), await config(), records));
  return {
    recordsPerSecond: spread(seconds.map((s) => records.length / s)),
    megabytesPerSecond: spread(seconds.map((s) => bytes / s / 1e6)),
  };
}

export async function benchmark(
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
  const config = (extra: Record<string, string>) => async (): Promise<Record<string, string>> => {
    const bucket = `bench-${process.pid}-${++buckets}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      topics: 'orders',
      's3.bucket.name': bucket,
      'store.url': moto.endpoint,
      's3.region': 'us-east-1',
      'format.class': 'JsonFormat',
      'flush.size': '10000',
      ...extra,
    };
  };
  try {
    options.progress?.(
      `${count.toLocaleString('en-US')} records (${(bytes / 1e6).toFixed(1)} MB of JSON lines), ${RUNS} runs each`,
    );
    const memoryJson = await measure(() => new MemoryTask(), config({}), records, bytes);
    options.progress?.(`memory store, JSON: ${memoryJson.recordsPerSecond.median} records/s`);
    const motoJson = await measure(() => new S3SinkTask(), config({}), records, bytes);
    options.progress?.(`moto, JSON: ${motoJson.recordsPerSecond.median} records/s`);
    const motoGzip = await measure(() => new S3SinkTask(), config({ 's3.compression.type': 'gzip' }), records, bytes);
    options.progress?.(`moto, JSON + gzip: ${motoGzip.recordsPerSecond.median} records/s`);
    // JsonFormat, AvroFormat and ParquetFormat on Struct records (formats.ts: its own moto and workload).
    const formats = await formatBenchmark(options);
    return {
      workload: {
        records: count,
        partitions: PARTITIONS,
        flushSize: 10_000,
        megabytes: Number((bytes / 1e6).toFixed(2)),
        runs: RUNS,
      },
      memoryJson,
      motoJson,
      motoGzip,
      formats,
    };
  } finally {
    client.destroy();
    await moto.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) });
  console.log(JSON.stringify(figures, null, 2));
}

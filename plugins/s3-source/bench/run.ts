/**
 * The S3 source's read rate from moto: records the sink's layout holds (4 partitions, flush.size 10,000,
 * keys and headers sidecars) read back by one task, polled until it has read everything. The task alone
 * (no Kafka): what the source contributes to a restore. Each variant runs several times from moto and
 * from an in-memory bucket (the task's own cost); figures are median, min and max records/s and MB/s of
 * object bytes.
 *
 *   npm run bench -- --plugins          (or: npx tsx plugins/s3-source/bench/run.ts [--quick])
 */
import { pathToFileURL } from 'node:url';
import type { SourceRecord } from 'lambda-connect/api';
import { Formats, MemoryBucket, S3SourceTask, type Bucket } from '../src/index.js';
import { startMotoS3 } from '../test/helpers/moto.js';
import { originalRecords, sinkLayout, type LayoutOptions } from '../test/helpers/sink-layout.js';

interface Variant {
  readonly name: string;
  readonly layout: Omit<LayoutOptions, 'flushSize'>;
  readonly format: string;
}

const VARIANTS: readonly Variant[] = [
  { name: 'json', layout: { format: 'json', keys: true, headers: true }, format: Formats.JSON },
  { name: 'json-gzip', layout: { format: 'json', keys: true, headers: true, gzip: true }, format: Formats.JSON },
  { name: 'bytearray', layout: { format: 'bytes', keys: true }, format: Formats.BYTE_ARRAY },
];

function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

/** The task on an in-memory bucket: its own cost, without the server's. */
class MemoryTask extends S3SourceTask {
  constructor(private readonly memory: MemoryBucket) {
    super();
  }
  protected override openBucket(): Bucket {
    return this.memory;
  }
}

async function readAll(config: Record<string, string>, memory?: MemoryBucket): Promise<number> {
  const task = memory === undefined ? new S3SourceTask() : new MemoryTask(memory);
  task.initialize({
    configs: () => ({}),
    offsetStorageReader: () => ({ offset: async () => null, offsets: async (ps) => new Map(ps.map((p) => [p, null])) }),
  });
  task.start(config);
  let count = 0;
  try {
    for (let batch: SourceRecord[] | null = await task.poll(); batch !== null; batch = await task.poll())
      count += batch.length;
  } finally {
    await task.stop();
  }
  return count;
}

export async function benchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const records = options.quick === true ? 20_000 : 200_000;
  const runs = options.quick === true ? 3 : 5;
  const log = options.progress ?? (() => undefined);
  const moto = await startMotoS3();
  const results: Record<string, unknown> = { records, partitions: 4, flushSize: 10_000, runs, batchMaxSize: 1000 };
  try {
    const originals = originalRecords('bench', 4, records);
    for (const variant of VARIANTS) {
      const objects = sinkLayout(originals, { ...variant.layout, flushSize: 10_000 });
      const bytes = [...objects.values()].reduce((sum, body) => sum + body.length, 0);
      const bucket = `bench-${variant.name}-${process.pid}`;
      await moto.createBucket(bucket);
      await moto.putObjects(bucket, objects);
      const config = {
        ...moto.connectorConfig(bucket),
        'format.class': variant.format,
        'record.batch.max.size': '1000',
      };
      const memory = new MemoryBucket();
      memory.chunkSize = 64 * 1024;
      for (const [key, body] of objects) memory.put(key, body);
      const measure = async (from?: MemoryBucket): Promise<Record<string, unknown>> => {
        const rates: number[] = [];
        const mbs: number[] = [];
        for (let run = 0; run < runs; run++) {
          const started = process.hrtime.bigint();
          const read = await readAll(config, from);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (read !== records) throw new Error(`${variant.name}: read ${read} records, expected ${records}`);
          rates.push(Math.round(records / seconds));
          mbs.push(bytes / 1e6 / seconds);
        }
        return { recordsPerSecond: spread(rates), mbPerSecond: spread(mbs) };
      };
      const fromMoto = await measure();
      const inMemory = await measure(memory);
      results[variant.name] = { moto: fromMoto, memory: inMemory, objectBytes: bytes, objects: objects.size };
      log(
        `${variant.name}: moto ${JSON.stringify(fromMoto['recordsPerSecond'])}, in memory ${JSON.stringify(inMemory['recordsPerSecond'])} records/s`,
      );
    }
  } finally {
    await moto.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) });
  console.log(JSON.stringify(results, null, 2));
}

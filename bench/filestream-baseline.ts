/**
 * The FileStream sink measured beside the plugins' benchmarks, in the same run and the same way (the
 * task driven directly, batches of 2,000 records, a flush (fsync) after each batch as before a commit),
 * on the S3 sink bench's workload: 4 partitions of ~120-byte order values. Records/s and MB/s of lines
 * written, each the median of the runs with its spread.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimestampType, type SinkRecord, type SinkTaskContext } from '../lib/api/index.js';
import { FileStreamSinkTask } from '../lib/connectors/file/file-stream-sink-task.js';
import { spread, type Spread } from './stats.js';

const PARTITIONS = 4;
const BATCH = 2_000;

export interface BaselineFigures {
  readonly records: number;
  readonly runs: number;
  readonly recordsPerSecond: Spread;
  readonly megabytesPerSecond: Spread;
}

function records(count: number): SinkRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const partition = i % PARTITIONS;
    const offset = Math.floor(i / PARTITIONS);
    const value = {
      id: i,
      customer: `customer-${i % 997}`,
      amount: (i % 10_000) / 100,
      currency: 'EUR',
      note: 'an order placed through the benchmark',
    };
    return {
      topic: 'orders',
      kafkaPartition: partition,
      kafkaOffset: offset,
      keySchema: null,
      key: null,
      valueSchema: null,
      value,
      timestamp: 1_700_000_000_000 + i,
      timestampType: TimestampType.CREATE_TIME,
      headers: [],
      originalTopic: 'orders',
      originalKafkaPartition: partition,
      originalKafkaOffset: offset,
    };
  });
}

const CONTEXT = (config: Record<string, string>): SinkTaskContext => ({
  configs: () => config,
  offset: () => undefined,
  timeout: () => undefined,
  assignment: () => [],
  pause: () => undefined,
  resume: () => undefined,
  requestCommit: () => undefined,
  errantRecordReporter: () => null,
});

/** One pass into a new file: seconds taken and bytes written. */
async function pass(file: string, batch: readonly SinkRecord[]): Promise<{ seconds: number; bytes: number }> {
  const config = { file };
  const task = new FileStreamSinkTask();
  task.initialize(CONTEXT(config));
  await task.start(config);
  const started = performance.now();
  for (let i = 0; i < batch.length; i += BATCH) {
    await task.put(batch.slice(i, i + BATCH));
    await task.flush(new Map());
  }
  const seconds = (performance.now() - started) / 1000;
  await task.stop();
  return { seconds, bytes: (await stat(file)).size };
}

export async function fileStreamSinkBaseline(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<BaselineFigures> {
  const count = options.quick === true ? 40_000 : 200_000;
  const runs = options.quick === true ? 3 : 5;
  const workload = records(count);
  const dir = await mkdtemp(join(tmpdir(), 'lc-bench-filestream-'));
  try {
    const passes: Array<{ seconds: number; bytes: number }> = [];
    for (let run = 0; run < runs; run++) passes.push(await pass(join(dir, `sink-${run}.txt`), workload));
    const figures = {
      records: count,
      runs,
      recordsPerSecond: spread(passes.map((p) => count / p.seconds)),
      megabytesPerSecond: spread(passes.map((p) => p.bytes / p.seconds / 1e6)),
    };
    options.progress?.(
      `FileStream sink: ${figures.recordsPerSecond.median} records/s, ${figures.megabytesPerSecond.median} MB/s`,
    );
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

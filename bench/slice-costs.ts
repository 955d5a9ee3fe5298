/**
 * What the framework costs around a task's own work, measured on the quiet stack one slice at a time:
 * - idle slices (no data): their whole duration is lease, status, config and offset work, plus, for a
 *   sink, the fetch that waits for data (`kafkaData`, subtracted as the task's own I/O);
 * - scheduler ticks with and without idle connectors (the per-minute cycle on AWS), with the DynamoDB
 *   calls they make;
 * - bulk slices: DynamoDB calls per record moved, for the cost model at a steady rate.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { KafkaPort } from '../lib/kafka/kafka-port.js';
import type { SliceReport } from '../lib/worker/task-runner.js';
import { CallCategory, timeCalls, type CallTimer } from './call-timer.js';
import { usageSince, type DynamoUsage } from './dynamo-meter.js';
import { fileSize, writeLinesFile } from './lines-file.js';
import { ConverterChoice, sinkConfig, sourceConfig } from './pipeline.js';
import type { QuietStack } from './quiet-stack.js';

export interface IdleSlice {
  readonly kind: 'source' | 'sink';
  readonly durationMs: number;
  /** durationMs minus the slice's own data I/O (the sink's waiting fetch). */
  readonly overheadMs: number;
  readonly byCategory: Record<string, { ms: number; calls: number }>;
  readonly dynamo: DynamoUsage;
}

export interface Cycle {
  readonly connectors: number;
  readonly tickMs: number;
  readonly sliceMs: readonly number[];
  readonly dynamo: DynamoUsage;
}

export interface BulkUsage {
  readonly kind: 'source' | 'sink';
  readonly records: number;
  readonly slices: number;
  readonly sliceMs: number;
  readonly dynamo: DynamoUsage;
}

export interface SliceCostContext {
  readonly quiet: QuietStack;
  readonly kafka: KafkaPort;
  readonly workDir: string;
  readonly lineLength: number;
}

const IDLE_SOURCE = 'bench-idle-source';
const IDLE_SINK = 'bench-idle-sink';

/** Creates one idle source and one idle sink connector and waits for their first (kicked) slices. */
export async function createIdleConnectors(ctx: SliceCostContext): Promise<string[]> {
  const file = join(ctx.workDir, 'idle-source.txt');
  await writeFile(file, '');
  const topic = `bench-idle-${process.pid}`;
  await ctx.kafka.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  await ctx.quiet.rest.createConnector(IDLE_SOURCE, sourceConfig(file, `${topic}-out`, ConverterChoice.STRING));
  await ctx.quiet.rest.createConnector(
    IDLE_SINK,
    sinkConfig(join(ctx.workDir, 'idle-sink.txt'), topic, ConverterChoice.STRING),
  );
  await until(
    () => [IDLE_SOURCE, IDLE_SINK].every((c) => ctx.quiet.slices.some((s) => s.connector === c)),
    30_000,
    'the idle connectors ran their first slices',
  );
  return [IDLE_SOURCE, IDLE_SINK];
}

export async function deleteIdleConnectors(ctx: SliceCostContext): Promise<void> {
  await ctx.quiet.rest.deleteConnector(IDLE_SOURCE);
  await ctx.quiet.rest.deleteConnector(IDLE_SINK);
}

/** `count` idle slices of each idle connector, invoked directly one at a time. */
export async function measureIdleSlices(ctx: SliceCostContext, count: number): Promise<IdleSlice[]> {
  const timer = timeCalls(ctx.quiet.stack.runtime.stores, ctx.quiet.stack.runtime.kafka);
  const samples: IdleSlice[] = [];
  try {
    for (let i = 0; i < count; i++) {
      for (const [connector, kind] of [
        [IDLE_SOURCE, 'source'],
        [IDLE_SINK, 'sink'],
      ] as const) {
        const generation = await ctx.quiet.generation(connector);
        const before = ctx.quiet.dynamo.usage();
        timer.reset();
        const report = await invokeCompleted(ctx.quiet, connector, generation);
        samples.push(idleSample(kind, report, timer, usageSince(ctx.quiet.dynamo.usage(), before)));
      }
    }
  } finally {
    timer.restore();
  }
  return samples;
}

function idleSample(kind: 'source' | 'sink', report: SliceReport, timer: CallTimer, dynamo: DynamoUsage): IdleSlice {
  const byCategory = timer.totals();
  const own = byCategory[CallCategory.KAFKA_DATA].ms;
  return { kind, durationMs: report.durationMs, overheadMs: Math.max(0, report.durationMs - own), byCategory, dynamo };
}

/** A slice that ran (the lease can still be held for a moment by the previous one: try again). */
async function invokeCompleted(quiet: QuietStack, connector: string, generation: number): Promise<SliceReport> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const report = await quiet.invokeSlice(connector, 0, generation);
    if (report.outcome === 'completed') return report;
    if (report.outcome !== 'busy') throw new Error(`idle slice of ${connector} ended ${report.outcome}`);
    await delay(20);
  }
  throw new Error(`the lease of ${connector} stayed busy`);
}

/** Scheduler ticks, each followed by the slices it started, as happens once a minute on AWS. */
export async function measureCycles(
  ctx: SliceCostContext,
  connectors: readonly string[],
  count: number,
): Promise<Cycle[]> {
  const cycles: Cycle[] = [];
  for (let i = 0; i < count; i++) {
    const before = ctx.quiet.dynamo.usage();
    const seen = ctx.quiet.slices.length;
    const started = performance.now();
    await ctx.quiet.stack.tick();
    const tickMs = performance.now() - started;
    await until(
      () => connectors.every((c) => ctx.quiet.slices.slice(seen).some((s) => s.connector === c)),
      30_000,
      `slices of ${connectors.join(', ')} after a tick`,
    );
    const sliceMs = ctx.quiet.slices.slice(seen).map((s) => s.durationMs);
    cycles.push({
      connectors: connectors.length,
      tickMs,
      sliceMs,
      dynamo: usageSince(ctx.quiet.dynamo.usage(), before),
    });
  }
  return cycles;
}

/**
 * A source then a sink connector moving `records` lines. Both are created idle first (empty file,
 * empty topic) and their first slices run, so the usage measured afterwards is only that of the slices
 * moving the data, invoked directly (plus the continuations they start themselves).
 */
export async function measureBulk(ctx: SliceCostContext, records: number): Promise<BulkUsage[]> {
  const input = join(ctx.workDir, 'bulk.txt');
  const output = join(ctx.workDir, 'bulk.out');
  const topic = `bench-bulk-${process.pid}`;
  const [source, sink] = ['bench-bulk-source', 'bench-bulk-sink'] as const;
  await writeFile(input, '');
  await ctx.kafka.createTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
  await ctx.quiet.rest.createConnector(source, sourceConfig(input, topic, ConverterChoice.STRING));
  await ctx.quiet.rest.createConnector(sink, sinkConfig(output, topic, ConverterChoice.STRING));
  await until(
    () => [source, sink].every((c) => ctx.quiet.slices.some((s) => s.connector === c)),
    30_000,
    'the bulk connectors ran their first slices',
  );
  const bytes = await writeLinesFile(input, records, ctx.lineLength);
  const endOffset = async (): Promise<number> =>
    (await ctx.kafka.listOffsets([{ topic, partition: 0 }], 'latest')).get(`${topic}-0`) ?? 0;
  const results = [
    await drive(ctx, 'source', source, records, async () => (await endOffset()) >= records),
    await drive(ctx, 'sink', sink, records, async () => (await fileSize(output)) >= bytes),
  ];
  await ctx.quiet.rest.deleteConnector(source);
  await ctx.quiet.rest.deleteConnector(sink);
  return results;
}

/** Invokes slices of `connector` until `done`, then waits for its last continuation to report. */
async function drive(
  ctx: SliceCostContext,
  kind: 'source' | 'sink',
  connector: string,
  records: number,
  done: () => Promise<boolean>,
): Promise<BulkUsage> {
  const generation = await ctx.quiet.generation(connector);
  const before = ctx.quiet.dynamo.usage();
  const seen = ctx.quiet.slices.length;
  const deadline = performance.now() + 120_000;
  const mine = (): SliceReport[] => ctx.quiet.slices.slice(seen).filter((s) => s.connector === connector);
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`${kind} bulk run of ${records} records timed out`);
    const report = await ctx.quiet.invokeSlice(connector, 0, generation);
    if (report.outcome === 'busy') await delay(20);
  }
  await until(() => mine().at(-1)?.continued === false, 30_000, `${kind} bulk slices finished`);
  const slices = mine().filter((s) => s.outcome === 'completed');
  return {
    kind,
    records,
    slices: slices.length,
    sliceMs: slices.reduce((n, s) => n + s.durationMs, 0),
    dynamo: usageSince(ctx.quiet.dynamo.usage(), before),
  };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await untilAsync(async () => condition(), timeoutMs, what);
}

async function untilAsync(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await delay(10);
  }
}

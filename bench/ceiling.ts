/** Section 3: the ceilings (Kafka's own perf tools, raw kafkajs, our adapter), repeated. */
import { consumerPerformance, producerPerformance, type ToolRun } from './ceiling-java.js';
import { adapterFetch, adapterProduce, kafkajsConsume, kafkajsProduce } from './ceiling-node.js';
import type { BenchEnvironment } from './environment.js';
import type { Progress } from './progress.js';
import { spread, type Spread } from './stats.js';
import { ensureToolsJars } from './tools-jars.js';

export interface CeilingFigure {
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  readonly spread: Spread;
}

export const CeilingName = {
  KAFKA_PRODUCER_PERF: 'kafkaProducerPerf',
  KAFKA_CONSUMER_PERF: 'kafkaConsumerPerf',
  KAFKAJS_PRODUCE: 'kafkajsProduce',
  KAFKAJS_CONSUME: 'kafkajsConsume',
  ADAPTER_PRODUCE: 'adapterProduce',
  ADAPTER_FETCH: 'adapterFetch',
} as const;
export type CeilingName = (typeof CeilingName)[keyof typeof CeilingName];

export async function measureCeiling(
  env: BenchEnvironment,
  records: number,
  recordSize: number,
  rounds: number,
  progress: Progress,
): Promise<Record<CeilingName, CeilingFigure>> {
  const libDir = await ensureToolsJars((m) => progress.step(m));
  const ctx = { libDir, bootstrapServers: env.bootstrapServers, workDir: env.workDir };
  const runs = Object.fromEntries(Object.values(CeilingName).map((n) => [n, [] as ToolRun[]])) as Record<
    CeilingName,
    ToolRun[]
  >;
  const record = (name: CeilingName, run: ToolRun): void => {
    runs[name].push(run);
    progress.step(
      `  ${name}: ${Math.round(run.recordsPerSec).toLocaleString('en-US')} rec/s (${run.mbPerSec.toFixed(1)} MB/s)`,
    );
  };
  for (let round = 0; round < rounds; round++) {
    progress.step(`round ${round + 1}/${rounds}`);
    const topic = `bench-ceiling-${process.pid}-${round}`;
    await env.kafka.createTopics([
      { topic: `${topic}-java`, numPartitions: 1, replicationFactor: 1 },
      { topic: `${topic}-kjs`, numPartitions: 1, replicationFactor: 1 },
      { topic: `${topic}-ad`, numPartitions: 1, replicationFactor: 1 },
    ]);
    record(CeilingName.KAFKA_PRODUCER_PERF, await producerPerformance(ctx, `${topic}-java`, records, recordSize));
    record(CeilingName.KAFKA_CONSUMER_PERF, await consumerPerformance(ctx, `${topic}-java`, records));
    record(
      CeilingName.KAFKAJS_PRODUCE,
      await kafkajsProduce(env.bootstrapServers, `${topic}-kjs`, records, recordSize),
    );
    record(CeilingName.KAFKAJS_CONSUME, await kafkajsConsume(env.bootstrapServers, `${topic}-kjs`, records));
    record(CeilingName.ADAPTER_PRODUCE, await adapterProduce(env.kafka, `${topic}-ad`, records, recordSize));
    record(CeilingName.ADAPTER_FETCH, await adapterFetch(env.kafka, `${topic}-ad`, records));
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => {
      const s = spread(list.map((r) => r.recordsPerSec));
      return [name, { recordsPerSec: s.median, mbPerSec: spread(list.map((r) => r.mbPerSec)).median, spread: s }];
    }),
  ) as Record<CeilingName, CeilingFigure>;
}

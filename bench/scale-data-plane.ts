/**
 * The data plane at scale (issue 12): one connector over a 12-partition topic with `tasks.max` 1, 2, 4,
 * 6 and 12, records/s for each, on a local stack with its usual 2 s ticks and real slices.
 * - Sink: a FileStream sink (StringConverter) reading a topic filled beforehand with 100-byte records
 *   dealt evenly over the partitions; done when its stored sink offsets cover every record.
 * - Source: Datagen (`quickstart` users, unpaced) with `iterations` split over the tasks; done when the
 *   topic's end offsets add up to the records.
 * Times count from the create request, so each includes the first tick that starts the tasks (≤ 2 s).
 *
 * Where the machine is the limit: the local stack runs every slice of every task in this one Node
 * process (as one Lambda instance would run one), on a machine of 2 cores shared with the broker and
 * DynamoDB; on AWS each task's slice is an instance of its own. The CPU this process spent per record is
 * reported beside the rate, so a flat rate with a flat CPU per record shows the process is the ceiling.
 */
import { join } from 'node:path';
import { ConverterChoice, sinkConfig } from './pipeline.js';
import type { Progress } from './progress.js';
import { connectClient } from './connect-client.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';

export interface TaskScaleRun {
  readonly tasks: number;
  readonly ms: number;
  readonly recordsPerSec: number;
  readonly recordsPerSecPerTask: number;
  /** CPU time of the process running the slices, per 1,000 records. */
  readonly cpuMsPer1000Records: number;
}

export interface DataPlaneFigures {
  readonly records: number;
  readonly partitions: number;
  readonly sink: readonly TaskScaleRun[];
  readonly source: readonly TaskScaleRun[];
  readonly sinkRecordsPerSec: Record<string, number>;
  readonly sourceRecordsPerSec: Record<string, number>;
}

const PARTITIONS = 12;
const LINE = 'x'.repeat(99);
const TIMEOUT_MS = 600_000;

export async function measureDataPlane(
  bootstrapServers: string,
  workDir: string,
  records: number,
  taskCounts: readonly number[],
  progress: Progress,
): Promise<DataPlaneFigures> {
  const stack = await startLocalStack({
    port: 0,
    kafkaBootstrapServers: bootstrapServers,
    tablePrefix: 'lc-scale-data',
    tickMs: 2_000,
    enforceIam: false,
  });
  try {
    const input = `scale-data-in-${process.pid}`;
    await fillTopic(stack, input, records, progress);
    const sink: TaskScaleRun[] = [];
    for (const tasks of taskCounts) {
      const name = `scale-sink-tasks${tasks}-${process.pid}`;
      const config = {
        ...sinkConfig(join(workDir, `${name}.out`), input, ConverterChoice.STRING),
        'tasks.max': String(tasks),
      };
      const run = await timedRun(stack, name, config, tasks, records, async () =>
        sumOf(await stack.runtime.stores.offsets.getSinkOffsets(name)),
      );
      sink.push(run);
      progress.step(
        `sink, tasks.max ${tasks}: ${Math.round(run.recordsPerSec)} records/s (${Math.round(run.recordsPerSecPerTask)} per task), ${run.cpuMsPer1000Records.toFixed(1)} ms CPU per 1,000 records`,
      );
    }
    const source: TaskScaleRun[] = [];
    for (const tasks of taskCounts) {
      const name = `scale-datagen-tasks${tasks}-${process.pid}`;
      const topic = `${name}-out`;
      await stack.runtime.kafka.createTopics([{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }]);
      const perTask = Math.ceil(records / tasks);
      const config = {
        'connector.class': 'DatagenConnector',
        'kafka.topic': topic,
        quickstart: 'users',
        'max.interval': '0',
        iterations: String(perTask),
        'tasks.max': String(tasks),
      };
      const run = await timedRun(stack, name, config, tasks, perTask * tasks, () => endOffsets(stack, topic));
      source.push(run);
      progress.step(
        `Datagen source, tasks.max ${tasks}: ${Math.round(run.recordsPerSec)} records/s (${Math.round(run.recordsPerSecPerTask)} per task), ${run.cpuMsPer1000Records.toFixed(1)} ms CPU per 1,000 records`,
      );
    }
    const byTasks = (runs: readonly TaskScaleRun[]): Record<string, number> =>
      Object.fromEntries(runs.map((r) => [`tasks${r.tasks}`, Math.round(r.recordsPerSec)]));
    return {
      records,
      partitions: PARTITIONS,
      sink,
      source,
      sinkRecordsPerSec: byTasks(sink),
      sourceRecordsPerSec: byTasks(source),
    };
  } finally {
    await stack.stop();
  }
}

/** Creates the connector, waits until `done()` reaches `records`, deletes it. */
async function timedRun(
  stack: LocalStack,
  name: string,
  config: Record<string, string>,
  tasks: number,
  records: number,
  done: () => Promise<number>,
): Promise<TaskScaleRun> {
  const client = connectClient(stack.url);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await client.createConnector(name, config);
  try {
    for (;;) {
      const seen = await done();
      const now = performance.now();
      if (seen >= records) {
        const ms = now - started;
        const cpu = process.cpuUsage(cpuBefore);
        const recordsPerSec = (records * 1000) / ms;
        return {
          tasks,
          ms: Math.round(ms),
          recordsPerSec,
          recordsPerSecPerTask: recordsPerSec / tasks,
          cpuMsPer1000Records: ((cpu.user + cpu.system) / 1000 / records) * 1000,
        };
      }
      if (now - started > TIMEOUT_MS)
        throw new Error(`${name}: ${seen} of ${records} records after ${Math.round(now - started)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.deleteConnector(name);
  }
}

async function fillTopic(stack: LocalStack, topic: string, records: number, progress: Progress): Promise<void> {
  const { kafka } = stack.runtime;
  await kafka.createTopics([{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }]);
  const value = new TextEncoder().encode(LINE);
  for (let sent = 0; sent < records; ) {
    const batch = Math.min(10_000, records - sent);
    await kafka.send(
      Array.from({ length: batch }, (_, i) => ({
        topic,
        partition: (sent + i) % PARTITIONS,
        key: null,
        value,
        timestamp: null,
        headers: [],
      })),
    );
    sent += batch;
  }
  progress.step(`${records.toLocaleString('en-US')} records of 100 bytes in ${topic} (${PARTITIONS} partitions)`);
}

async function endOffsets(stack: LocalStack, topic: string): Promise<number> {
  const ends = await stack.runtime.kafka.listOffsets(
    Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })),
    'latest',
  );
  return [...ends.values()].reduce((a, b) => a + b, 0);
}

function sumOf(offsets: ReadonlyArray<{ readonly offset: number }>): number {
  return offsets.reduce((a, o) => a + o.offset, 0);
}

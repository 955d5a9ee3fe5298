/**
 * Runs the JDBC source the way a slice does, without Kafka: start, poll until the task has nothing (or a
 * poll budget is spent), keep the last offset of each batch per partition as the worker commits it, stop.
 */
import type { SourceOffset, SourcePartition, SourceRecord } from 'lambda-connect/api';
import { JdbcSourceConnector, JdbcSourceTask } from '../src/source/index.js';

/** Committed offsets by partition (canonical JSON of the partition). */
export class OffsetStore {
  readonly offsets = new Map<string, SourceOffset>();

  get(partition: SourcePartition): SourceOffset | null {
    return this.offsets.get(key(partition)) ?? null;
  }

  commit(records: readonly SourceRecord[]): void {
    for (const record of records)
      if (record.sourcePartition !== null && record.sourceOffset !== null)
        this.offsets.set(key(record.sourcePartition), record.sourceOffset);
  }
}

function key(partition: SourcePartition): string {
  return JSON.stringify(
    Object.keys(partition)
      .sort()
      .map((k) => [k, partition[k]]),
  );
}

/** One slice of one task: the records it produced, offsets committed into `store` after each batch. */
export async function runSlice(
  taskConfig: Record<string, string>,
  store: OffsetStore,
  maxPolls = Number.POSITIVE_INFINITY,
): Promise<SourceRecord[]> {
  const task = new JdbcSourceTask();
  task.initialize({
    configs: () => taskConfig,
    offsetStorageReader: () => ({
      offset: async (p) => store.get(p),
      offsets: async (ps) => new Map(ps.map((p) => [p, store.get(p)])),
    }),
  });
  task.start(taskConfig);
  const records: SourceRecord[] = [];
  try {
    for (let polls = 0; polls < maxPolls; polls++) {
      const batch = await task.poll();
      if (batch === null || batch.length === 0) break;
      records.push(...batch);
      store.commit(batch);
    }
  } finally {
    await task.stop();
  }
  return records;
}

/** The connector's task configs for `props`. */
export async function taskConfigs(props: Record<string, string>, maxTasks = 1): Promise<Array<Record<string, string>>> {
  const connector = new JdbcSourceConnector();
  connector.start(props);
  try {
    return await connector.taskConfigs(maxTasks);
  } finally {
    connector.stop();
  }
}

/**
 * JDBC source throughput on a real PostgreSQL (started here): a table of every common type read to the
 * end by the source task in timestamp+incrementing mode, at several `batch.max.rows`, beside two
 * ceilings measured on the same server: the server's own `COPY … TO '/dev/null'` and one `SELECT *`
 * fetched whole by node-postgres as text (what any client pays before converting a value). Then the
 * whole path to Kafka in task-runner slices on a local stack (source-stack.ts).
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { startPostgres } from '../../../local/postgres/server.js';
import { spread, type Spread } from '../../../bench/stats.js';
import { endAllPools } from '../src/common/index.js';
import { JdbcSourceConnector, JdbcSourceTask } from '../src/source/index.js';
import { SOURCE_TABLE, createSourceTable } from './source-table.js';
import { sourceThroughStack } from './source-stack.js';

export interface SourceBenchOptions {
  readonly quick?: boolean;
  readonly progress?: (line: string) => void;
}

export async function sourceBenchmark(options: SourceBenchOptions = {}): Promise<Record<string, unknown>> {
  const rows = options.quick ? 20_000 : 100_000;
  const rounds = options.quick ? 2 : 3;
  const log = options.progress ?? (() => undefined);
  const server = await startPostgres();
  try {
    const client = await server.connect();
    try {
      log(`creating ${rows.toLocaleString('en-US')} rows`);
      await createSourceTable(client, rows);
      const props = {
        'connection.url': server.url,
        'connection.user': server.user,
        'connection.password': server.password,
        mode: 'timestamp+incrementing',
        'incrementing.column.name': 'id',
        'timestamp.column.name': 'tstz',
        'topic.prefix': 'bench-',
        'table.whitelist': SOURCE_TABLE,
      };
      const results: Record<string, unknown> = { rows, rounds };
      results['copyToDevNullRowsPerSecond'] = await measure(
        rounds,
        rows,
        async () => void (await client.query(`COPY ${SOURCE_TABLE} TO '/dev/null'`)),
      );
      const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
      results['selectAllFetchRowsPerSecond'] = await measure(
        rounds,
        rows,
        async () =>
          void (await client.query({ text: `SELECT * FROM ${SOURCE_TABLE}`, rowMode: 'array', types: rawText })),
      );
      for (const batch of [100, 1000, 10_000]) {
        const figure = await measure(rounds, rows, () =>
          drainTask({ ...props, 'batch.max.rows': String(batch) }, rows),
        );
        results[`taskRowsPerSecond_batch${batch}`] = figure;
        log(`batch.max.rows=${batch}: ${figure.median.toLocaleString('en-US')} rows/s`);
      }
      // The whole path: slices on a local stack, JsonConverter with schemas, a real broker.
      const stack = await sourceThroughStack(server, rows, rounds, 1000);
      results['throughStack'] = stack;
      log(`through the stack: ${stack.sliceRowsPerSecond.median.toLocaleString('en-US')} rows/s of slice time`);
      return results;
    } finally {
      await client.end();
    }
  } finally {
    await endAllPools();
    await server.stop();
  }
}

/** Rows per second of `work`, `rounds` times. */
async function measure(rounds: number, rows: number, work: () => Promise<void>): Promise<Spread> {
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await work();
    rates.push(rows / ((performance.now() - started) / 1000));
  }
  return spread(rates);
}

/** One task reading the table from the start to the end, as slices do (offsets kept between polls). */
async function drainTask(props: Record<string, string>, expected: number): Promise<void> {
  const connector = new JdbcSourceConnector();
  connector.start(props);
  const [config] = await connector.taskConfigs(1);
  const task = new JdbcSourceTask();
  task.initialize({
    configs: () => config!,
    offsetStorageReader: () => ({ offset: async () => null, offsets: async () => new Map() }),
  });
  task.start(config!);
  let read = 0;
  try {
    for (let batch = await task.poll(); batch !== null; batch = await task.poll()) read += batch.length;
  } finally {
    await task.stop();
  }
  if (read !== expected) throw new Error(`the task read ${read} rows, expected ${expected}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    JSON.stringify(
      await sourceBenchmark({ quick: process.argv.includes('--quick'), progress: (l) => console.error(l) }),
      null,
      2,
    ),
  );
}

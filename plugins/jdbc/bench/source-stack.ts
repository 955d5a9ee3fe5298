/**
 * The JDBC source in whole slices: a table of every common type → task-runner slices (query, convert
 * with JsonConverter + schemas, produce with acks=all to a real broker, commit offsets) on a quiet local
 * stack whose scheduler never ticks by itself; slices are invoked one by one as the scheduler would.
 * Rows per second of slice time, per run (a fresh connector and topic each), after one warm-up run.
 * Uses the repository's bench and local-stack helpers (a benchmark may; the plugin imports only the API).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startQuietStack } from '../../../bench/quiet-stack.js';
import { spread, type Spread } from '../../../bench/stats.js';
import { startKafkaBroker, type KafkaBroker } from '../../../local/kafka/broker.js';
import type { PostgresServer } from '../../../local/postgres/server.js';
import { SOURCE_TABLE } from './source-table.js';

type QuietStack = Awaited<ReturnType<typeof startQuietStack>>;

export interface StackFigures {
  readonly rows: number;
  readonly batchMaxRows: number;
  /** Rows per second of the slices' own durations. */
  readonly sliceRowsPerSecond: Spread;
  readonly slicesPerRun: Spread;
}

/** `runs` connectors each reading the whole table (`rows` rows) to a topic of their own. */
export async function sourceThroughStack(
  server: PostgresServer,
  rows: number,
  runs: number,
  batchMaxRows: number,
): Promise<StackFigures> {
  const workDir = await mkdtemp(join(tmpdir(), 'jdbc-source-bench-'));
  let broker: KafkaBroker | undefined;
  try {
    const servers =
      process.env['KAFKA_BOOTSTRAP_SERVERS'] ||
      (broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') })).bootstrapServers;
    const quiet = await startQuietStack(servers);
    try {
      const rates: number[] = [];
      const slices: number[] = [];
      for (let run = 0; run <= runs; run++) {
        const result = await oneRun(quiet, server, rows, batchMaxRows, run);
        // The first run warms the stack (handlers, producer connections, the pool) and is not counted.
        if (run === 0) continue;
        rates.push(result.rate);
        slices.push(result.slices);
      }
      return { rows, batchMaxRows, sliceRowsPerSecond: spread(rates), slicesPerRun: spread(slices) };
    } finally {
      await quiet.stop();
    }
  } finally {
    await broker?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function oneRun(
  quiet: QuietStack,
  server: PostgresServer,
  rows: number,
  batchMaxRows: number,
  run: number,
): Promise<{ rate: number; slices: number }> {
  const name = `jdbc-source-bench-${process.pid}-${Date.now().toString(36)}-${run}`;
  await quiet.rest.createConnector(name, {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'connection.url': server.url,
    'connection.user': server.user,
    'connection.password': server.password,
    mode: 'timestamp+incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'tstz',
    'table.whitelist': SOURCE_TABLE,
    'topic.prefix': `${name}-`,
    'batch.max.rows': String(batchMaxRows),
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
  });
  const generation = await taskGeneration(quiet, name);
  const mine = () => quiet.slices.filter((s) => s.connector === name && s.outcome === 'completed');
  const total = (key: 'records' | 'durationMs'): number => mine().reduce((sum, s) => sum + (s[key] ?? 0), 0);
  for (let i = 0; total('records') < rows; i++) {
    if (i > 1000) throw new Error(`${name}: ${total('records')} of ${rows} rows after ${i} slices`);
    await quiet.invokeSlice(name, 0, generation);
  }
  if (total('records') !== rows) throw new Error(`${name}: ${total('records')} records for ${rows} rows`);
  const result = { rate: total('records') / (total('durationMs') / 1000), slices: mine().length };
  await quiet.rest.deleteConnector(name);
  return result;
}

/** The connector's task-config generation, once the scheduler (kicked by the create) has written it. */
async function taskGeneration(quiet: QuietStack, name: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await quiet.generation(name);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await quiet.stack.tick();
    }
  }
}

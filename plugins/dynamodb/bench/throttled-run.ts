/**
 * Issue 14's DynamoDB figure: 100,000 records with 10 % updates of earlier keys and 1 % tombstones,
 * written through a proxy that answers every 10th call with ProvisionedThroughputExceededException and
 * every 7th BatchWriteItem with half its items unprocessed; then the table is compared with the last
 * value per key. Reports the time, the faults injected, the retries and any difference (must be none).
 */
import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbSinkTask } from '../src/index.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { sinkContext } from '../test/support/records.js';
import { createTable, scanAll } from '../test/support/servers.js';
import { byId, workload } from '../test/support/workload.js';

export interface ThrottledRunResult {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly calls: number;
  readonly throttled: number;
  readonly partialAnswers: number;
  readonly itemsReturnedUnprocessed: number;
  readonly retries: number;
  readonly expectedItems: number;
  readonly missingOrDifferent: number;
  readonly unexpected: number;
}

export async function throttledRun(
  client: DynamoDBClient,
  endpoint: string,
  count: number,
): Promise<ThrottledRunResult> {
  const topic = 'bench_throttled';
  await createTable(client, `sink_${topic}`, ['id', 'S']);
  const proxy = await startFaultProxy(endpoint, (operation, call) =>
    call % 10 === 0 ? 'throttle' : operation === 'BatchWriteItem' && call % 7 === 0 ? 'unprocess-half' : 'pass',
  );
  const props = {
    'aws.dynamodb.endpoint': proxy.endpoint,
    'aws.dynamodb.region': 'us-east-1',
    'aws.access.key.id': 'local',
    'aws.secret.access.key': 'local',
    'table.name.format': 'sink_${topic}',
    'aws.dynamodb.pk.hash': 'key:id',
    'aws.dynamodb.pk.sort': '',
    'batch.size': '25',
    'delete.enabled': 'true',
    'retry.backoff.ms': '10',
  };
  const task = new DynamoDbSinkTask();
  task.initialize(sinkContext(props, null));
  task.start(props);
  const load = workload(topic, count);
  const started = performance.now();
  try {
    for (let i = 0; i < load.records.length; i += 500) await task.put(load.records.slice(i, i + 500));
  } finally {
    task.stop();
    await proxy.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const actual = byId(await scanAll(client, `sink_${topic}`));
  let missingOrDifferent = 0;
  for (const [id, item] of load.expected) if (!isDeepStrictEqual(actual.get(id), item)) missingOrDifferent++;
  return {
    records: count,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(count / seconds),
    calls: proxy.counts.calls,
    throttled: proxy.counts.throttled,
    partialAnswers: proxy.counts.partial,
    itemsReturnedUnprocessed: proxy.counts.unprocessed,
    retries: task.stats.retries,
    expectedItems: load.expected.size,
    missingOrDifferent,
    unexpected: [...actual.keys()].filter((id) => !load.expected.has(id)).length,
  };
}

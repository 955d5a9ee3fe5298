/**
 * Probe (h): configs with `${secretsmanager:…}` / `${ssm:…}` references. The resolved values must never
 * be stored or shown: every item of the three DynamoDB tables and every REST answer about the connector
 * is searched for them. The sink's file name carries the secret, so the file appearing proves the task
 * did resolve it (a probe that never resolved would pass vacuously).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createLocalDynamoClient } from '../local/dynamodb/index.js';
import { tableNamesWithPrefix } from '../lib/stores/tables.js';
import { call, send } from './http.js';
import { allRunning } from './pipeline.js';
import { until, type ChaosContext, type ProbeResult } from './probe-types.js';

export const SECRET_VALUES = { password: 'pw-Zq8vKx31LmN', token: 'tok-Hh27PpQ0sRt' } as const;
export const FAKE_SECRETS = { 'chaos/db': JSON.stringify({ password: SECRET_VALUES.password }) };
export const FAKE_PARAMETERS = { '/chaos/token': SECRET_VALUES.token };

export async function secretsProbe(
  ctx: ChaosContext,
  dynamoEndpoint: string,
  fakeCalls: () => number,
): Promise<ProbeResult> {
  const port = ctx.port();
  const name = 'secrets-sink';
  const config = {
    'connector.class': 'FileStreamSink',
    topics: 'chaos-secrets',
    file: join(ctx.filesDir, 'secret-${secretsmanager:chaos/db:password}.txt'),
    'custom.token': '${ssm:/chaos/token}',
  };
  const created = await call(port, 'POST', '/connectors', { name, config });
  const running = await until(() => allRunning(port, [name]), 60_000);
  const resolvedFile = join(ctx.filesDir, `secret-${SECRET_VALUES.password}.txt`);
  const resolved = await until(async () => existsSync(resolvedFile), 30_000);
  const answers: string[] = [JSON.stringify(created.body)];
  for (const path of [
    '/connectors?expand=info&expand=status',
    `/connectors/${name}`,
    `/connectors/${name}/config`,
    `/connectors/${name}/tasks`,
    `/connectors/${name}/status`,
    `/connectors/${name}/tasks/0/status`,
    `/connectors/${name}/offsets`,
    `/connectors/${name}/topics`,
  ]) {
    answers.push((await send(port, { method: 'GET', path, headers: {} })).body);
  }
  answers.push(
    (
      await send(port, {
        method: 'PUT',
        path: '/connector-plugins/FileStreamSink/config/validate',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(config),
      })
    ).body,
  );
  const secrets = Object.values(SECRET_VALUES);
  const restHits = answers.filter((a) => secrets.some((s) => a.includes(s))).length;
  const client = createLocalDynamoClient(dynamoEndpoint);
  let items = 0;
  let tableHits = 0;
  try {
    for (const table of Object.values(tableNamesWithPrefix('lambda-connect'))) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: table, ...(start === undefined ? {} : { ExclusiveStartKey: start as never }) }),
        );
        for (const item of page.Items ?? []) {
          items++;
          const text = JSON.stringify(item);
          if (secrets.some((s) => text.includes(s))) tableHits++;
        }
        start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
      } while (start !== undefined);
    }
  } finally {
    client.destroy();
  }
  await call(port, 'DELETE', `/connectors/${name}`);
  return {
    probe: '(h) secrets by reference',
    criterion: 'a search of the config table and of every REST answer for the resolved values: 0 hits',
    pass: created.status === 201 && resolved && restHits === 0 && tableHits === 0,
    summary: `resolved by the task: ${resolved}; hits in ${items} table items: ${tableHits}; in ${answers.length} REST answers: ${restHits}`,
    details: [
      `Create answered ${created.status}; tasks RUNNING: ${running}; the fake Secrets Manager/SSM endpoint answered ${fakeCalls()} calls; the sink created the file named with the resolved secret: ${resolved}.`,
      `Items scanned in the config, offsets and state tables: ${items}, containing a resolved value: ${tableHits}. REST answers searched: ${answers.length}, containing one: ${restHits}.`,
    ],
  };
}

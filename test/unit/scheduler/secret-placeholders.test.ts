/**
 * Item 1 of issue 10 (KIP-297): `${secretsmanager:…}` / `${ssm:…}` placeholders are stored and shown as
 * written; the connector sees the resolved values in memory only. After a scheduler tick, neither the
 * DynamoDB tables, nor any REST answer, nor the scheduler's log holds a resolved secret.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ConfigResolver } from '../../../lib/config-providers/index.js';
import type { PluginCatalog } from '../../../lib/herder/plugin-catalog.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { Scheduler } from '../../../lib/scheduler/scheduler.js';
import { TestSourceConnector } from '../../fixtures/test-connectors.js';
import { createTestPluginCatalog } from '../../fixtures/test-plugin-catalog.js';
import { sourceConfig, TEST_WORKER_ID, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';
import { memorySecretsManager, memorySsm } from '../config-providers/memory-ports.js';

const h = useHerderHarness();

const PASSWORD = 's3cr3t-Password-91f2';
const TOPIC = 'resolved-topic-7c4e';
const TOKEN = 'tok-0a9d8e7f6c5b';
const SECRETS = [PASSWORD, TOPIC, TOKEN];

const PASSWORD_REF = '${secretsmanager:db-creds:password}';
const TOPIC_REF = '${ssm:/pipeline/topic}';

/** What the connectors were started with: the resolved values must reach them. */
const startedWith: Array<Readonly<Record<string, string>>> = [];

/** Copies every key to its tasks, and one secret to a key of its own; fails at start when told to. */
class CopyingSource extends TestSourceConnector {
  #props: Readonly<Record<string, string>> = {};
  override start(props: Readonly<Record<string, string>>): void {
    startedWith.push(props);
    const failWith = props['fail.with'];
    if (failWith !== undefined) throw new Error(`could not log in to the database with token ${failWith}`);
    this.#props = props;
  }
  override taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({
      ...this.#props,
      'copied.password': this.#props['db.password'] ?? '',
    }));
  }
}

/** The test catalog, with TestSource's instances replaced by CopyingSource ones. */
function copyingCatalog(): PluginCatalog {
  const catalog = createTestPluginCatalog();
  return { ...catalog, connector: (name) => ({ ...catalog.connector(name), create: () => new CopyingSource() }) };
}

async function allItemsText(): Promise<string> {
  const texts: string[] = [];
  for (const table of Object.values(h.dynamo.tables)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await h.dynamo.client.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: startKey as never }),
      );
      texts.push(JSON.stringify(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
  return texts.join('\n');
}

function hits(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

test('placeholders are stored and shown; resolved values reach the connector only; 0 hits for the secrets anywhere', async () => {
  const logged: string[] = [];
  const log = {
    info: (m: string, d?: unknown) => logged.push(m + JSON.stringify(d)),
    warn: (m: string, d?: unknown) => logged.push(m + JSON.stringify(d)),
    error: (m: string, d?: unknown) => logged.push(m + JSON.stringify(d)),
  };
  const resolver = new ConfigResolver({
    secretsManager: memorySecretsManager({ 'db-creds': JSON.stringify({ password: PASSWORD }), 'api-token': TOKEN }),
    ssm: memorySsm({ '/pipeline/topic': TOPIC }),
  });
  const scheduler = new Scheduler({
    stores: h.stores,
    plugins: copyingCatalog(),
    kafka: new MemoryKafka(),
    invoker: { invoke: async () => undefined },
    workerId: TEST_WORKER_ID,
    log,
    resolveConfig: (config) => resolver.resolveWithSecrets(config),
  });
  const good = uniqueName('secret');
  const failing = uniqueName('secret-fails');
  const config = sourceConfig({ topic: TOPIC_REF, 'db.password': PASSWORD_REF, 'tasks.max': '2' });
  assert.equal((await h.call('POST', '/connectors', { body: { name: good, config } })).status, 201);
  assert.equal(
    (
      await h.call('POST', '/connectors', {
        body: { name: failing, config: sourceConfig({ 'fail.with': '${secretsmanager:api-token}' }) },
      })
    ).status,
    201,
  );
  await scheduler.tick();

  assert.ok(
    startedWith.some((props) => props['db.password'] === PASSWORD && props['topic'] === TOPIC),
    'the connector saw the resolved values',
  );
  assert.ok(startedWith.some((props) => props['fail.with'] === TOKEN));
  const tasks = (await h.call<Array<{ config: Record<string, string> }>>('GET', `/connectors/${good}/tasks`)).body;
  assert.equal(tasks.length, 2);
  for (const task of tasks) {
    assert.equal(task.config['topic'], TOPIC_REF, 'a key of the connector config: its placeholder (Connect)');
    assert.equal(task.config['db.password'], PASSWORD_REF);
    assert.equal(task.config['copied.password'], PASSWORD_REF, 'a secret copied to another key: its placeholder too');
  }
  const status = (
    await h.call<{ connector: { state: string; trace?: string } }>('GET', `/connectors/${failing}/status`)
  ).body;
  assert.equal(status.connector.state, 'FAILED');
  assert.match(status.connector.trace ?? '', /could not log in to the database with token \[hidden\]/);

  const answers: string[] = [];
  for (const name of [good, failing]) {
    for (const path of [
      '',
      '/config',
      '/status',
      '/tasks',
      '/tasks/0/status',
      '/tasks/1/status',
      '/topics',
      '/offsets',
    ]) {
      answers.push((await h.call('GET', `/connectors/${name}${path}`)).raw);
    }
  }
  answers.push((await h.call('GET', '/connectors?expand=status&expand=info')).raw);
  assert.deepEqual(hits(answers.join('\n')), [], 'REST answers');
  assert.deepEqual(hits(await allItemsText()), [], 'DynamoDB items');
  assert.deepEqual(hits(logged.join('\n')), [], 'scheduler log');
  assert.ok(logged.length > 0, 'the scheduler logged something to search');

  // The next tick generates the same tasks (placeholders again), so nothing is rewritten.
  const before = await h.stores.configs.getTaskConfigs(good);
  await scheduler.tick();
  assert.equal((await h.stores.configs.getTaskConfigs(good))?.generation, before?.generation);
});

/**
 * Plugin packages through the local stack, as a user adds them: the template package (a source connector
 * in templates/connector-plugin) and a package that throws at import, named as LC_PLUGINS would name them.
 * The task runner runs isolated, so the child process loads the packages on its own (as each Lambda does).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consumeAll } from '../helpers/kafka.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const TEMPLATE = './templates/connector-plugin';
const BROKEN = './test/fixtures/plugins/broken';
const COUNTER = 'com.example.connect.CounterSourceConnector';

interface PluginInfo {
  class: string;
  type: string;
  version: string;
}
interface ConnectorStatus {
  connector: { state: string };
  tasks: { state: string; trace?: string }[];
}

describe('plugin packages in the local stack', { timeout: 180_000 }, () => {
  const t = useTestStack({
    isolateTaskRunner: true,
    plugins: { repositoryPlugins: false, packages: [TEMPLATE, BROKEN] },
  });

  test('the broken package is skipped and reported; the template loads', () => {
    const { loaded } = t.current.stack.plugins;
    assert.deepEqual(
      loaded.manifests.map((m) => `${m.name}@${m.version}`),
      ['@example/connect-counter@1.0.0'],
    );
    assert.equal(loaded.failures.length, 1);
    assert.equal(loaded.failures[0]?.source, BROKEN);
    assert.match(loaded.failures[0]?.reason ?? '', /a dependency it needs is missing/);
  });

  test('GET /connector-plugins lists the package connector with its version, beside the built-ins', async () => {
    const res = await t.current.rest.get<PluginInfo[]>('/connector-plugins');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.find((p) => p.class === COUNTER),
      { class: COUNTER, type: 'source', version: '1.0.0' },
    );
    assert.ok(res.body.some((p) => p.class === 'org.apache.kafka.connect.file.FileStreamSourceConnector'));
  });

  test('validation by alias uses the package ConfigDef', async () => {
    const res = await t.current.rest.put<{
      error_count: number;
      configs: { value: { name: string; errors: string[] } }[];
    }>('/connector-plugins/CounterSource/config/validate', {
      'connector.class': 'CounterSource',
      name: 'v',
      count: '0',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const errorsOf = (name: string) => res.body.configs.find((c) => c.value.name === name)?.value.errors ?? [];
    assert.match(errorsOf('count').join(), /at least 1/);
    assert.match(errorsOf('topic').join(), /Missing required configuration/);
  });

  test('a connector from the package runs in the isolated task runner: every number once, in order', async () => {
    const topic = uniqueName('counter');
    const name = uniqueName('counter');
    const created = await t.current.rest.post('/connectors', {
      name,
      config: { 'connector.class': 'CounterSource', topic, count: '250', 'batch.size': '40' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const values = await consumeAll(t.current.stack.kafkaBootstrapServers, topic, 250);
    // The worker's JsonConverter (schemas on) writes the task's int64 values with their schema.
    assert.deepEqual(
      values.map((v) => JSON.parse(v) as unknown),
      Array.from({ length: 250 }, (_, i) => ({ schema: { type: 'int64', optional: false }, payload: i + 1 })),
    );
    await waitFor(
      async () =>
        (await t.current.rest.get<ConnectorStatus>(`/connectors/${name}/status`)).body.tasks[0]?.state === 'RUNNING',
      { message: 'the counter task is RUNNING' },
    );
    assert.equal((await t.current.rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('asking for a class of the broken package is a clear 400 that names the package and why', async () => {
    const res = await t.current.rest.post<{ error_code: number; message: string }>('/connectors', {
      name: uniqueName('broken'),
      config: { 'connector.class': 'com.example.BrokenSourceConnector', topic: 't' },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error_code, 400);
    assert.match(res.body.message, /com\.example\.BrokenSourceConnector/);
    assert.match(
      res.body.message,
      /Plugin packages that failed to load: \.\/test\/fixtures\/plugins\/broken \(broken-plugin cannot start/,
    );
  });
});

/**
 * Two versions of one plugin through the local stack (KIP-891): `versioned-v1` and `versioned-v2` (same
 * class names, test/fixtures/plugins/versioned) loaded as LC_PLUGINS would name them. Both are listed and
 * validate against their own ConfigDef; a connector pinned to 1.0.0 and one on the default (the latest,
 * 2.0.0) each write what their version writes; a PUT of `connector.plugin.version` switches the running
 * task. The task runner is isolated, so the child process picks the version from the packages it loads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consumeAll } from '../helpers/kafka.js';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const V1 = './test/fixtures/plugins/versioned-v1';
const V2 = './test/fixtures/plugins/versioned-v2';
const CONNECTOR = 'com.example.versioned.VersionedSourceConnector';
const STRINGS = 'org.apache.kafka.connect.storage.StringConverter';

interface PluginInfo {
  class: string;
  type: string;
  version?: string;
}
interface StateView {
  state: string;
  version?: string;
}
interface ConnectorStatus {
  connector: StateView;
  tasks: Array<StateView & { id: number }>;
}
interface ConfigInfos {
  error_count: number;
  configs: Array<{ value: { name: string; value: string | null; errors: string[]; recommended_values: string[] } }>;
}
interface Offsets {
  offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>;
}

describe('several versions of a plugin in the local stack', { timeout: 240_000 }, () => {
  const t = useTestStack({ isolateTaskRunner: true, plugins: { repositoryPlugins: false, packages: [V2, V1] } });

  const status = async (name: string) => (await t.current.rest.get<ConnectorStatus>(`/connectors/${name}/status`)).body;
  const runningAt = async (name: string, version: string) => {
    await waitFor(
      async () => {
        const s = await status(name);
        return (
          s.connector?.version === version &&
          s.tasks.length === 1 &&
          s.tasks[0]?.state === 'RUNNING' &&
          s.tasks[0]?.version === version
        );
      },
      { timeoutMs: 60_000, message: `${name} runs version ${version}` },
    );
  };
  const committed = async (name: string) => {
    const res = await t.current.rest.get<Offsets>(`/connectors/${name}/offsets`);
    return res.body.offsets?.[0]?.offset['last'];
  };

  test('GET /connector-plugins lists both versions, each its own entry', async () => {
    assert.equal(
      t.current.stack.plugins.loaded.failures.length,
      0,
      JSON.stringify(t.current.stack.plugins.loaded.failures),
    );
    const res = await t.current.rest.get<PluginInfo[]>('/connector-plugins');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.filter((p) => p.class === CONNECTOR),
      [
        { class: CONNECTOR, type: 'source', version: '1.0.0' },
        { class: CONNECTOR, type: 'source', version: '2.0.0' },
      ],
    );
  });

  test("config and validation follow the selected version; an unknown version is Connect's 400", async () => {
    const keys = async (query: string) =>
      (await t.current.rest.get<Array<{ name: string }>>(`/connector-plugins/VersionedSource/config${query}`)).body.map(
        (k) => k.name,
      );
    assert.ok((await keys('')).includes('greeting'));
    assert.ok(!(await keys('?version=1.0.0')).includes('greeting'));
    const unknown = await t.current.rest.get<{ error_code: number; message: string }>(
      '/connector-plugins/VersionedSource/config?version=3.0',
    );
    assert.equal(unknown.status, 400);
    assert.equal(
      unknown.body.message,
      `Plugin ${CONNECTOR} not found that matches the version range [3.0,3.0], available versions: [1.0.0, 2.0.0]`,
    );

    const validate = (extra: Record<string, string>) =>
      t.current.rest.put<ConfigInfos>('/connector-plugins/VersionedSource/config/validate', {
        'connector.class': 'VersionedSource',
        name: 'v',
        topic: 't',
        ...extra,
      });
    const v1 = await validate({ 'connector.plugin.version': '1.0.0' });
    assert.equal(v1.status, 200);
    assert.equal(v1.body.error_count, 0);
    assert.ok(!v1.body.configs.some((c) => c.value.name === 'greeting'));
    const v2 = await validate({});
    assert.equal(v2.body.configs.find((c) => c.value.name === 'greeting')?.value.value, 'hello');
    const none = await validate({ 'connector.plugin.version': '[3.0,4.0)' });
    assert.equal(none.body.error_count, 2);
    assert.deepEqual(
      none.body.configs.find((c) => c.value.name === 'connector.plugin.version')?.value.recommended_values,
      ['1.0.0', '2.0.0'],
    );
  });

  test('a pinned connector runs 1.0.0, the default runs 2.0.0, and a PUT of connector.plugin.version switches the task', async () => {
    const pinned = uniqueName('pinned');
    const latest = uniqueName('latest');
    const base = {
      'connector.class': 'VersionedSource',
      'value.converter': STRINGS,
      'key.converter': STRINGS,
      count: '5',
    };
    const pinnedConfig = { ...base, topic: uniqueName('pinned-topic'), 'connector.plugin.version': '1.0.0' };
    // The default connector also runs the 1.0.0 Tag transformation: versions are chosen per plugin.
    const latestConfig = {
      ...base,
      topic: uniqueName('latest-topic'),
      greeting: 'hi',
      transforms: 'tag',
      'transforms.tag.type': 'Tag',
      'transforms.tag.plugin.version': '[1.0,2.0)',
    };
    try {
      assert.equal((await t.current.rest.post('/connectors', { name: pinned, config: pinnedConfig })).status, 201);
      assert.equal((await t.current.rest.post('/connectors', { name: latest, config: latestConfig })).status, 201);
      await runningAt(pinned, '1.0.0');
      await runningAt(latest, '2.0.0');
      assert.deepEqual(
        await consumeAll(t.current.stack.kafkaBootstrapServers, pinnedConfig.topic, 5),
        [1, 2, 3, 4, 5].map((n) => `v1 record ${n}`),
      );
      assert.deepEqual(
        await consumeAll(t.current.stack.kafkaBootstrapServers, latestConfig.topic, 5),
        [1, 2, 3, 4, 5].map((n) => `v2 hi ${n}|tag-v1`),
      );
      assert.equal(
        (await t.current.rest.get<{ config: Record<string, string> }>(`/connectors/${pinned}`)).body.config[
          'connector.plugin.version'
        ],
        '1.0.0',
      );

      // Once the five are committed, move the default connector to 1.0.0: the new task continues the count as 1.0.0.
      await waitFor(async () => (await committed(latest)) === 5, { timeoutMs: 60_000, message: 'offset 5 committed' });
      const put = await t.current.rest.put(`/connectors/${latest}/config`, {
        ...latestConfig,
        count: '8',
        'connector.plugin.version': '1.0.0',
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      await runningAt(latest, '1.0.0');
      const values = await consumeAll(t.current.stack.kafkaBootstrapServers, latestConfig.topic, 8);
      assert.deepEqual(values, [
        ...[1, 2, 3, 4, 5].map((n) => `v2 hi ${n}|tag-v1`),
        ...[6, 7, 8].map((n) => `v1 record ${n}|tag-v1`),
      ]);

      const refused = await t.current.rest.put<{ error_code: number; message: string }>(
        `/connectors/${latest}/config`,
        { ...latestConfig, 'connector.plugin.version': '3.0' },
      );
      assert.equal(refused.status, 400);
      assert.match(
        refused.body.message,
        /^Connector configuration is invalid and contains the following 2 error\(s\):\nPlugin com\.example\.versioned\.VersionedSourceConnector not found that matches the version range \[3\.0,3\.0\], available versions: \[1\.0\.0, 2\.0\.0\]\n/,
      );
    } finally {
      await t.current.rest.delete(`/connectors/${pinned}`);
      await t.current.rest.delete(`/connectors/${latest}`);
    }
  });
});

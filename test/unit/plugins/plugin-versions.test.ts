/**
 * Several versions of one plugin (KIP-891): the registry, `plugin.version` selection, the
 * `/connector-plugins` answers and connector validation, with the messages Connect 4.3.1 words
 * (`VersionedPluginLoadingException`, Maven's `InvalidVersionSpecificationException`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceTask, sourceRecord } from '../../../lib/api/index.js';
import { InvalidVersionSpecificationError, VersionedPluginLoadingError } from '../../../lib/common/version-range.js';
import { BadRequestError, NotFoundRestError } from '../../../lib/herder/errors.js';
import { PluginsApi } from '../../../lib/herder/plugins-api.js';
import { ensureValidConnectorConfig, validateConnectorConfig } from '../../../lib/herder/validate-connector.js';
import { PluginType } from '../../../lib/plugins/index.js';
import { createDefaultPlugins } from '../../../lib/runtime/plugins.js';
import { createConverters } from '../../../lib/worker/converters.js';
import v1 from '../../fixtures/plugins/versioned-v1/src/index.js';
import v2 from '../../fixtures/plugins/versioned-v2/src/index.js';

const CONNECTOR = 'com.example.versioned.VersionedSourceConnector';
const NOT_FOUND_3 = `Plugin ${CONNECTOR} not found that matches the version range [3.0,3.0], available versions: [1.0.0, 2.0.0]`;

// Registered newest first, so the order of the listing and the default come from the versions.
const plugins = createDefaultPlugins({ manifests: [v2, v1], failures: [] });
const api = new PluginsApi(plugins.catalog);

function values(
  infos: {
    configs: Array<{
      definition: { default_value: string | null } | null;
      value: { name: string; value: string | null; errors: string[]; recommended_values: string[] };
    }>;
  },
  name: string,
) {
  const found = infos.configs.find((c) => c.value.name === name);
  assert.ok(found, `${name} is in the result`);
  return { ...found.value, default_value: found.definition?.default_value ?? null };
}

describe('registry', () => {
  test('both versions register; the latest is the default; ranges pick the latest inside', () => {
    assert.equal(plugins.failures.length, 0);
    assert.deepEqual(plugins.registry.versions(CONNECTOR), ['1.0.0', '2.0.0']);
    const pick = (version?: string | null) => plugins.catalog.connector('VersionedSource', version).version;
    assert.equal(pick(), '2.0.0');
    assert.equal(pick(null), '2.0.0');
    assert.equal(pick('latest'), '2.0.0');
    assert.equal(pick('1.0.0'), '1.0.0');
    assert.equal(pick('1.0'), '1.0.0', 'Maven equality: 1.0 = 1.0.0');
    assert.equal(pick('[1.0,2.0)'), '1.0.0');
    assert.equal(pick('(,2.0]'), '2.0.0');
    assert.equal(pick('[1.5,)'), '2.0.0');
  });

  test("a version nothing installed matches names the installed versions; a bad range is Maven's error", () => {
    assert.throws(
      () => plugins.catalog.connector(CONNECTOR, '3.0'),
      (e: unknown) =>
        e instanceof VersionedPluginLoadingError &&
        e.message === NOT_FOUND_3 &&
        e.availableVersions.join() === '1.0.0,2.0.0',
    );
    assert.throws(
      () => plugins.catalog.connector(CONNECTOR, '[1.0'),
      (e: unknown) => e instanceof InvalidVersionSpecificationError && e.message === 'Unbounded range: [1.0',
    );
  });

  test('the factory instantiates the selected version: task by its connector version, transformation by its own', () => {
    const task = plugins.factory.task('com.example.versioned.VersionedSourceTask', {
      connectorClass: 'VersionedSource',
      version: '1.0.0',
    });
    assert.ok(task instanceof SourceTask);
    assert.equal(task.version(), '1.0.0');
    assert.equal(
      plugins.factory.task('com.example.versioned.VersionedSourceTask', { connectorClass: CONNECTOR }).version(),
      '2.0.0',
    );
    const record = sourceRecord({ topic: 't', value: 'x' });
    assert.equal(plugins.factory.transformation('Tag', '1.0.0').apply(record)?.value, 'x|tag-v1');
    assert.equal(plugins.factory.transformation('Tag').apply(record)?.value, 'x|tag-v2');
    assert.throws(
      () => plugins.factory.transformation('Tag', '[3,4)'),
      /Plugin com\.example\.versioned\.Tag not found that matches the version range \[3,4\), available versions: \[1\.0\.0, 2\.0\.0\]/,
    );
  });
});

describe('/connector-plugins', () => {
  test('every installed version is its own entry, ascending', () => {
    assert.deepEqual(
      api.list(true).filter((p) => p.class === CONNECTOR),
      [
        { class: CONNECTOR, type: 'source', version: '1.0.0' },
        { class: CONNECTOR, type: 'source', version: '2.0.0' },
      ],
    );
    assert.deepEqual(
      api
        .list(false)
        .filter((p) => p.type === PluginType.TRANSFORMATION && p.class === 'com.example.versioned.Tag')
        .map((p) => p.version),
      ['1.0.0', '2.0.0'],
    );
  });

  test("config shows the selected version's ConfigDef; unknown versions are 400, unknown plugins 404", () => {
    const names = (version?: string) => api.config('VersionedSource', version).map((k) => k.name);
    assert.ok(names().includes('greeting'), 'latest (2.0.0) has greeting');
    assert.ok(names('2.0.0').includes('greeting'));
    assert.ok(!names('1.0.0').includes('greeting'), '1.0.0 has no greeting');
    assert.ok(!names('[1.0,2.0)').includes('greeting'));
    assert.equal(
      api.config('VersionedSource', '1.0.0').find((k) => k.name === 'connector.plugin.version')?.default_value,
      '1.0.0',
    );
    assert.throws(
      () => api.config('VersionedSource', '3.0'),
      (e: unknown) => e instanceof BadRequestError && e.message === NOT_FOUND_3,
    );
    assert.throws(
      () => api.config('VersionedSource', '[1'),
      (e: unknown) => e instanceof BadRequestError && e.message === 'Invalid version specification: [1',
    );
    assert.throws(
      () => api.config('NoSuchThing', '1.0'),
      (e: unknown) => e instanceof NotFoundRestError && e.message === 'Unknown plugin NoSuchThing.',
    );
  });
});

describe('validation', () => {
  const base = { name: 'v', 'connector.class': 'VersionedSource', topic: 't' };

  test("validates against the selected version's ConfigDef; the version key shows the latest as default and every version", () => {
    const pinned = validateConnectorConfig(plugins.catalog, { ...base, 'connector.plugin.version': '1.0.0' });
    assert.equal(
      pinned.infos.error_count,
      0,
      JSON.stringify(pinned.infos.configs.filter((c) => c.value.errors.length > 0)),
    );
    assert.equal(pinned.plugin?.version, '1.0.0');
    assert.ok(!pinned.infos.configs.some((c) => c.value.name === 'greeting'));
    const version = values(pinned.infos, 'connector.plugin.version');
    assert.equal(version.value, '1.0.0');
    assert.equal(version.default_value, '2.0.0');
    assert.deepEqual(version.recommended_values, ['1.0.0', '2.0.0']);
    const latest = validateConnectorConfig(plugins.catalog, base);
    assert.equal(latest.plugin?.version, '2.0.0');
    assert.equal(values(latest.infos, 'greeting').value, 'hello');
  });

  test('a version nothing installed matches: the error on connector.class and connector.plugin.version, common keys only', () => {
    const { plugin, infos } = validateConnectorConfig(plugins.catalog, { ...base, 'connector.plugin.version': '3.0' });
    assert.equal(plugin, null);
    assert.equal(infos.error_count, 2);
    assert.deepEqual(values(infos, 'connector.class').errors, [NOT_FOUND_3]);
    const version = values(infos, 'connector.plugin.version');
    assert.deepEqual(version.errors, [NOT_FOUND_3]);
    assert.deepEqual(version.recommended_values, ['1.0.0', '2.0.0']);
    assert.ok(
      !infos.configs.some((c) => c.value.name === 'topic' && c.definition !== null),
      "the connector's own keys are not validated",
    );
    assert.throws(
      () => ensureValidConnectorConfig(plugins.catalog, { ...base, 'connector.plugin.version': '3.0' }),
      (e: unknown) =>
        e instanceof BadRequestError &&
        e.message.startsWith(
          'Connector configuration is invalid and contains the following 2 error(s):\n' +
            NOT_FOUND_3 +
            '\n' +
            NOT_FOUND_3 +
            '\n',
        ),
    );
  });

  test("a connector version that is no Maven range is a 400 with Maven's message", () => {
    assert.throws(
      () => validateConnectorConfig(plugins.catalog, { ...base, 'connector.plugin.version': '(1.0)' }),
      (e: unknown) => e instanceof BadRequestError && e.message === 'Single version must be surrounded by []: (1.0)',
    );
  });

  test('transforms.<alias>.plugin.version: validated, every version recommended, the latest the default', () => {
    const props = { ...base, transforms: 'tag', 'transforms.tag.type': 'Tag' };
    const ok = validateConnectorConfig(plugins.catalog, { ...props, 'transforms.tag.plugin.version': '1.0.0' });
    assert.equal(ok.infos.error_count, 0);
    const version = values(ok.infos, 'transforms.tag.plugin.version');
    assert.deepEqual(version.recommended_values, ['1.0.0', '2.0.0']);
    assert.equal(version.default_value, '2.0.0');
    // As Connect 4.3.1 answers (the differential suite compares it): the error on `type` and on `plugin.version`.
    const missing = validateConnectorConfig(plugins.catalog, { ...props, 'transforms.tag.plugin.version': '[3,4)' });
    const notFound =
      'Plugin com.example.versioned.Tag not found that matches the version range [3,4), available versions: [1.0.0, 2.0.0]';
    assert.equal(missing.infos.error_count, 2);
    assert.deepEqual(values(missing.infos, 'transforms.tag.plugin.version').errors, [notFound]);
    assert.deepEqual(values(missing.infos, 'transforms.tag.type').errors, [notFound]);
    assert.equal(values(missing.infos, 'transforms.tag.type').value, 'com.example.versioned.Tag');
    const bad = validateConnectorConfig(plugins.catalog, { ...props, 'transforms.tag.plugin.version': '[3' });
    assert.deepEqual(values(bad.infos, 'transforms.tag.plugin.version').errors, ['Unbounded range: [3']);
    assert.deepEqual(values(bad.infos, 'transforms.tag.type').errors, ['Unbounded range: [3']);
  });

  test('converter versions: one not installed is an error on the class and version keys, a bad range on the version key', () => {
    const converter = { ...base, 'value.converter': 'org.apache.kafka.connect.storage.StringConverter' };
    const { infos } = validateConnectorConfig(plugins.catalog, {
      ...converter,
      'value.converter.plugin.version': '1.0',
    });
    // StringConverter is a converter and a header converter: Connect lists its version once per type.
    const notFound =
      'Plugin org.apache.kafka.connect.storage.StringConverter not found that matches the version range [1.0,1.0], available versions: [4.3.1, 4.3.1]';
    assert.deepEqual(values(infos, 'value.converter.plugin.version').errors, [notFound]);
    assert.deepEqual(values(infos, 'value.converter').errors, [notFound]);
    assert.equal(infos.error_count, 2);
    const bad = validateConnectorConfig(plugins.catalog, {
      ...converter,
      'value.converter.plugin.version': '[3',
    }).infos;
    assert.deepEqual(values(bad, 'value.converter.plugin.version').errors, ['Unbounded range: [3']);
    assert.deepEqual(values(bad, 'value.converter').errors, []);
    assert.equal(bad.error_count, 1);
  });
});

describe('the worker', () => {
  test("converters come in the version the connector selects; one not installed fails with Connect's message", () => {
    const connector = { 'value.converter': 'StringConverter' };
    assert.equal(
      createConverters(plugins.factory, {}, { ...connector, 'value.converter.plugin.version': '[4.0,5.0)' }).value
        .constructor.name,
      'StringConverter',
    );
    assert.throws(
      () => createConverters(plugins.factory, {}, { ...connector, 'value.converter.plugin.version': '1.0' }),
      VersionedPluginLoadingError,
    );
    // The worker's own converter takes the worker's version key, unless the connector sets one.
    assert.throws(
      () => createConverters(plugins.factory, { 'key.converter.plugin.version': '9' }, {}),
      /JsonConverter not found that matches the version range \[9,9\]/,
    );
  });

  test('predicates.<alias>.plugin.version is validated as transforms are', () => {
    const props = {
      name: 'v',
      'connector.class': 'VersionedSource',
      topic: 't',
      predicates: 'p',
      'predicates.p.type': 'TopicNameMatches',
      'predicates.p.pattern': '.*',
    };
    assert.equal(
      validateConnectorConfig(plugins.catalog, { ...props, 'predicates.p.plugin.version': '4.3.1' }).infos.error_count,
      0,
    );
    const { infos } = validateConnectorConfig(plugins.catalog, { ...props, 'predicates.p.plugin.version': '(,4.0)' });
    const notFound =
      'Plugin org.apache.kafka.connect.transforms.predicates.TopicNameMatches not found that matches the version range (,4.0), available versions: [4.3.1]';
    assert.deepEqual(values(infos, 'predicates.p.plugin.version').errors, [notFound]);
    assert.deepEqual(values(infos, 'predicates.p.type').errors, [notFound]);
    assert.throws(() => plugins.factory.predicate('TopicNameMatches', '(,4.0)'), VersionedPluginLoadingError);
  });
});

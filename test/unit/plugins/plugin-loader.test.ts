import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigDef, definePlugin, SourceConnector, type TaskClass } from '../../../lib/api/index.js';
import {
  BUILTIN_PLUGIN_VERSION,
  checkManifest,
  loadPlugins,
  registerPlugin,
  createDefaultRegistry,
  PluginType,
} from '../../../lib/plugins/index.js';
import { FileStreamSinkConnector } from '../../../lib/connectors/index.js';
import { createDefaultPlugins } from '../../../lib/runtime/plugins.js';

function connector(className: string) {
  return class extends SourceConnector {
    static readonly className = className;
    version = () => '9.9';
    start(): void {}
    taskClass(): TaskClass {
      throw new Error('unused');
    }
    taskConfigs = () => [];
    stop(): void {}
    config = () => new ConfigDef();
  };
}

const good = definePlugin({
  name: '@acme/good',
  version: '2.1.0',
  sourceConnectors: [connector('com.acme.GoodSourceConnector')],
});

describe('loadPlugins', () => {
  test('a package that throws at import is reported and the packages after it still load', async () => {
    const loaded = await loadPlugins([
      { source: 'broken', load: () => Promise.reject(new Error('Cannot find package leftpad')) },
      { source: 'good', load: async () => ({ default: good }) },
    ]);
    assert.deepEqual(loaded.manifests, [good]);
    assert.deepEqual(loaded.failures, [{ source: 'broken', reason: 'Cannot find package leftpad' }]);
  });

  test('a module without a manifest default export is a failure naming what is missing', async () => {
    const loaded = await loadPlugins([{ source: 'no-default', load: async () => ({ something: 1 }) }]);
    assert.equal(loaded.manifests.length, 0);
    assert.match(loaded.failures[0]?.reason ?? '', /no name/);
  });
});

describe('checkManifest', () => {
  test('accepts a definePlugin manifest', () => {
    assert.equal(checkManifest(good), good);
  });
  for (const [what, value, reason] of [
    ['not an object', 42, /no default export/],
    ['no version', { name: 'x', sourceConnectors: [connector('a.B')] }, /no version/],
    [
      'a class list that is not an array',
      { name: 'x', version: '1', sinkConnectors: {} },
      /sinkConnectors is not an array/,
    ],
    [
      'a class without className',
      { name: 'x', version: '1', transformations: [class {}] },
      /transformations\[0\].*static className/,
    ],
    ['no classes at all', { name: 'x', version: '1', converters: [] }, /lists no plugin classes/],
  ] as const) {
    test(`rejects ${what}`, () => assert.throws(() => checkManifest(value), reason));
  }
});

describe('registerPlugin', () => {
  test('registers every class under the package name and version', () => {
    const registry = registerPlugin(createDefaultRegistry(), good);
    const desc = registry.get(PluginType.SOURCE, 'com.acme.GoodSourceConnector');
    assert.equal(desc?.version, '2.1.0');
    assert.equal(desc?.location, '@acme/good');
    assert.equal(registry.resolveConnector('GoodSource').className, 'com.acme.GoodSourceConnector');
  });

  test('all or nothing: a package clashing with an installed class and version registers none of its classes', () => {
    const registry = registerPlugin(createDefaultRegistry(), good);
    const clashing = definePlugin({
      name: '@other/pkg',
      version: '2.1.0',
      sourceConnectors: [connector('com.other.NewConnector'), connector('com.acme.GoodSourceConnector')],
    });
    assert.throws(
      () => registerPlugin(registry, clashing),
      /com\.acme\.GoodSourceConnector is already provided by @acme\/good \(version 2\.1\.0\)/,
    );
    assert.equal(registry.get(PluginType.SOURCE, 'com.other.NewConnector'), undefined);
  });

  test('another version of an installed class registers beside it (KIP-891)', () => {
    const registry = registerPlugin(createDefaultRegistry(), good);
    const older = definePlugin({
      name: '@acme/good-v1',
      version: '1.4.0',
      sourceConnectors: [connector('com.acme.GoodSourceConnector')],
    });
    registerPlugin(registry, older);
    assert.deepEqual(registry.versions('com.acme.GoodSourceConnector'), ['1.4.0', '2.1.0']);
    assert.equal(
      registry.get(PluginType.SOURCE, 'com.acme.GoodSourceConnector')?.version,
      '2.1.0',
      'the latest is the default',
    );
    assert.equal(registry.get(PluginType.SOURCE, 'com.acme.GoodSourceConnector', '1.4.0')?.location, '@acme/good-v1');
  });
});

describe('createDefaultPlugins with packages', () => {
  test('a connector that is not found names the packages that failed to load', () => {
    const plugins = createDefaultPlugins({ manifests: [good], failures: [{ source: '@acme/broken', reason: 'boom' }] });
    assert.equal(plugins.catalog.connector('com.acme.GoodSourceConnector').version, '2.1.0');
    assert.throws(
      () => plugins.catalog.connector('com.acme.BrokenConnector'),
      /Plugin packages that failed to load: @acme\/broken \(boom\)/,
    );
  });

  test('a clashing package (same class, same version) becomes a failure, the built-ins stay', () => {
    const clash = definePlugin({
      name: '@evil/file',
      version: BUILTIN_PLUGIN_VERSION,
      sinkConnectors: [connector('org.apache.kafka.connect.file.FileStreamSinkConnector') as never],
    });
    const plugins = createDefaultPlugins({ manifests: [clash], failures: [] });
    assert.match(plugins.failures[0]?.reason ?? '', /already provided by classpath/);
    assert.equal(plugins.catalog.connector('FileStreamSink').create().constructor, FileStreamSinkConnector);
  });
});

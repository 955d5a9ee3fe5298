import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigDef,
  SourceConnector,
  type ConnectorClass,
  type PredicateClass,
  type SinkConnector,
  type TaskClass,
} from '../../../lib/api/index.js';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../../../lib/connectors/index.js';
import { JsonConverter, SimpleHeaderConverter, StringConverter } from '../../../lib/converters/index.js';
import { CastValue, RegexRouter, TopicNameMatches } from '../../../lib/transforms/index.js';
import {
  AmbiguousPluginError,
  PluginNotFoundError,
  PluginRegistry,
  PluginType,
  createDefaultRegistry,
  describePlugin,
  pluginInfo,
  prunedName,
  simpleName,
} from '../../../lib/plugins/index.js';

type AnyConnectorClass = ConnectorClass<SourceConnector> & ConnectorClass<SinkConnector>;

function sourceConnector(className: string): AnyConnectorClass {
  return class extends SourceConnector {
    static readonly className = className;
    version = () => '1.0';
    start(): void {}
    taskClass(): TaskClass {
      throw new Error('unused');
    }
    taskConfigs = () => [];
    stop(): void {}
    config = () => new ConfigDef();
  } as unknown as AnyConnectorClass;
}

function predicate(className: string): PredicateClass {
  return class {
    static readonly className = className;
    configure(): void {}
    test = () => true;
    config = () => new ConfigDef();
    close(): void {}
  };
}

const FILE_SINK_DESC =
  "PluginDesc{klass=class org.apache.kafka.connect.file.FileStreamSinkConnector, name='org.apache.kafka.connect.file.FileStreamSinkConnector', version='4.3.1', encodedVersion=4.3.1, type=sink, typeName='sink', location='classpath'}";
const FILE_SOURCE_DESC =
  "PluginDesc{klass=class org.apache.kafka.connect.file.FileStreamSourceConnector, name='org.apache.kafka.connect.file.FileStreamSourceConnector', version='4.3.1', encodedVersion=4.3.1, type=source, typeName='source', location='classpath'}";

describe('names', () => {
  test('simple and pruned names follow Java', () => {
    assert.equal(simpleName('org.apache.kafka.connect.transforms.Cast$Value'), 'Value');
    assert.equal(
      prunedName('org.apache.kafka.connect.file.FileStreamSourceConnector', PluginType.SOURCE),
      'FileStreamSource',
    );
    assert.equal(
      prunedName('org.apache.kafka.connect.storage.SimpleHeaderConverter', PluginType.HEADER_CONVERTER),
      'Simple',
    );
    assert.equal(
      prunedName('org.apache.kafka.connect.storage.StringConverter', PluginType.HEADER_CONVERTER),
      'StringConverter',
    );
    assert.equal(prunedName('x.Connector', PluginType.SINK), 'Connector');
  });
});

describe('the default registry', () => {
  const registry = createDefaultRegistry();

  test('resolves connectors by class name, simple name and short alias', () => {
    for (const name of [
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
      'FileStreamSourceConnector',
      'FileStreamSource',
    ]) {
      assert.equal(registry.resolveConnector(name).pluginClass, FileStreamSourceConnector, name);
    }
    assert.equal(registry.resolveConnector('FileStreamSink').pluginClass, FileStreamSinkConnector);
    assert.equal(registry.resolveConnector('FileStreamSink').type, PluginType.SINK);
  });

  test("an unknown connector gets Connect's message, plus a suggestion", () => {
    assert.throws(
      () => registry.resolveConnector('FileStream-Source'),
      (error: unknown) => {
        assert.ok(error instanceof PluginNotFoundError);
        assert.equal(
          error.message,
          `Failed to find any class that implements Connector and which name matches FileStream-Source, available connectors are: ${FILE_SINK_DESC}, ${FILE_SOURCE_DESC}. Did you mean 'FileStreamSource'?`,
        );
        assert.equal(error.suggestion, 'FileStreamSource');
        assert.equal(error.requested, 'FileStream-Source');
        return true;
      },
    );
    assert.throws(
      () => registry.resolveConnector('com.example.Nothing'),
      (error: unknown) => {
        assert.ok(error instanceof PluginNotFoundError);
        assert.equal(error.suggestion, undefined);
        assert.ok(error.message.endsWith(`${FILE_SOURCE_DESC}`));
        return true;
      },
    );
  });

  test('converters and header converters resolve by their aliases', () => {
    assert.equal(registry.resolve(PluginType.CONVERTER, 'JsonConverter').pluginClass, JsonConverter);
    assert.equal(registry.resolve(PluginType.CONVERTER, 'Json').pluginClass, JsonConverter);
    assert.equal(registry.resolve(PluginType.HEADER_CONVERTER, 'String').pluginClass, StringConverter);
    assert.equal(registry.resolve(PluginType.HEADER_CONVERTER, 'Simple').pluginClass, SimpleHeaderConverter);
    assert.equal(registry.find(PluginType.CONVERTER, 'SimpleHeaderConverter'), undefined);
    assert.throws(
      () => registry.resolve(PluginType.CONVERTER, 'json-converter'),
      (error: unknown) => {
        assert.ok(error instanceof PluginNotFoundError);
        assert.match(
          error.message,
          /^Failed to find any class that implements Converter and which name matches json-converter, available plugins are: PluginDesc\{klass=class org\.apache\.kafka\.connect\.converters\.BooleanConverter,/,
        );
        assert.match(error.message, /Did you mean 'JsonConverter'\?$/);
        return true;
      },
    );
  });

  test('transforms and predicates: unique short names resolve, $Key/$Value only by full name', () => {
    assert.equal(registry.resolve(PluginType.TRANSFORMATION, 'RegexRouter').pluginClass, RegexRouter);
    assert.equal(registry.find(PluginType.TRANSFORMATION, 'Value'), undefined);
    assert.equal(
      registry.resolve(PluginType.TRANSFORMATION, 'org.apache.kafka.connect.transforms.Cast$Value').pluginClass,
      CastValue,
    );
    assert.equal(registry.resolve(PluginType.PREDICATE, 'TopicNameMatches').pluginClass, TopicNameMatches);
    const counts = Object.fromEntries(Object.values(PluginType).map((t) => [t, registry.plugins(t).length]));
    assert.deepEqual(counts, {
      source: 1,
      sink: 1,
      converter: 9,
      header_converter: 10,
      transformation: 26,
      predicate: 3,
    });
    assert.throws(() => registry.resolve(PluginType.TRANSFORMATION, 'regex-router'), /Did you mean 'RegexRouter'\?$/);
  });

  test("lists plugins in Connect's order, versions reported", () => {
    const types = registry.plugins().map((d) => d.type);
    const firstIndex = (t: string) => types.indexOf(t as PluginType);
    assert.deepEqual(
      [...new Set(types)],
      types.filter((t, i) => types.indexOf(t) === i),
    );
    assert.ok(firstIndex('sink') < firstIndex('source'));
    assert.ok(firstIndex('source') < firstIndex('converter'));
    assert.ok(firstIndex('converter') < firstIndex('header_converter'));
    assert.deepEqual(registry.connectorPlugins().map(pluginInfo), [
      { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: '4.3.1' },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: '4.3.1' },
    ]);
    const converters = registry.plugins(PluginType.CONVERTER).map((d) => d.className);
    assert.deepEqual(converters, [...converters].sort());
    assert.ok(registry.plugins(PluginType.HEADER_CONVERTER).some((d) => d.className === JsonConverter.className));
    assert.equal(describePlugin(registry.resolveConnector('FileStreamSink')), FILE_SINK_DESC);
  });
});

describe('alias rules', () => {
  test('ambiguous aliases are not registered; connector.class falls back to <simple>Connector', () => {
    const registry = new PluginRegistry()
      .register(PluginType.SOURCE, sourceConnector('x.FooConnector'))
      .register(PluginType.PREDICATE, predicate('y.Foo'));
    assert.equal(registry.aliases().get('Foo'), undefined);
    assert.equal(registry.aliases().get('FooConnector'), 'x.FooConnector');
    assert.equal(registry.find(PluginType.PREDICATE, 'Foo'), undefined);
    assert.equal(registry.find(PluginType.PREDICATE, 'y.Foo')?.className, 'y.Foo');
    assert.equal(registry.resolveConnector('Foo').className, 'x.FooConnector');
  });

  test('two connectors with one simple name need their full names', () => {
    const registry = new PluginRegistry()
      .register(PluginType.SOURCE, sourceConnector('a.DupConnector'))
      .register(PluginType.SINK, sourceConnector('b.DupConnector'));
    assert.equal(registry.resolveConnector('a.DupConnector').className, 'a.DupConnector');
    assert.throws(
      () => registry.resolveConnector('Dup'),
      (error: unknown) => {
        assert.ok(error instanceof AmbiguousPluginError);
        assert.deepEqual(error.candidates, ['a.DupConnector', 'b.DupConnector']);
        assert.match(
          error.message,
          /^More than one connector matches alias Dup\. Please use full package and class name instead\. Classes found: PluginDesc\{klass=class a\.DupConnector,/,
        );
        return true;
      },
    );
  });

  test('nested $Key/$Value classes only resolve by full name', () => {
    const registry = new PluginRegistry()
      .register(PluginType.PREDICATE, predicate('p.Cast$Key'))
      .register(PluginType.PREDICATE, predicate('p.Cast$Value'))
      .register(PluginType.PREDICATE, predicate('p.Other$Value'));
    assert.equal(registry.find(PluginType.PREDICATE, 'Value'), undefined);
    assert.equal(registry.find(PluginType.PREDICATE, 'Key')?.className, 'p.Cast$Key');
    assert.equal(registry.find(PluginType.PREDICATE, 'p.Cast$Value')?.className, 'p.Cast$Value');
    assert.equal(pluginInfo(registry.resolve(PluginType.PREDICATE, 'p.Cast$Value')).version, undefined);
  });

  test('registering twice is an error; suggestions ignore case and separators', () => {
    const registry = new PluginRegistry().register(PluginType.SOURCE, sourceConnector('x.BarConnector'));
    assert.throws(() => registry.register(PluginType.SOURCE, sourceConnector('x.BarConnector')), /already registered/);
    assert.equal(registry.suggestClass('bar'), 'Bar');
    assert.equal(registry.suggestClass('bar_Connector'), 'BarConnector');
    assert.equal(registry.suggestClass('X-Bar-Connector'), 'x.BarConnector');
    assert.equal(registry.suggestClass('Bat'), 'Bar');
    assert.equal(registry.suggestClass('Bar'), undefined);
    assert.equal(registry.suggestClass('completely different'), undefined);
  });
});

/**
 * UniformSinkConnector: the sink connector base that plugins (S3, HTTP, JDBC, DynamoDB) extend; start and
 * validate run the subclass's cross-key check, every task gets the connector's config.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  SinkTask,
  UniformSinkConnector,
  type TaskClass,
  type TopicPartition,
} from '../../../lib/api/index.js';

class NoopTask extends SinkTask {
  static readonly className = 'com.example.NoopTask';
  version(): string {
    return '1.0.0';
  }
  start(): void {}
  put(): void {}
  stop(): void {}
}

/** `low` must not exceed `high`; `mode=strict` needs `token` (a message naming no key in Kafka's wording). */
class RangeSinkConnector extends UniformSinkConnector {
  static readonly className = 'com.example.RangeSinkConnector';
  version(): string {
    return '1.0.0';
  }
  taskClass(): TaskClass {
    return NoopTask;
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'low', type: ConfigType.INT, defaultValue: 0, importance: Importance.HIGH, documentation: '' })
      .define({ name: 'high', type: ConfigType.INT, defaultValue: 10, importance: Importance.HIGH, documentation: '' })
      .define({
        name: 'mode',
        type: ConfigType.STRING,
        defaultValue: 'lax',
        importance: Importance.LOW,
        documentation: '',
      })
      .define({
        name: 'token',
        type: ConfigType.STRING,
        defaultValue: '',
        importance: Importance.LOW,
        documentation: '',
      });
  }
  protected checkConfig(props: Readonly<Record<string, string>>): void {
    if (Number(props['low'] ?? 0) > Number(props['high'] ?? 10))
      throw ConfigError.invalidValue('high', props['high'], 'must not be below low');
    if (props['mode'] === 'strict' && !props['token']) throw new ConfigError('strict mode needs a token');
  }
}

class TokenKeyedConnector extends RangeSinkConnector {
  protected override crossCheckKey(message: string, keys: readonly string[]): string | undefined {
    return super.crossCheckKey(message, keys) ?? 'token';
  }
}

const errorsOf = (results: { name: string; errors: string[] }[]) =>
  Object.fromEntries(results.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors]));

describe('UniformSinkConnector', () => {
  test('start checks across keys; every task gets a copy of the started config', () => {
    const connector = new RangeSinkConnector();
    assert.throws(() => connector.start({ low: '5', high: '1' }), /Invalid value 1 for configuration high/);
    const props = { low: '1', high: '5', topics: 'orders' };
    connector.start(props);
    const configs = connector.taskConfigs(3);
    assert.equal(configs.length, 3);
    for (const config of configs) assert.deepEqual(config, props);
    configs[0]!['low'] = 'changed';
    assert.equal(configs[1]!['low'], '1');
    assert.equal(connector.taskConfigs(1)[0]!['low'], '1');
  });

  test('validate reports per-key errors first and the cross-key check only once each key is valid alone', () => {
    const connector = new RangeSinkConnector();
    assert.deepEqual(Object.keys(errorsOf(connector.validate({ low: 'x', high: '1' }))), ['low']);
    assert.deepEqual(errorsOf(connector.validate({ low: '5', high: '1' })), {
      high: ['Invalid value 1 for configuration high: must not be below low'],
    });
    assert.deepEqual(errorsOf(connector.validate({ low: '1', high: '5' })), {});
  });

  test('a message naming no key goes on the key crossCheckKey maps it to, else on the first key', () => {
    assert.deepEqual(errorsOf(new RangeSinkConnector().validate({ mode: 'strict' })), {
      low: ['strict mode needs a token'],
    });
    assert.deepEqual(errorsOf(new TokenKeyedConnector().validate({ mode: 'strict' })), {
      token: ['strict mode needs a token'],
    });
  });

  test('offsets may be altered: the sink keeps none of its own', () => {
    const offsets = new Map<TopicPartition, number | null>([[{ topic: 'orders', partition: 0 }, 5]]);
    assert.equal(new RangeSinkConnector().alterOffsets({}, offsets), true);
  });
});

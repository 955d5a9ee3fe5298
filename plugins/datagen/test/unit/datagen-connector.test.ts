/** The connector: Confluent's config keys and defaults, its cross-key validation, task splitting, offsets. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, ConnectError, type ConfigValue } from 'lambda-connect/api';
import plugin, { DatagenConnector, DatagenTask } from '../../src/index.js';
import { parseDatagenConfig } from '../../src/datagen-config.js';

const errorsOf = (values: ConfigValue[], name: string): string[] => values.find((v) => v.name === name)?.errors ?? [];

describe('DatagenConnector', () => {
  test('the plugin manifest offers the connector under Confluent class name, with the package version', () => {
    assert.equal(plugin.name, '@lambda-connect/datagen');
    assert.match(plugin.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(plugin.sourceConnectors, [DatagenConnector]);
    assert.equal(DatagenConnector.className, 'io.confluent.kafka.connect.datagen.DatagenConnector');
    assert.equal(new DatagenConnector().version(), plugin.version);
    assert.equal(new DatagenConnector().taskClass(), DatagenTask);
  });

  test("Confluent's keys, types and defaults", () => {
    const keys = new DatagenConnector()
      .config()
      .configKeys()
      .map((k) => [k.name, k.type, k.defaultValue]);
    assert.deepEqual(
      keys.map(([name]) => name),
      [
        'kafka.topic',
        'max.interval',
        'iterations',
        'schema.string',
        'schema.filename',
        'schema.keyfield',
        'quickstart',
        'random.seed',
      ],
    );
    const config = parseDatagenConfig({ 'kafka.topic': 't', quickstart: 'USERS' });
    assert.equal(config.maxIntervalMs, 500);
    assert.equal(config.iterations, -1);
    assert.equal(config.randomSeed, null);
    assert.equal(config.keyField, 'userid', 'the quickstart name is case-insensitive and brings its key field');
  });

  test('validation: exactly one schema source, on every source key when none or several are set', () => {
    const connector = new DatagenConnector();
    const none = connector.validate({ 'kafka.topic': 't' });
    for (const key of ['schema.string', 'schema.filename', 'quickstart'])
      assert.deepEqual(errorsOf(none, key), ['Must set exactly one of schema.string, schema.filename, quickstart']);
    const two = connector.validate({ 'kafka.topic': 't', quickstart: 'users', 'schema.filename': 'orders.json' });
    assert.equal(errorsOf(two, 'quickstart').length, 1);
    assert.equal(errorsOf(two, 'schema.filename').length, 1);
    assert.deepEqual(errorsOf(two, 'schema.string'), []);
    const one = connector.validate({ 'kafka.topic': 't', quickstart: 'users' });
    assert.ok(
      one.every((v) => v.errors.length === 0),
      JSON.stringify(one.filter((v) => v.errors.length)),
    );
  });

  test('validation: a key field the schema lacks, an unknown quickstart, a bad schema, a missing topic', () => {
    const connector = new DatagenConnector();
    assert.deepEqual(
      errorsOf(
        connector.validate({ 'kafka.topic': 't', quickstart: 'users', 'schema.keyfield': 'nope' }),
        'schema.keyfield',
      ),
      ["The schema does not contain the field provided in 'schema.keyfield'"],
    );
    assert.match(
      errorsOf(connector.validate({ 'kafka.topic': 't', quickstart: 'bananas' }), 'quickstart')[0] ?? '',
      /^quickstart must be one out of clickstream,orders,pageviews,ratings,stock_trades,users$/,
    );
    assert.match(
      errorsOf(
        connector.validate({
          'kafka.topic': 't',
          'schema.string': '{"type":"record","name":"r","fields":[{"name":"a","type":"money"}]}',
        }),
        'schema.string',
      )[0] ?? '',
      /unknown type 'money'/,
    );
    assert.match(
      errorsOf(connector.validate({ quickstart: 'users' }), 'kafka.topic')[0] ?? '',
      /Missing required configuration "kafka.topic"/,
    );
  });

  test('schema.filename names only the quickstart directory: files by either name, nothing outside', () => {
    for (const name of ['users.json', 'quickstarts/users.json', 'src/quickstarts/users.json', 'users_schema.avro']) {
      assert.equal(
        parseDatagenConfig({ 'kafka.topic': 't', 'schema.filename': name }).schema.valueSchema.name,
        'ksql.users',
        name,
      );
    }
    for (const name of [
      '/etc/passwd',
      '../package.json',
      'quickstarts/../../package.json',
      '/tmp/users.json',
      'other/users.json',
    ]) {
      assert.throws(
        () => parseDatagenConfig({ 'kafka.topic': 't', 'schema.filename': name }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.includes(`Invalid value ${name} for configuration schema.filename`) &&
          error.message.includes('schema.string'),
        name,
      );
    }
  });

  test('taskConfigs: tasks.max tasks, each with its own task.id', () => {
    const connector = new DatagenConnector();
    connector.start({ 'kafka.topic': 't', quickstart: 'users' });
    assert.deepEqual(
      connector.taskConfigs(3).map((c) => [c['task.id'], c['quickstart']]),
      [
        ['0', 'users'],
        ['1', 'users'],
        ['2', 'users'],
      ],
    );
  });

  test('start refuses a bad config with the cause in the message', () => {
    assert.throws(
      () => new DatagenConnector().start({ 'kafka.topic': 't' }),
      /Datagen connector could not start because of an error in the configuration: Must set exactly one of/,
    );
  });

  test('alterOffsets accepts counts and tombstones, refuses other partitions and negative counts', () => {
    const connector = new DatagenConnector();
    assert.equal(
      connector.alterOffsets(
        {},
        new Map([
          [{ 'task.id': 0 }, { 'current.iteration': 10 }],
          [{ 'task.id': 1 }, null],
        ]),
      ),
      true,
    );
    assert.throws(
      () => connector.alterOffsets({}, new Map([[{ filename: 'x' }, { 'current.iteration': 1 }]])),
      (e: unknown) => e instanceof ConnectError && /'task\.id'/.test(e.message),
    );
    assert.throws(
      () => connector.alterOffsets({}, new Map([[{ 'task.id': 0 }, { 'current.iteration': -1 }]])),
      /non-negative integer/,
    );
  });
});

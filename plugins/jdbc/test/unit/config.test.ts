import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from 'lambda-connect/api';
import plugin from '../../src/index.js';
import { JdbcSinkConfig, JdbcSinkConnector } from '../../src/sink/index.js';

const URL = 'jdbc:postgresql://localhost:5432/db';

describe('JdbcSinkConnector config', () => {
  test('the plugin lists the sink under Confluent’s class name', () => {
    assert.equal(plugin.name, '@lambda-connect/jdbc');
    assert.deepEqual(
      plugin.sinkConnectors?.map((c) => c.className),
      ['io.confluent.connect.jdbc.JdbcSinkConnector'],
    );
  });

  test('Confluent’s defaults', () => {
    const config = new JdbcSinkConfig({ 'connection.url': URL });
    assert.equal(config.insertMode, 'insert');
    assert.equal(config.pkMode, 'none');
    assert.equal(config.batchSize, 3000);
    assert.equal(config.tableNameFormat, '${topic}');
    assert.equal(config.dbTimezone, 'UTC');
    assert.equal(config.maxRetries, 10);
    assert.equal(config.retryBackoffMs, 3000);
    assert.equal(config.autoCreate, false);
    assert.equal(config.autoEvolve, false);
    assert.equal(config.deleteEnabled, false);
    assert.equal(config.tableFor('a.b'), 'a.b');
  });

  test('connection.user and connection.password win over the URL’s', () => {
    const config = new JdbcSinkConfig({ 'connection.url': `${URL}?user=u1&password=p1`, 'connection.user': 'u2' });
    assert.equal(config.connection.user, 'u2');
    assert.equal(config.connection.password, 'p1');
  });

  test('validate reports each bad key, and delete.enabled without pk.mode=record_key', () => {
    const results = new JdbcSinkConnector().validate({
      'connection.url': 'jdbc:oracle:thin:@h:1521:x',
      'insert.mode': 'merge',
      'db.timezone': 'Mars/Olympus',
      'delete.enabled': 'true',
      'pk.mode': 'record_value',
    });
    const errors = Object.fromEntries(
      results.filter((r) => r.errors.length > 0).map((r) => [r.name, r.errors.join(' ')]),
    );
    assert.match(errors['connection.url'] ?? '', /only PostgreSQL is supported/);
    assert.match(errors['insert.mode'] ?? '', /String must be one of \(case insensitive\): insert, upsert, update/);
    assert.match(errors['db.timezone'] ?? '', /not a valid IANA time zone/);
    assert.match(
      errors['delete.enabled'] ?? '',
      /Primary key mode must be 'record_key' when delete support is enabled/,
    );
    assert.throws(
      () => new JdbcSinkConnector().start({ 'connection.url': URL, 'delete.enabled': 'true' }),
      ConfigError,
    );
  });

  test('each task gets the connector’s config', () => {
    const connector = new JdbcSinkConnector();
    connector.start({ 'connection.url': URL, topics: 't' });
    assert.deepEqual(connector.taskConfigs(2), [
      { 'connection.url': URL, topics: 't' },
      { 'connection.url': URL, topics: 't' },
    ]);
  });
});

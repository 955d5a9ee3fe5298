import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from 'lambda-connect/api';
import { parsePostgresUrl, redactUrl } from '../../src/common/connection-url.js';

describe('parsePostgresUrl', () => {
  test('reads host, port, database and the driver properties node-postgres can honour', () => {
    const url = parsePostgresUrl(
      'jdbc:postgresql://db.example.com:6543/sales?user=app&password=p%40ss&sslmode=verify-full&connectTimeout=5&ApplicationName=x&currentSchema=crm',
    );
    assert.deepEqual(url, {
      host: 'db.example.com',
      port: 6543,
      database: 'sales',
      user: 'app',
      password: 'p@ss',
      sslMode: 'verify-full',
      connectTimeoutSeconds: 5,
      applicationName: 'x',
      currentSchema: 'crm',
    });
  });

  test('defaults the port to 5432 and leaves the database to the driver when absent; IPv6 hosts lose their brackets', () => {
    assert.equal(parsePostgresUrl('jdbc:postgresql://h/d').port, 5432);
    assert.equal(parsePostgresUrl('jdbc:postgresql://h').database, undefined);
    assert.equal(parsePostgresUrl('jdbc:postgresql://[::1]:5433/d').host, '::1');
  });

  test('ssl=true means verify-full, as the JDBC driver reads it', () => {
    assert.equal(parsePostgresUrl('jdbc:postgresql://h/d?ssl=true').sslMode, 'verify-full');
    assert.equal(parsePostgresUrl('jdbc:postgresql://h/d?ssl=false').sslMode, 'disable');
  });

  test('refuses other databases, failover host lists and unknown properties with a message that says what to change', () => {
    const refused = (text: string, pattern: RegExp) =>
      assert.throws(
        () => parsePostgresUrl(text),
        (error: Error) => error instanceof ConfigError && pattern.test(error.message),
      );
    refused(
      'jdbc:mysql://h/d',
      /Invalid value jdbc:mysql:\/\/h\/d for configuration connection\.url: only PostgreSQL is supported/,
    );
    refused('jdbc:postgresql:d', /expected jdbc:postgresql:\/\/host\[:port\]\/database/);
    refused('jdbc:postgresql://a:5432,b:5432/d', /several hosts \(failover\) are not supported/);
    refused('jdbc:postgresql://h/d?loginTimeout=3', /the driver property 'loginTimeout' is not supported/);
    refused('jdbc:postgresql://h/d?sslmode=sometimes', /sslmode must be one of/);
  });

  test('never repeats a password from the URL in an error', () => {
    assert.throws(
      () => parsePostgresUrl('jdbc:postgresql://h/d?password=s3cret&bogus=1'),
      (error: Error) => !error.message.includes('s3cret') && error.message.includes('[hidden]'),
    );
    assert.equal(
      redactUrl('jdbc:postgresql://h/d?user=a&password=x&ssl=true'),
      'jdbc:postgresql://h/d?user=a&password=[hidden]&ssl=true',
    );
  });
});

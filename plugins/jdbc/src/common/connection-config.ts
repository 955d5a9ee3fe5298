/**
 * The connection keys the JDBC source and sink share, named and defaulted as Confluent's
 * `JdbcSourceConnectorConfig` / `JdbcSinkConfig` (group "Connection"). `connection.password` should be a
 * reference such as `${secretsmanager:<arn>:password}`: the worker resolves it in the task at run time.
 */
import { ConfigDef, ConfigType, Importance, Validators, Width } from 'lambda-connect/api';
import { parsePostgresUrl, type PostgresUrl } from './connection-url.js';
import type { ConnectionSettings } from './pool-registry.js';

export const CONNECTION_URL_CONFIG = 'connection.url';
export const CONNECTION_USER_CONFIG = 'connection.user';
export const CONNECTION_PASSWORD_CONFIG = 'connection.password';
export const CONNECTION_ATTEMPTS_CONFIG = 'connection.attempts';
export const CONNECTION_BACKOFF_CONFIG = 'connection.backoff.ms';
export const DIALECT_NAME_CONFIG = 'dialect.name';

const GROUP = 'Connection';
const POSTGRES_DIALECT = 'PostgreSqlDatabaseDialect';

/** Adds the connection keys to `def`. */
export function defineConnectionConfig(def: ConfigDef): ConfigDef {
  return def
    .define({
      name: CONNECTION_URL_CONFIG,
      type: ConfigType.STRING,
      importance: Importance.HIGH,
      validator: (name, value) => {
        if (typeof value === 'string') parsePostgresUrl(value, name);
      },
      documentation: 'JDBC connection URL, e.g. jdbc:postgresql://host:5432/database. Only PostgreSQL is supported.',
      group: GROUP,
      orderInGroup: 1,
      width: Width.LONG,
      displayName: 'JDBC URL',
    })
    .define({
      name: CONNECTION_USER_CONFIG,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.HIGH,
      documentation: 'JDBC connection user.',
      group: GROUP,
      orderInGroup: 2,
      width: Width.MEDIUM,
      displayName: 'JDBC User',
    })
    .define({
      name: CONNECTION_PASSWORD_CONFIG,
      type: ConfigType.PASSWORD,
      defaultValue: null,
      importance: Importance.HIGH,
      documentation: 'JDBC connection password. Give it by reference, e.g. ${secretsmanager:<secret-arn>:password}.',
      group: GROUP,
      orderInGroup: 3,
      width: Width.MEDIUM,
      displayName: 'JDBC Password',
    })
    .define({
      name: CONNECTION_ATTEMPTS_CONFIG,
      type: ConfigType.INT,
      defaultValue: 3,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      documentation: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.',
      group: GROUP,
      orderInGroup: 4,
      width: Width.SHORT,
      displayName: 'JDBC connection attempts',
    })
    .define({
      name: CONNECTION_BACKOFF_CONFIG,
      type: ConfigType.LONG,
      defaultValue: 10_000,
      importance: Importance.LOW,
      documentation: 'Backoff time in milliseconds between connection attempts.',
      group: GROUP,
      orderInGroup: 5,
      width: Width.SHORT,
      displayName: 'JDBC connection backoff in milliseconds',
    })
    .define({
      name: DIALECT_NAME_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '',
      validator: Validators.in(['', POSTGRES_DIALECT]),
      importance: Importance.LOW,
      documentation: `The database dialect; empty (derived from the URL) or ${POSTGRES_DIALECT}, the only one supported.`,
      group: GROUP,
      orderInGroup: 6,
      width: Width.LONG,
      displayName: 'Database Dialect',
    });
}

/** The login from parsed connection keys; `connection.user` / `connection.password` win over the URL's. */
export function connectionSettings(parsed: ReadonlyMap<string, unknown>): ConnectionSettings {
  const url: PostgresUrl = parsePostgresUrl(parsed.get(CONNECTION_URL_CONFIG) as string);
  const user = (parsed.get(CONNECTION_USER_CONFIG) as string | null) ?? url.user;
  const password = (parsed.get(CONNECTION_PASSWORD_CONFIG) as string | null) ?? url.password;
  return { url, user, password };
}

/**
 * The keys of `io.confluent.connect.jdbc.JdbcSourceConnector`, with Confluent's names, types and defaults
 * (docs: plugins/jdbc/README.md, "JDBC source"). Typed settings are read from it in jdbc-source-config.ts.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators, type Validator } from 'lambda-connect/api';
import { defineConnectionConfig } from '../common/index.js';

export const SourceKeys = {
  CONNECTION_URL: 'connection.url',
  CONNECTION_USER: 'connection.user',
  CONNECTION_PASSWORD: 'connection.password',
  CONNECTION_ATTEMPTS: 'connection.attempts',
  CONNECTION_BACKOFF: 'connection.backoff.ms',
  TABLE_WHITELIST: 'table.whitelist',
  TABLE_BLACKLIST: 'table.blacklist',
  TABLE_INCLUDE_LIST: 'table.include.list',
  TABLE_EXCLUDE_LIST: 'table.exclude.list',
  SCHEMA_PATTERN: 'schema.pattern',
  CATALOG_PATTERN: 'catalog.pattern',
  TABLE_TYPES: 'table.types',
  NUMERIC_PRECISION_MAPPING: 'numeric.precision.mapping',
  NUMERIC_MAPPING: 'numeric.mapping',
  DIALECT_NAME: 'dialect.name',
  MODE: 'mode',
  INCREMENTING_COLUMN: 'incrementing.column.name',
  TIMESTAMP_COLUMNS: 'timestamp.column.name',
  TIMESTAMP_INITIAL: 'timestamp.initial',
  VALIDATE_NON_NULL: 'validate.non.null',
  QUERY: 'query',
  QUERY_SUFFIX: 'query.suffix',
  QUOTE_SQL_IDENTIFIERS: 'quote.sql.identifiers',
  POLL_INTERVAL_MS: 'poll.interval.ms',
  BATCH_MAX_ROWS: 'batch.max.rows',
  TABLE_POLL_INTERVAL_MS: 'table.poll.interval.ms',
  TOPIC_PREFIX: 'topic.prefix',
  TIMESTAMP_DELAY_INTERVAL_MS: 'timestamp.delay.interval.ms',
  DB_TIMEZONE: 'db.timezone',
  /** Task-only keys the connector adds (Confluent's `JdbcSourceTaskConfig`). */
  TABLES: 'tables',
  TABLES_FETCHED: 'tables.fetched',
} as const;

export const Mode = {
  BULK: 'bulk',
  TIMESTAMP: 'timestamp',
  INCREMENTING: 'incrementing',
  TIMESTAMP_INCREMENTING: 'timestamp+incrementing',
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export const NumericMapping = {
  NONE: 'none',
  PRECISION_ONLY: 'precision_only',
  BEST_FIT: 'best_fit',
  BEST_FIT_EAGER_DOUBLE: 'best_fit_eager_double',
} as const;
export type NumericMapping = (typeof NumericMapping)[keyof typeof NumericMapping];

const DATABASE = 'Database';
const MODE_GROUP = 'Mode';
const CONNECTOR = 'Connector';

/** A valid IANA time zone (or UTC offset) that Intl accepts, as Java's `ZoneId.of` would. */
const timeZone: Validator = (name, value) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
  } catch {
    throw ConfigError.invalidValue(name, value, 'Invalid time zone identifier');
  }
};

export function jdbcSourceConfigDef(): ConfigDef {
  const def = new ConfigDef();
  defineDatabase(def);
  defineMode(def);
  defineConnector(def);
  return def;
}

function defineDatabase(def: ConfigDef): void {
  const list = (name: string, doc: string, order: number): void => {
    def.define({
      name,
      type: ConfigType.LIST,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: doc,
      group: DATABASE,
      orderInGroup: order,
    });
  };
  defineConnectionConfig(def);
  list(
    SourceKeys.TABLE_WHITELIST,
    'Tables to copy; if set, table.blacklist may not be set. Deprecated name of table.include.list.',
    6,
  );
  list(
    SourceKeys.TABLE_BLACKLIST,
    'Tables not to copy; if set, table.whitelist may not be set. Deprecated name of table.exclude.list.',
    7,
  );
  list(SourceKeys.TABLE_INCLUDE_LIST, 'Tables to copy; if set, table.exclude.list may not be set.', 8);
  list(SourceKeys.TABLE_EXCLUDE_LIST, 'Tables not to copy; if set, table.include.list may not be set.', 9);
  def
    .define({
      name: SourceKeys.CATALOG_PATTERN,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.MEDIUM,
      documentation: 'Catalog (database) name pattern to fetch tables from; only the connection database can be read.',
      group: DATABASE,
      orderInGroup: 10,
    })
    .define({
      name: SourceKeys.SCHEMA_PATTERN,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.MEDIUM,
      documentation:
        'Schema name pattern (SQL LIKE) to fetch tables from; null means every schema but the system ones.',
      group: DATABASE,
      orderInGroup: 11,
    })
    .define({
      name: SourceKeys.NUMERIC_PRECISION_MAPPING,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Deprecated: numeric.mapping=precision_only.',
      group: DATABASE,
      orderInGroup: 12,
    })
    .define({
      name: SourceKeys.NUMERIC_MAPPING,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: Validators.in(Object.values(NumericMapping)),
      importance: Importance.LOW,
      documentation:
        'How NUMERIC columns map: none (Decimal), precision_only (integers by precision), best_fit (integers or FLOAT64), best_fit_eager_double.',
      group: DATABASE,
      orderInGroup: 13,
    });
}

function defineMode(def: ConfigDef): void {
  def
    .define({
      name: SourceKeys.MODE,
      type: ConfigType.STRING,
      defaultValue: '',
      validator: Validators.in(['', ...Object.values(Mode)]),
      importance: Importance.HIGH,
      documentation: 'bulk, incrementing, timestamp or timestamp+incrementing.',
      group: MODE_GROUP,
      orderInGroup: 1,
    })
    .define({
      name: SourceKeys.INCREMENTING_COLUMN,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'A strictly incrementing column; empty finds the serial/identity column.',
      group: MODE_GROUP,
      orderInGroup: 2,
    })
    .define({
      name: SourceKeys.TIMESTAMP_COLUMNS,
      type: ConfigType.LIST,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'Timestamp columns; several are COALESCEd in order.',
      group: MODE_GROUP,
      orderInGroup: 3,
    })
    .define({
      name: SourceKeys.TIMESTAMP_INITIAL,
      type: ConfigType.LONG,
      defaultValue: null,
      importance: Importance.LOW,
      documentation: 'Epoch ms to start timestamp queries from; -1 is now; unset reads everything.',
      group: MODE_GROUP,
      orderInGroup: 4,
    })
    .define({
      name: SourceKeys.VALIDATE_NON_NULL,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation: 'Fail when the incrementing or timestamp columns are nullable.',
      group: MODE_GROUP,
      orderInGroup: 5,
    })
    .define({
      name: SourceKeys.QUERY,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'A custom query instead of whole tables; it is wrapped so it may have its own WHERE.',
      group: MODE_GROUP,
      orderInGroup: 6,
    })
    .define({
      name: SourceKeys.QUOTE_SQL_IDENTIFIERS,
      type: ConfigType.STRING,
      defaultValue: 'always',
      validator: Validators.in(['always', 'never']),
      importance: Importance.MEDIUM,
      documentation: 'Whether to quote table and column names.',
      group: MODE_GROUP,
      orderInGroup: 7,
    })
    .define({
      name: SourceKeys.QUERY_SUFFIX,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.LOW,
      documentation: 'Appended to the generated query (e.g. FOR UPDATE is refused; use LIMIT-free clauses).',
      group: MODE_GROUP,
      orderInGroup: 8,
    });
}

function defineConnector(def: ConfigDef): void {
  def
    .define({
      name: SourceKeys.TABLE_TYPES,
      type: ConfigType.LIST,
      defaultValue: 'TABLE',
      validator: tableTypes,
      importance: Importance.LOW,
      documentation: 'TABLE, VIEW, MATERIALIZED VIEW, FOREIGN TABLE, PARTITIONED TABLE.',
      group: CONNECTOR,
      orderInGroup: 1,
    })
    .define({
      name: SourceKeys.POLL_INTERVAL_MS,
      type: ConfigType.INT,
      defaultValue: 5000,
      validator: Validators.atLeast(0),
      importance: Importance.HIGH,
      documentation: 'How often a caught-up table is queried again (at most once per slice; see README).',
      group: CONNECTOR,
      orderInGroup: 2,
    })
    .define({
      name: SourceKeys.BATCH_MAX_ROWS,
      type: ConfigType.INT,
      defaultValue: 100,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      documentation: 'Rows per query (per poll).',
      group: CONNECTOR,
      orderInGroup: 3,
    })
    .define({
      name: SourceKeys.TABLE_POLL_INTERVAL_MS,
      type: ConfigType.LONG,
      defaultValue: 60000,
      importance: Importance.LOW,
      documentation: 'Accepted: tables are listed on every scheduler tick (every minute on AWS).',
      group: CONNECTOR,
      orderInGroup: 4,
    })
    .define({
      name: SourceKeys.TOPIC_PREFIX,
      type: ConfigType.STRING,
      importance: Importance.HIGH,
      documentation: 'Prefix of the table name to make the topic name; the whole topic name in query mode.',
      group: CONNECTOR,
      orderInGroup: 5,
    })
    .define({
      name: SourceKeys.TIMESTAMP_DELAY_INTERVAL_MS,
      type: ConfigType.LONG,
      defaultValue: 0,
      validator: Validators.atLeast(0),
      importance: Importance.HIGH,
      documentation:
        'How long after a row appears with a timestamp before it is read, so transactions with earlier timestamps can finish.',
      group: CONNECTOR,
      orderInGroup: 6,
    })
    .define({
      name: SourceKeys.DB_TIMEZONE,
      type: ConfigType.STRING,
      defaultValue: 'UTC',
      validator: timeZone,
      importance: Importance.MEDIUM,
      documentation: 'Time zone of timestamp columns without time zone.',
      group: CONNECTOR,
      orderInGroup: 7,
    });
}

export const TABLE_TYPES = ['TABLE', 'VIEW', 'MATERIALIZED VIEW', 'FOREIGN TABLE', 'PARTITIONED TABLE'] as const;

function tableTypes(name: string, value: unknown): void {
  for (const type of Array.isArray(value) ? value : []) {
    if (!TABLE_TYPES.includes(String(type).toUpperCase() as (typeof TABLE_TYPES)[number])) {
      throw ConfigError.invalidValue(
        name,
        (value as string[]).join(','),
        `Table type must be one of: ${TABLE_TYPES.join(', ')}`,
      );
    }
  }
}

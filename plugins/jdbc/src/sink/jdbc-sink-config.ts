/**
 * `JdbcSinkConfig`: the sink's ConfigDef (Confluent's names, defaults and groups) and the typed view a
 * task reads, parsed once. Keys of Confluent's that only matter to other databases are accepted where they
 * are harmless and documented in the README.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators, Width } from 'lambda-connect/api';
import { connectionSettings, defineConnectionConfig } from '../common/connection-config.js';
import type { ConnectionSettings } from '../common/pool-registry.js';

export const InsertMode = { INSERT: 'insert', UPSERT: 'upsert', UPDATE: 'update' } as const;
export type InsertMode = (typeof InsertMode)[keyof typeof InsertMode];

export const PrimaryKeyMode = {
  NONE: 'none',
  KAFKA: 'kafka',
  RECORD_KEY: 'record_key',
  RECORD_VALUE: 'record_value',
} as const;
export type PrimaryKeyMode = (typeof PrimaryKeyMode)[keyof typeof PrimaryKeyMode];

/** The columns `pk.mode=kafka` writes by default: the record's coordinates. */
export const DEFAULT_KAFKA_PK_NAMES = ['__connect_topic', '__connect_partition', '__connect_offset'] as const;

const WRITES = 'Writes';
const DATA_MAPPING = 'Data Mapping';
const DDL = 'DDL Support';
const RETRIES = 'Retries';

interface KeyText {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue: unknown;
  readonly documentation: string;
  readonly group: string;
  readonly importance?: Importance;
  readonly validator?: (name: string, value: unknown) => void;
}

const SINK_KEYS: readonly KeyText[] = [
  {
    name: 'insert.mode',
    type: ConfigType.STRING,
    defaultValue: InsertMode.INSERT,
    group: WRITES,
    importance: Importance.HIGH,
    validator: Validators.in(Object.values(InsertMode), true),
    documentation:
      'The insertion mode: insert (standard INSERT), upsert (INSERT ... ON CONFLICT DO UPDATE on the primary key) or update (UPDATE by primary key).',
  },
  {
    name: 'batch.size',
    type: ConfigType.INT,
    defaultValue: 3000,
    group: WRITES,
    validator: Validators.atLeast(0),
    documentation: 'How many records to write in one statement, when possible.',
  },
  {
    name: 'delete.enabled',
    type: ConfigType.BOOLEAN,
    defaultValue: false,
    group: WRITES,
    documentation: 'Whether to treat null record values as deletes. Requires pk.mode to be record_key.',
  },
  {
    name: 'table.name.format',
    type: ConfigType.STRING,
    defaultValue: '${topic}',
    group: DATA_MAPPING,
    importance: Importance.MEDIUM,
    documentation:
      'A format string for the destination table name, which may contain ${topic} for the originating topic name.',
  },
  {
    name: 'pk.mode',
    type: ConfigType.STRING,
    defaultValue: PrimaryKeyMode.NONE,
    group: DATA_MAPPING,
    importance: Importance.HIGH,
    validator: Validators.in(Object.values(PrimaryKeyMode), true),
    documentation:
      'The primary key mode: none, kafka (topic, partition, offset), record_key (fields of the key) or record_value (fields of the value).',
  },
  {
    name: 'pk.fields',
    type: ConfigType.LIST,
    defaultValue: '',
    group: DATA_MAPPING,
    documentation: 'Primary key field names; their meaning depends on pk.mode (see the README).',
  },
  {
    name: 'fields.whitelist',
    type: ConfigType.LIST,
    defaultValue: '',
    group: DATA_MAPPING,
    documentation: 'Value field names to write; empty means all. Primary key fields are written whatever this says.',
  },
  {
    name: 'db.timezone',
    type: ConfigType.STRING,
    defaultValue: 'UTC',
    group: DATA_MAPPING,
    validator: timezone,
    documentation:
      'The IANA time zone in which Connect Timestamps are written to TIMESTAMP (without time zone) columns.',
  },
  {
    name: 'auto.create',
    type: ConfigType.BOOLEAN,
    defaultValue: false,
    group: DDL,
    documentation: 'Whether to create the destination table (CREATE TABLE) from the record schema when it is missing.',
  },
  {
    name: 'auto.evolve',
    type: ConfigType.BOOLEAN,
    defaultValue: false,
    group: DDL,
    documentation:
      'Whether to add columns (ALTER TABLE ... ADD) for record fields the table lacks. Added fields must be optional or have a default.',
  },
  {
    name: 'quote.sql.identifiers',
    type: ConfigType.STRING,
    defaultValue: 'always',
    group: DDL,
    validator: Validators.in(['always']),
    documentation: 'When to quote table and column names: always (the only mode supported).',
  },
  {
    name: 'max.retries',
    type: ConfigType.INT,
    defaultValue: 10,
    group: RETRIES,
    validator: Validators.atLeast(0),
    documentation: 'How many times to retry a batch after the database was unavailable before the task fails.',
  },
  {
    name: 'retry.backoff.ms',
    type: ConfigType.INT,
    defaultValue: 3000,
    group: RETRIES,
    validator: Validators.atLeast(0),
    documentation: 'How long to wait before delivering a batch again after the database was unavailable.',
  },
];

function timezone(name: string, value: unknown): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
  } catch {
    throw ConfigError.invalidValue(name, value, 'not a valid IANA time zone');
  }
}

/** The sink's ConfigDef: the connection keys, then the writing keys. */
export function jdbcSinkConfigDef(): ConfigDef {
  const def = defineConnectionConfig(new ConfigDef());
  const order = new Map<string, number>();
  for (const key of SINK_KEYS) {
    const orderInGroup = (order.get(key.group) ?? 0) + 1;
    order.set(key.group, orderInGroup);
    def.define({
      name: key.name,
      type: key.type,
      defaultValue: key.defaultValue,
      importance: key.importance ?? Importance.LOW,
      documentation: key.documentation,
      group: key.group,
      orderInGroup,
      width: Width.MEDIUM,
      displayName: key.name,
      ...(key.validator === undefined ? {} : { validator: key.validator }),
    });
  }
  return def;
}

/** The parsed sink settings; the constructor throws `ConfigError` on values that contradict each other. */
export class JdbcSinkConfig {
  readonly connection: ConnectionSettings;
  readonly insertMode: InsertMode;
  readonly batchSize: number;
  readonly deleteEnabled: boolean;
  readonly tableNameFormat: string;
  readonly pkMode: PrimaryKeyMode;
  readonly pkFields: readonly string[];
  readonly fieldsWhitelist: ReadonlySet<string>;
  readonly dbTimezone: string;
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;

  constructor(props: Readonly<Record<string, string>>) {
    const parsed = jdbcSinkConfigDef().parse(props);
    this.connection = connectionSettings(parsed);
    this.insertMode = String(parsed.get('insert.mode')).toLowerCase() as InsertMode;
    this.batchSize = Math.max(1, parsed.get('batch.size') as number);
    this.deleteEnabled = parsed.get('delete.enabled') as boolean;
    this.tableNameFormat = parsed.get('table.name.format') as string;
    this.pkMode = String(parsed.get('pk.mode')).toLowerCase() as PrimaryKeyMode;
    this.pkFields = parsed.get('pk.fields') as string[];
    this.fieldsWhitelist = new Set(parsed.get('fields.whitelist') as string[]);
    this.dbTimezone = parsed.get('db.timezone') as string;
    this.autoCreate = parsed.get('auto.create') as boolean;
    this.autoEvolve = parsed.get('auto.evolve') as boolean;
    this.maxRetries = parsed.get('max.retries') as number;
    this.retryBackoffMs = parsed.get('retry.backoff.ms') as number;
    if (this.deleteEnabled && this.pkMode !== PrimaryKeyMode.RECORD_KEY) {
      throw new ConfigError("Primary key mode must be 'record_key' when delete support is enabled");
    }
  }

  /** The destination table for a topic: `table.name.format` with `${topic}` replaced. */
  tableFor(topic: string): string {
    return this.tableNameFormat.replaceAll('${topic}', topic);
  }
}

/**
 * `JdbcSourceConnectorConfig` as typed settings: parsed once from the ConfigDef, with the cross-key rules
 * Confluent checks (a mode, exclusive include/exclude lists, the columns a mode needs).
 */
import { ConfigError, type ConfigValue } from 'lambda-connect/api';
import { connectionSettings, type ConnectionSettings } from '../common/index.js';
import { Mode, NumericMapping, SourceKeys, jdbcSourceConfigDef } from './jdbc-source-config-def.js';

export interface JdbcSourceSettings {
  readonly connection: ConnectionSettings;
  readonly mode: Mode;
  readonly incrementingColumn: string;
  readonly timestampColumns: readonly string[];
  readonly timestampInitialMs: number | null;
  readonly validateNonNull: boolean;
  readonly query: string;
  readonly querySuffix: string;
  readonly quoteIdentifiers: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly schemaPattern: string | null;
  readonly tableTypes: readonly string[];
  readonly numericMapping: NumericMapping;
  readonly pollIntervalMs: number;
  readonly batchMaxRows: number;
  readonly topicPrefix: string;
  readonly timestampDelayMs: number;
  readonly dbTimeZone: string;
}

/** Parses and checks a connector or task config; throws `ConfigError` with Confluent's wording. */
export function parseJdbcSourceSettings(props: Readonly<Record<string, string>>): JdbcSourceSettings {
  const v = jdbcSourceConfigDef().parse(props);
  const str = (key: string): string => (v.get(key) as string | null) ?? '';
  const list = (key: string): string[] => ((v.get(key) as string[] | null) ?? []).filter((s) => s !== '');
  const problem = crossKeyProblems(props)[0];
  if (problem !== undefined) throw new ConfigError(problem.message);
  const precisionOnly = v.get(SourceKeys.NUMERIC_PRECISION_MAPPING) === true;
  const mapping =
    (v.get(SourceKeys.NUMERIC_MAPPING) as NumericMapping | null) ??
    (precisionOnly ? NumericMapping.PRECISION_ONLY : NumericMapping.NONE);
  return {
    connection: connectionSettings(v),
    mode: str(SourceKeys.MODE) as Mode,
    incrementingColumn: str(SourceKeys.INCREMENTING_COLUMN),
    timestampColumns: list(SourceKeys.TIMESTAMP_COLUMNS),
    timestampInitialMs: v.get(SourceKeys.TIMESTAMP_INITIAL) as number | null,
    validateNonNull: v.get(SourceKeys.VALIDATE_NON_NULL) as boolean,
    query: str(SourceKeys.QUERY),
    querySuffix: str(SourceKeys.QUERY_SUFFIX),
    quoteIdentifiers: str(SourceKeys.QUOTE_SQL_IDENTIFIERS) !== 'never',
    include: [...list(SourceKeys.TABLE_WHITELIST), ...list(SourceKeys.TABLE_INCLUDE_LIST)],
    exclude: [...list(SourceKeys.TABLE_BLACKLIST), ...list(SourceKeys.TABLE_EXCLUDE_LIST)],
    schemaPattern: v.get(SourceKeys.SCHEMA_PATTERN) as string | null,
    tableTypes: list(SourceKeys.TABLE_TYPES).map((t) => t.toUpperCase()),
    numericMapping: mapping,
    pollIntervalMs: v.get(SourceKeys.POLL_INTERVAL_MS) as number,
    batchMaxRows: v.get(SourceKeys.BATCH_MAX_ROWS) as number,
    topicPrefix: str(SourceKeys.TOPIC_PREFIX),
    timestampDelayMs: v.get(SourceKeys.TIMESTAMP_DELAY_INTERVAL_MS) as number,
    dbTimeZone: str(SourceKeys.DB_TIMEZONE),
  };
}

/** The rules between keys, as per-key messages: shared by `parse` (first one thrown) and `validate`. */
export function crossKeyProblems(props: Readonly<Record<string, string>>): Array<{ key: string; message: string }> {
  const set = (key: string): boolean => (props[key] ?? '').trim() !== '';
  const problems: Array<{ key: string; message: string }> = [];
  const exclusive = (a: string, b: string): void => {
    if (set(a) && set(b)) problems.push({ key: a, message: `${a} and ${b} are exclusive.` });
  };
  exclusive(SourceKeys.TABLE_WHITELIST, SourceKeys.TABLE_BLACKLIST);
  exclusive(SourceKeys.TABLE_INCLUDE_LIST, SourceKeys.TABLE_EXCLUDE_LIST);
  exclusive(SourceKeys.TABLE_WHITELIST, SourceKeys.TABLE_EXCLUDE_LIST);
  exclusive(SourceKeys.TABLE_INCLUDE_LIST, SourceKeys.TABLE_BLACKLIST);
  exclusive(SourceKeys.TABLE_WHITELIST, SourceKeys.TABLE_INCLUDE_LIST);
  exclusive(SourceKeys.TABLE_BLACKLIST, SourceKeys.TABLE_EXCLUDE_LIST);
  const mode = (props[SourceKeys.MODE] ?? '').trim();
  if (mode === '') {
    problems.push({
      key: SourceKeys.MODE,
      message: `Invalid value  for configuration mode: String must be one of: ${Object.values(Mode).join(', ')}`,
    });
  }
  const needsTimestamp = mode === Mode.TIMESTAMP || mode === Mode.TIMESTAMP_INCREMENTING;
  if (needsTimestamp && !set(SourceKeys.TIMESTAMP_COLUMNS)) {
    problems.push({
      key: SourceKeys.TIMESTAMP_COLUMNS,
      message: `Missing required configuration "${SourceKeys.TIMESTAMP_COLUMNS}" for mode ${mode}.`,
    });
  }
  if (
    set(SourceKeys.QUERY) &&
    (set(SourceKeys.TABLE_WHITELIST) ||
      set(SourceKeys.TABLE_INCLUDE_LIST) ||
      set(SourceKeys.TABLE_BLACKLIST) ||
      set(SourceKeys.TABLE_EXCLUDE_LIST))
  ) {
    problems.push({
      key: SourceKeys.QUERY,
      message:
        'Do not specify table filtering parameters (table.whitelist/blacklist/include.list/exclude.list) with the query parameter.',
    });
  }
  if (
    set(SourceKeys.QUERY) &&
    (mode === Mode.INCREMENTING || mode === Mode.TIMESTAMP_INCREMENTING) &&
    !set(SourceKeys.INCREMENTING_COLUMN)
  ) {
    problems.push({
      key: SourceKeys.INCREMENTING_COLUMN,
      message: `Missing required configuration "${SourceKeys.INCREMENTING_COLUMN}": a query has no serial column to find.`,
    });
  }
  return problems;
}

/** ConfigDef validation plus the cross-key rules, each reported on its key. */
export function validateJdbcSourceConfig(props: Readonly<Record<string, string>>): ConfigValue[] {
  const results = jdbcSourceConfigDef().validate(props);
  for (const problem of crossKeyProblems(props)) {
    const result = results.find((r) => r.name === problem.key);
    if (result !== undefined && !result.errors.includes(problem.message)) result.errors.push(problem.message);
  }
  return results;
}

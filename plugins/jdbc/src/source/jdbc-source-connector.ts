/**
 * `io.confluent.connect.jdbc.JdbcSourceConnector` for PostgreSQL. The scheduler starts the connector and
 * asks it for task configs on every tick, so the table list is read then (Confluent's TableMonitorThread
 * reads it every `table.poll.interval.ms`): a new or dropped table changes the task configs within a
 * tick. Tables are split between at most `tasks.max` tasks in contiguous groups, as Confluent splits them;
 * a custom query always runs in one task.
 */
import {
  SourceConnector,
  type ConfigDef,
  type ConfigValue,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from 'lambda-connect/api';
import { listTables } from './catalog.js';
import { withConnection } from './connection.js';
import { groupContiguous } from './group-tables.js';
import { parseJdbcSourceSettings, validateJdbcSourceConfig, type JdbcSourceSettings } from './jdbc-source-config.js';
import { SourceKeys, jdbcSourceConfigDef } from './jdbc-source-config-def.js';
import { JdbcSourceTask } from './jdbc-source-task.js';
import { checkOffset, checkPartition } from './offsets.js';
import { quotedTableId, type TableId } from './table-id.js';
import { JDBC_PLUGIN_VERSION } from '../version.js';

export class JdbcSourceConnector extends SourceConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSourceConnector';

  private props: Record<string, string> = {};
  private settings: JdbcSourceSettings | undefined;

  version(): string {
    return JDBC_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.settings = parseJdbcSourceSettings(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return JdbcSourceTask;
  }

  async taskConfigs(maxTasks: number): Promise<Array<Record<string, string>>> {
    const settings = this.settings;
    if (settings === undefined) throw new Error('JdbcSourceConnector.taskConfigs called before start');
    if (settings.query !== '') return [{ ...this.props, [SourceKeys.TABLES]: '', [SourceKeys.TABLES_FETCHED]: 'true' }];
    const tables = await this.tables(settings);
    if (tables.length === 0) return [{ ...this.props, [SourceKeys.TABLES]: '', [SourceKeys.TABLES_FETCHED]: 'true' }];
    return groupContiguous(tables, Math.min(tables.length, maxTasks)).map((group) => ({
      ...this.props,
      [SourceKeys.TABLES]: group.map(quotedTableId).join(','),
      [SourceKeys.TABLES_FETCHED]: 'true',
    }));
  }

  stop(): void {}

  config(): ConfigDef {
    return jdbcSourceConfigDef();
  }

  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    return validateJdbcSourceConfig(props);
  }

  /** Offsets written through the REST API must be shaped as the task writes them. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean {
    for (const [partition, offset] of offsets) {
      checkPartition(partition);
      if (offset !== null && offset !== undefined) checkOffset(offset);
    }
    return true;
  }

  private tables(settings: JdbcSourceSettings): Promise<TableId[]> {
    return withConnection(settings.connection, 'Listing the tables to read', (client) => listTables(client, settings));
  }
}

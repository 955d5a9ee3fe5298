/**
 * `io.confluent.connect.jdbc.JdbcSinkConnector` (aliases `JdbcSinkConnector`, `JdbcSink`): writes records
 * to PostgreSQL tables. Every task gets the same config; the framework spreads the topic partitions.
 * Offsets live in Connect's consumer group only, so any alteration is fine.
 */
import { UniformSinkConnector, type ConfigDef, type ConfigValue, type TaskClass } from 'lambda-connect/api';
import { JDBC_PLUGIN_VERSION } from '../version.js';
import { JdbcSinkConfig, PrimaryKeyMode, jdbcSinkConfigDef } from './jdbc-sink-config.js';
import { JdbcSinkTask } from './jdbc-sink-task.js';

export class JdbcSinkConnector extends UniformSinkConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSinkConnector';

  version(): string {
    return JDBC_PLUGIN_VERSION;
  }

  taskClass(): TaskClass {
    return JdbcSinkTask;
  }

  config(): ConfigDef {
    return jdbcSinkConfigDef();
  }

  protected checkConfig(props: Readonly<Record<string, string>>): void {
    new JdbcSinkConfig(props);
  }

  /** Per-key checks, plus the one rule that spans keys: deletes need the record key as primary key. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = this.config().validate(props);
    const value = (name: string): unknown => results.find((result) => result.name === name)?.value;
    const deleteEnabled = results.find((result) => result.name === 'delete.enabled');
    if (
      deleteEnabled !== undefined &&
      value('delete.enabled') === true &&
      String(value('pk.mode')).toLowerCase() !== PrimaryKeyMode.RECORD_KEY
    ) {
      deleteEnabled.errors.push("Primary key mode must be 'record_key' when delete support is enabled");
    }
    return results;
  }
}

/**
 * `io.confluent.connect.jdbc.JdbcSinkConnector` (aliases `JdbcSinkConnector`, `JdbcSink`): writes records
 * to PostgreSQL tables. Every task gets the same config; the framework spreads the topic partitions.
 */
import {
  SinkConnector,
  type ConfigDef,
  type ConfigValue,
  type TaskClass,
  type TopicPartition,
} from 'lambda-connect/api';
import { JDBC_PLUGIN_VERSION } from '../version.js';
import { JdbcSinkConfig, PrimaryKeyMode, jdbcSinkConfigDef } from './jdbc-sink-config.js';
import { JdbcSinkTask } from './jdbc-sink-task.js';

export class JdbcSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSinkConnector';

  private props: Record<string, string> = {};

  version(): string {
    return JDBC_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    new JdbcSinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return JdbcSinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return jdbcSinkConfigDef();
  }

  /** Per-key checks, plus the one rule that spans keys: deletes need the record key as primary key. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = super.validate(props);
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

  /** Offsets live in Connect's consumer group only, so any alteration is fine. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
